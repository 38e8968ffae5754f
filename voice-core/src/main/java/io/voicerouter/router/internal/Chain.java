package io.voicerouter.router.internal;

import io.voicerouter.router.RouterObserver;
import io.voicerouter.audio.AudioData;
import io.voicerouter.cache.SynthesisCache;
import io.voicerouter.router.InitOutcome;
import io.voicerouter.router.ResiliencePolicy;
import io.voicerouter.spi.DuplicateProviderException;
import io.voicerouter.spi.TtsProvider;
import io.voicerouter.state.QuotaStore;
import io.voicerouter.stats.ProviderStatsSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Everything a request walks over: the guarded providers in registration order, the cache, the
 * streams in flight, the stats. Owned by {@code VoiceRouter}; requests read it and never reach the
 * router itself. Thread-safe.
 */
public final class Chain {
    private static final Logger LOG = LoggerFactory.getLogger("io.voicerouter.router.VoiceRouter");

    /** How the chain guards its providers; {@code loudnessTarget} is empty when levelling is off. */
    public record Options(SynthesisCache cache, Clock clock, ResiliencePolicy policy, Map<String, Long> quotas,
                          Optional<QuotaStore> quotaStore, int localConcurrency, Optional<Double> loudnessTarget,
                          Duration initTimeout, Sleeper sleeper, RouterObserver observer) {
        public Options {
            quotas = Map.copyOf(quotas);
        }
    }

    private final Map<String, GuardedProvider> slots;
    private final List<String> order;
    private final ConcurrentHashMap<String, ProviderStats> stats = new ConcurrentHashMap<>();
    private final Options options;
    private final StreamHub streams = new StreamHub();
    private volatile boolean initializeCalled;

    /**
     * @param restored     the counters the stats store loaded
     * @param quotaUnknown why the saved quota counts could not be loaded (providers with a quota are
     *                     then skipped QUOTA_UNKNOWN), or empty
     * @throws DuplicateProviderException when two providers share an id
     */
    public Chain(List<TtsProvider> providers, Map<String, ProviderStatsSnapshot> restored,
                 Optional<String> quotaUnknown, Options options) {
        this.options = options;
        restored.forEach((id, snap) -> stats.put(id, ProviderStats.restore(snap)));
        QuotaLedger quota = new QuotaLedger(options.clock(), options.quotas(), stats::values, options.quotaStore(),
                quotaUnknown);
        Map<String, GuardedProvider> byId = new LinkedHashMap<>();
        for (TtsProvider p : providers) {
            GuardedProvider previous = byId.get(p.id());
            if (previous != null) {
                throw new DuplicateProviderException(p.id(), previous.provider().getClass().getName(),
                        p.getClass().getName());
            }
            byId.put(p.id(), new GuardedProvider(p, stats.computeIfAbsent(p.id(), ProviderStats::new), options, quota));
        }
        this.slots = Map.copyOf(byId);
        this.order = List.copyOf(byId.keySet());
    }

    /** Provider ids in registration order. */
    public List<String> providerIds() {
        return order;
    }

    public Optional<GuardedProvider> slot(String id) {
        return Optional.ofNullable(slots.get(id));
    }

    /**
     * Initializes every provider in parallel and waits until all are done or the init timeout
     * passes; later calls start nothing new. Returns each provider's outcome in registration order.
     */
    public Map<String, InitOutcome> initialize() {
        List<CompletableFuture<InitOutcome>> all = new ArrayList<>();
        for (String id : order) {
            all.add(slots.get(id).startInit());
        }
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                    .get(options.initTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            LOG.warn("Voice providers still initializing after {} s; they join when ready", options.initTimeout().toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e); // startInit futures never fail
        }
        Map<String, InitOutcome> out = new LinkedHashMap<>();
        for (String id : order) {
            out.put(id, slots.get(id).initOutcome());
        }
        if (!initializeCalled) {
            logUnavailable(out);
        }
        initializeCalled = true;
        return out;
    }

    /** One line for every provider that could not start, with why (a provider nobody set up logs nothing else). */
    private static void logUnavailable(Map<String, InitOutcome> outcomes) {
        List<String> failed = new ArrayList<>();
        outcomes.forEach((id, o) -> {
            if (o.state() == InitOutcome.State.FAILED) {
                String why = o.detail();
                String prefix = "ProviderException: " + id + ": ";
                failed.add(id + " (" + (why.startsWith(prefix) ? why.substring(prefix.length()) : why) + ")");
            }
        });
        if (!failed.isEmpty()) {
            LOG.info("Voice providers unavailable: {}", String.join("; ", failed));
        }
    }

    /** Runs {@link #initialize()} once if the host never did; called on a request's thread. */
    void ensureInitialized() {
        if (!initializeCalled) {
            synchronized (this) {
                if (!initializeCalled) {
                    initialize();
                }
            }
        }
    }

    /** Every provider's counters, including providers known only from the stats store, by id. */
    public Map<String, ProviderStatsSnapshot> snapshots() {
        Map<String, ProviderStatsSnapshot> out = new TreeMap<>();
        stats.forEach((id, s) -> out.put(id, s.snapshot()));
        return out;
    }

    /** Closes every provider, logging (not throwing) what fails. */
    public void closeProviders() {
        for (String id : order) {
            try {
                slots.get(id).provider().close();
            } catch (RuntimeException e) {
                LOG.warn("Closing voice provider {} failed: {}", id, GuardedProvider.describe(e));
            }
        }
    }

    public static String describe(Throwable e) {
        return GuardedProvider.describe(e);
    }

    SynthesisCache cache() {
        return options.cache();
    }

    StreamHub streams() {
        return streams;
    }

    RouterObserver observer() {
        return options.observer();
    }

    AudioData level(AudioData audio) {
        return options.loudnessTarget().map(t -> Loudness.level(audio, t)).orElse(audio);
    }
}
