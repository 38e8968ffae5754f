package io.voicerouter.router;

import io.voicerouter.audio.AudioData;
import io.voicerouter.cache.SynthesisCache;
import io.voicerouter.config.ProviderUsage;
import io.voicerouter.error.InvalidRequestException;
import io.voicerouter.error.VoiceException;
import io.voicerouter.language.LanguageCodes;
import io.voicerouter.spi.DuplicateProviderException;
import io.voicerouter.spi.ProviderCapabilities;
import io.voicerouter.spi.ProviderHealth;
import io.voicerouter.spi.TtsProvider;
import io.voicerouter.state.FinishedRequest;
import io.voicerouter.state.RequestListener;
import io.voicerouter.stats.ProviderStats;
import io.voicerouter.stats.ProviderStatsSnapshot;
import io.voicerouter.stats.StatsStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Speaks a line of text for a personality through the provider its {@code voice_config} chose,
 * falling back along its chain. One router serves every personality and many threads at once.
 *
 * <pre>{@code
 * try (VoiceRouter router = VoiceRouter.builder()
 *         .discoverProviders(ProviderContext.defaults())
 *         .cache(myCache)
 *         .build()) {
 *     router.initialize();
 *     SpeechResult r = router.synthesize(SpeechRequest.builder("Hello!", voiceConfig)
 *             .language("en-US").timeout(Duration.ofSeconds(20)).build());
 * }
 * }</pre>
 *
 * <p>See the module README ("Router") for the order rules, error classification and defaults.
 * The router owns and closes the providers it was given, the executor it created itself and its
 * timer; the cache, a given executor and the stats store stay the caller's.
 */
