package io.voicerouter.router;

import io.voicerouter.cache.SynthesisCache;
import io.voicerouter.router.internal.Sleeper;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.ProviderLoader;
import io.voicerouter.spi.TtsProvider;
import io.voicerouter.state.QuotaStore;
import io.voicerouter.state.RequestListener;
import io.voicerouter.stats.InMemoryStatsStore;
import io.voicerouter.stats.StatsStore;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;

/** Options for a {@link VoiceRouter}; get one from {@link VoiceRouter#builder()}. Not thread-safe; build once. */
public final class VoiceRouterBuilder {
    /**
     * Ten thousand characters: about 1,700 words, eleven minutes of speech, far more than a
     * personality says in one turn, yet small enough that no engine runs out of memory on it (1 MB
     * of text ran espeak out of heap) and a cloud request stays a few service calls.
     */
    public static final int DEFAULT_MAX_TEXT_LENGTH = 10_000;

    final List<TtsProvider> providers = new ArrayList<>();
    SynthesisCache cache = SynthesisCache.none();
    Clock clock = Clock.systemUTC();
    ExecutorService executor;
    int poolSize = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    StatsStore statsStore;
    final Map<String, Long> quotas = new HashMap<>();
    ResiliencePolicy policy = ResiliencePolicy.defaults();
    int localConcurrency = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    Double loudnessTarget;
    Duration initTimeout = Duration.ofMinutes(2);
    int maxTextLength = DEFAULT_MAX_TEXT_LENGTH;
    Duration statsFlushInterval = Duration.ofSeconds(30);
    Sleeper sleeper = Sleeper.REAL;
    QuotaStore quotaStore;
    final List<RequestListener> listeners = new ArrayList<>();
    RouterObserver observer = RouterObserver.NONE;

    VoiceRouterBuilder() {
    }

    /** Adds providers; ids must be unique. */
    public VoiceRouterBuilder providers(Collection<? extends TtsProvider> more) {
        more.forEach(p -> providers.add(Objects.requireNonNull(p, "provider")));
        return this;
    }

    /** Adds one provider from every factory on the class path ({@link ProviderLoader#createAll}). */
    public VoiceRouterBuilder discoverProviders(ProviderContext context) {
        return providers(ProviderLoader.createAll(context));
    }

    /** Where audio is cached; default {@link SynthesisCache#none()}. The caller closes it. */
    public VoiceRouterBuilder cache(SynthesisCache cache) {
        this.cache = Objects.requireNonNull(cache);
        return this;
    }

    /** The clock for cool-downs, quota months and {@code last_used}; default UTC system clock. */
    public VoiceRouterBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock);
        return this;
    }

    /**
     * Runs requests; default a fixed pool of daemon threads (twice the cores, at least 4) that the
     * router shuts down on close. A given executor is not shut down by the router.
     */
    public VoiceRouterBuilder executor(ExecutorService executor) {
        this.executor = Objects.requireNonNull(executor);
        return this;
    }

    /** Keeps stats across restarts; default in memory. */
    public VoiceRouterBuilder statsStore(StatsStore store) {
        this.statsStore = Objects.requireNonNull(store);
        return this;
    }

    /** How often stats are saved in the background; {@code Duration.ZERO} saves only on flush/close. */
    public VoiceRouterBuilder statsFlushInterval(Duration interval) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("interval must not be negative");
        }
        this.statsFlushInterval = interval;
        return this;
    }

    /** Overrides a quota bucket's monthly allowance, e.g. {@code quota("google_tts/standard", 100_000)}. */
    public VoiceRouterBuilder quota(String bucketName, long charactersPerMonth) {
        if (charactersPerMonth < 0) {
            throw new IllegalArgumentException("quota must not be negative");
        }
        quotas.put(Objects.requireNonNull(bucketName), charactersPerMonth);
        return this;
    }

    /**
     * Keeps quota counters in a store shared with other processes and machines (e.g. voice-store-jdbc),
     * which reserves characters atomically; default: this router's own stats, for this process only.
     */
    public VoiceRouterBuilder quotaStore(QuotaStore store) {
        this.quotaStore = Objects.requireNonNull(store);
        return this;
    }

    /**
     * Adds a listener told of every finished request (a stats store, a metrics binder); listeners
     * run in the order added, on the finishing thread.
     */
    public VoiceRouterBuilder listener(RequestListener listener) {
        listeners.add(Objects.requireNonNull(listener));
        return this;
    }

    /**
     * Hears every request and provider turn as it starts and ends (tracing spans, such as
     * {@code io.voicerouter.stats.micrometer.RouterObservations}); one observer per router.
     */
    public VoiceRouterBuilder observer(RouterObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
        return this;
    }

    public VoiceRouterBuilder resilience(ResiliencePolicy policy) {
        this.policy = Objects.requireNonNull(policy);
        return this;
    }

    /** How many syntheses each local engine runs at once; default half the cores, at least 1. */
    public VoiceRouterBuilder localConcurrency(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("localConcurrency must be at least 1");
        }
        this.localConcurrency = permits;
        return this;
    }

    /**
     * Scales every result to this RMS level (dBFS, e.g. -20) so a fallback does not jump in volume.
     * Off by default. Peaks are kept below -0.1 dBFS and the gain is at most +20 dB.
     */
    public VoiceRouterBuilder loudnessLevelling(double targetDbfs) {
        if (!(targetDbfs < 0 && targetDbfs > -60)) {
            throw new IllegalArgumentException("targetDbfs must be between -60 and 0, got " + targetDbfs);
        }
        this.loudnessTarget = targetDbfs;
        return this;
    }

    /** How long {@link VoiceRouter#initialize()} waits for slow providers; default 2 minutes. */
    public VoiceRouterBuilder initTimeout(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative");
        }
        this.initTimeout = timeout;
        return this;
    }

    /** Test hook: replaces the real wait between retries. */
    VoiceRouterBuilder sleeper(Sleeper sleeper) {
        this.sleeper = Objects.requireNonNull(sleeper);
        return this;
    }

    /**
     * The longest text, in characters (Unicode code points), a request may have; longer ones are
     * refused with {@link io.voicerouter.error.InvalidRequestException} before any provider runs.
     * Default {@value #DEFAULT_MAX_TEXT_LENGTH}.
     */
    public VoiceRouterBuilder maxTextLength(int characters) {
        if (characters <= 0) {
            throw new IllegalArgumentException("maxTextLength must be positive");
        }
        this.maxTextLength = characters;
        return this;
    }

    public VoiceRouter build() {
        if (statsStore == null) {
            statsStore = new InMemoryStatsStore();
        }
        return new VoiceRouter(this);
    }
}