public final class VoiceRouter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VoiceRouter.class);

    private final Map<String, ProviderSlot> slots;
    private final List<String> providerOrder;
    private final ConcurrentHashMap<String, ProviderStats> stats = new ConcurrentHashMap<>();
    private final SynthesisCache cache;
    private final Clock clock;
    private final ExecutorService executor;
    private final boolean ownsExecutor;
    private final ScheduledExecutorService timer;
    private final StatsStore statsStore;
    private final ResiliencePolicy policy;
    private final QuotaLedger quota;
    /** Why the saved quota counts are unknown, or null when they were loaded. */
    private final String quotaUnknown;
    private final Double loudnessTarget;
    private final Duration initTimeout;
    private final int maxTextLength;
    private final Sleeper sleeper;
    private final List<RequestListener> listeners;
    private final Set<RouterFuture> inFlight = ConcurrentHashMap.newKeySet();
    private volatile Map<String, ProviderStatsSnapshot> lastSaved = Map.of();
    private volatile boolean initializeCalled;
    private volatile boolean closed;

    VoiceRouter(VoiceRouterBuilder b) {
        this.cache = b.cache;
        this.clock = b.clock;
        this.policy = b.policy;
        this.loudnessTarget = b.loudnessTarget;
        this.initTimeout = b.initTimeout;
        this.maxTextLength = b.maxTextLength;
        this.sleeper = b.sleeper;
        this.statsStore = b.statsStore;
        statsStore.load().forEach((id, snap) -> stats.put(id, ProviderStats.restore(snap)));
        // a shared QuotaStore keeps the quota counts itself; only stats-kept counts can be lost with the stats
        this.quotaUnknown = b.quotaStore == null ? statsStore.damage().orElse(null) : null;
        Map<String, ProviderSlot> byId = new LinkedHashMap<>();
        for (TtsProvider p : b.providers) {
            ProviderStats ps = stats.computeIfAbsent(p.id(), ProviderStats::new);
            ProviderSlot previous = byId.putIfAbsent(p.id(), new ProviderSlot(p, policy, clock, ps, b.localConcurrency));
            if (previous != null) {
                throw new DuplicateProviderException(p.id(), previous.provider.getClass().getName(),
                        p.getClass().getName());
            }
        }
        this.slots = Map.copyOf(byId);
        this.providerOrder = List.copyOf(byId.keySet());
        this.quota = new QuotaLedger(clock, b.quotas, stats::values, b.quotaStore);
        this.listeners = List.copyOf(b.listeners);
        this.lastSaved = stats();
        this.ownsExecutor = b.executor == null;
        this.executor = b.executor != null ? b.executor : Executors.newFixedThreadPool(b.poolSize, daemon("voicerouter-worker"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("voicerouter-timer"));
        if (!b.statsFlushInterval.isZero()) {
            long ms = b.statsFlushInterval.toMillis();
            timer.scheduleWithFixedDelay(this::flushQuietly, ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    public static VoiceRouterBuilder builder() {
        return new VoiceRouterBuilder();
    }

    /**
     * Initializes every provider in parallel, each on its own thread, and waits until all are done or
     * the init timeout (default 2 minutes) passes. A provider that failed is skipped as UNAVAILABLE with
     * its error; one still running is reported PENDING and becomes usable by itself when it finishes.
     * Calling it again starts nothing new and reports the current outcomes. The first request runs it
     * on first use, on a worker thread, when the host has not.
     */
    public Map<String, InitOutcome> initialize() {
        ensureOpen();
        List<CompletableFuture<InitOutcome>> all = new ArrayList<>();
        for (String id : providerOrder) {
            all.add(slots.get(id).startInit());
        }
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(initTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            LOG.warn("Voice providers still initializing after {} s; they join when ready", initTimeout.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e); // startInit futures never fail
        }
        initializeCalled = true;
        Map<String, InitOutcome> out = new LinkedHashMap<>();
        for (String id : providerOrder) {
            out.put(id, slots.get(id).initOutcome());
        }
        return out;
    }

    /**
     * Speaks the request, blocking until done.
     *
     * @throws io.voicerouter.error.UnsupportedLanguageException when the language code is malformed
     * @throws InvalidRequestException when the text is longer than {@link #maxTextLength()}
     * @throws AllProvidersFailedException when no provider could speak it (timeout included); its trace says why
     * @throws Error a JVM error a provider ran into ({@link OutOfMemoryError}, {@link StackOverflowError}...),
     *               as thrown: it is not the provider's failure, so it opens no breaker, is not retried
     *               and no fallback is tried
     */
    public SpeechResult synthesize(SpeechRequest request) {
        // On the caller's thread: no executor hand-off, which was most of the router's own cost on a
        // cache hit. The timeout's timer interrupts the caller's thread as it would a worker's, and
        // that interrupt is cleared before the caller gets its thread back.
        RouterFuture future = new RouterFuture();
        RequestRun run = begin(request, future);
        ScheduledFuture<?> alarm = request.timeout()
                .map(t -> timer.schedule(future::timeOut, t.toNanos(), TimeUnit.NANOSECONDS)).orElse(null);
        try {
            if (closed) {
                future.abort(new IllegalStateException("VoiceRouter is closed"));
            } else {
                run.executeInline();
            }
        } finally {
            if (alarm != null) {
                alarm.cancel(false);
            }
            inFlight.remove(future);
        }
        if (future.isCancelled()) {
            throw new VoiceException("Interrupted while speaking");
        }
        try {
            return future.getNow(null);
        } catch (java.util.concurrent.CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new VoiceException("Speech synthesis failed", cause);
        }
    }

    /**
     * Speaks the request on the router's executor. The future completes with the result, with
     * {@link AllProvidersFailedException} (also when the request's timeout passes: the provider at
     * work is interrupted and the rest are skipped), or is cancelled: {@code cancel(true)} interrupts
     * the provider call in progress and no further provider is tried.
     *
     * @throws io.voicerouter.error.UnsupportedLanguageException at once, when the language code is malformed
     * @throws InvalidRequestException at once, when the text is longer than {@link #maxTextLength()}
     */
    public CompletableFuture<SpeechResult> synthesizeAsync(SpeechRequest request) {
        RouterFuture future = new RouterFuture();
        RequestRun run = begin(request, future);
        future.whenComplete((r, e) -> inFlight.remove(future));
        if (closed) { // close() ran between ensureOpen and add: do not leave this one hanging
            future.abort(new IllegalStateException("VoiceRouter is closed"));
            return future;
        }
        try {
            executor.execute(run::execute);
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(new VoiceException("The voice router is shut down or overloaded", e));
            return future;
        }
        request.timeout().ifPresent(t -> {
            ScheduledFuture<?> alarm = timer.schedule(future::timeOut, t.toNanos(), TimeUnit.NANOSECONDS);
            future.whenComplete((r, e) -> alarm.cancel(false));
        });
        return future;
    }

    /** Checks the request, normalizes its language and registers it as in flight (so close() can end it). */
    private RequestRun begin(SpeechRequest request, RouterFuture future) {
        Objects.requireNonNull(request, "request");
        ensureOpen();
        checkLength(request.text());
        String language = LanguageCodes.normalize(request.language().orElseGet(request.config()::primaryLanguage));
        RequestRun run = new RequestRun(this, request, language, future);
        future.attach(run);
        inFlight.add(future);
        if (!listeners.isEmpty()) {
            long start = System.nanoTime();
            // Registered before the run starts, so it runs on the finishing thread before synthesize returns.
            future.whenComplete((r, e) -> tellListeners(request, language, r, e, start));
        }
        return run;
    }

    /**
     * The longest text, in characters (code points), this router speaks in one request
     * ({@link VoiceRouterBuilder#maxTextLength}); longer requests are refused up front.
     */
    public int maxTextLength() {
        return maxTextLength;
    }

    private void checkLength(String text) {
        if (text.length() > maxTextLength && text.codePointCount(0, text.length()) > maxTextLength) {
            throw new InvalidRequestException("the text is " + text.codePointCount(0, text.length())
                    + " characters long; this router speaks at most " + maxTextLength
                    + " per request (VoiceRouterBuilder.maxTextLength): split it");
        }
    }

    private void tellListeners(SpeechRequest request, String language, SpeechResult result, Throwable error,
                               long startNanos) {
        List<Attempt> attempts;
        if (result != null) {
            attempts = result.attempts();
        } else if (error instanceof AllProvidersFailedException f) {
            attempts = f.attempts();
        } else {
            return; // cancelled or the router closed: nothing was decided
        }
        FinishedRequest finished = new FinishedRequest(request.personalityId(),
                request.text().codePointCount(0, request.text().length()), language, attempts,
                result != null ? result.latency() : Duration.ofNanos(System.nanoTime() - startNanos), clock.instant());
        for (RequestListener l : listeners) {
            try {
                l.onFinished(finished);
            } catch (RuntimeException e) {
                LOG.warn("A voice request listener failed: {}", ProviderSlot.describe(e));
            }
        }
    }

    /** Capabilities of every installed provider, in registration order. */
    public List<ProviderCapabilities> providers() {
        List<ProviderCapabilities> out = new ArrayList<>();
        for (String id : providerOrder) {
            out.add(slots.get(id).capabilities());
        }
        return out;
    }

    public Optional<TtsProvider> provider(String id) {
        return Optional.ofNullable(slots.get(id)).map(s -> s.provider);
    }

    /**
     * Each provider's health as the router sees it: DOWN when initialization failed, NOT_INITIALIZED
     * while it runs, else the provider's own report; attribute {@code circuit} is closed, open or half_open.
     */
    public Map<String, ProviderHealth> health() {
        Map<String, ProviderHealth> out = new LinkedHashMap<>();
        for (String id : providerOrder) {
            out.put(id, slots.get(id).health());
        }
        return out;
    }

    /** Every provider's counters, including providers known only from the stats store. */
    public Map<String, ProviderStatsSnapshot> stats() {
        Map<String, ProviderStatsSnapshot> out = new TreeMap<>();
        stats.forEach((id, s) -> out.put(id, s.snapshot()));
        return out;
    }

    /** The stats in the seed's {@code voice_config.stats} shape, for writing back into a config. */
    public Map<String, ProviderUsage> usage() {
        Map<String, ProviderUsage> out = new TreeMap<>();
        stats().forEach((id, s) -> out.put(id, ProviderStats.toUsage(s)));
        return out;
    }

    /** Saves the stats to the store now (the router also saves periodically and on close). */
    public void flushStats() {
        Map<String, ProviderStatsSnapshot> now = stats();
        statsStore.save(now);
        lastSaved = now;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (RouterFuture f : List.copyOf(inFlight)) {
            f.abort(new VoiceException("The voice router was closed before this request finished"));
        }
        timer.shutdownNow();
        if (ownsExecutor) {
            executor.shutdownNow();
        }
        flushQuietly();
        for (String id : providerOrder) {
            try {
                slots.get(id).provider.close();
            } catch (RuntimeException e) {
                LOG.warn("Closing voice provider {} failed: {}", id, ProviderSlot.describe(e));
            }
        }
    }

    // ---- package-private access for RequestRun / ProviderCall

    /** Runs {@link #initialize()} once if the host never did; called on a worker thread, not the caller's. */
    void ensureInitialized() {
        if (!initializeCalled) {
            synchronized (this) {
                if (!initializeCalled) {
                    initialize();
                }
            }
        }
    }

    ProviderSlot slot(String id) {
        return slots.get(id);
    }

    List<String> providerIds() {
        return providerOrder;
    }

    SynthesisCache cache() {
        return cache;
    }

    Clock clock() {
        return clock;
    }

    ResiliencePolicy policy() {
        return policy;
    }

    QuotaLedger quota() {
        return quota;
    }

    /** Why quota usage is unknown (providers with a quota are then skipped); empty when it is known. */
    Optional<String> quotaUnknown() {
        return Optional.ofNullable(quotaUnknown);
    }

    Sleeper sleeper() {
        return sleeper;
    }

    AudioData level(AudioData audio) {
        return loudnessTarget == null ? audio : Loudness.level(audio, loudnessTarget);
    }

    /** The periodic and closing save: skipped when nothing changed since the last one. */
    private void flushQuietly() {
        try {
            if (stats().equals(lastSaved)) {
                return;
            }
            flushStats();
        } catch (RuntimeException e) {
            LOG.warn("Saving voice stats failed: {}", ProviderSlot.describe(e));
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("VoiceRouter is closed");
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
