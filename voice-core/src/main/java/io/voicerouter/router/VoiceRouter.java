package io.voicerouter.router;

import io.voicerouter.config.ProviderUsage;
import io.voicerouter.error.InvalidRequestException;
import io.voicerouter.error.VoiceException;
import io.voicerouter.language.LanguageCodes;
import io.voicerouter.router.internal.Chain;
import io.voicerouter.router.internal.GuardedProvider;
import io.voicerouter.router.internal.RequestRun;
import io.voicerouter.router.internal.RouterFuture;
import io.voicerouter.spi.ProviderCapabilities;
import io.voicerouter.spi.ProviderHealth;
import io.voicerouter.spi.TtsProvider;
import io.voicerouter.state.FinishedRequest;
import io.voicerouter.state.RequestListener;
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
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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
 *     // or, to hear it as it is made:
 *     router.stream(request, chunk -> player.write(chunk.audio()));
 * }
 * }</pre>
 *
 * <p>See the module README ("Router") for the order rules, error classification and defaults.
 * The router owns and closes the providers it was given, the executor it created itself and its
 * timer; the cache, a given executor and the stats store stay the caller's.
 */
public final class VoiceRouter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VoiceRouter.class);

    private final Chain chain;
    private final ExecutorService executor;
    private final boolean ownsExecutor;
    private final ScheduledExecutorService timer;
    private final StatsStore statsStore;
    private final Clock clock;
    private final int maxTextLength;
    private final List<RequestListener> listeners;
    private final Set<RouterFuture> inFlight = ConcurrentHashMap.newKeySet();
    private volatile Map<String, ProviderStatsSnapshot> lastSaved = Map.of();
    private volatile boolean closed;

    VoiceRouter(VoiceRouterBuilder b) {
        this.statsStore = b.statsStore;
        this.clock = b.clock;
        this.maxTextLength = b.maxTextLength;
        this.listeners = List.copyOf(b.listeners);
        Map<String, ProviderStatsSnapshot> restored = statsStore.load();
        // a shared QuotaStore keeps the quota counts itself; only stats-kept counts can be lost with the stats
        Optional<String> quotaUnknown = b.quotaStore == null ? statsStore.damage() : Optional.empty();
        this.chain = new Chain(b.providers, restored, quotaUnknown, new Chain.Options(b.cache, b.clock, b.policy,
                b.quotas, Optional.ofNullable(b.quotaStore), b.localConcurrency, Optional.ofNullable(b.loudnessTarget),
                b.initTimeout, b.sleeper, b.observer));
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
     * on first use when the host has not.
     */
    public Map<String, InitOutcome> initialize() {
        ensureOpen();
        return chain.initialize();
    }

    /**
     * Speaks the request on the caller's thread, blocking until done.
     *
     * @throws io.voicerouter.error.UnsupportedLanguageException when the language code is malformed
     * @throws InvalidRequestException when the text is longer than {@link #maxTextLength()}
     * @throws AllProvidersFailedException when no provider could speak it (timeout included); its trace says why
     * @throws SpeechCancelledException when the request's {@link CancelSignal} was cancelled (the calling
     *               thread is left as it was) or the calling thread was interrupted (the interrupt stays set)
     * @throws Error a JVM error a provider ran into ({@link OutOfMemoryError}, {@link StackOverflowError}...),
     *               as thrown: it is not the provider's failure, so it opens no breaker, is not retried
     *               and no fallback is tried
     */
    public SpeechResult synthesize(SpeechRequest request) {
        return runInline(request, null);
    }

    /**
     * Speaks the request on the router's executor. The future completes with the result, with
     * {@link AllProvidersFailedException} (also when the request's timeout passes: the provider at
     * work is interrupted and the rest are skipped), or is cancelled: {@code cancel(true)}, or the
     * request's {@link CancelSignal}, interrupts the provider call in progress and no further provider is tried.
     *
     * @throws io.voicerouter.error.UnsupportedLanguageException at once, when the language code is malformed
     * @throws InvalidRequestException at once, when the text is longer than {@link #maxTextLength()}
     */
    public CompletableFuture<SpeechResult> synthesizeAsync(SpeechRequest request) {
        return runAsync(request, null);
    }

    /**
     * Speaks the request on the caller's thread and hands the audio to {@code sink} in chunks, in
     * order, as the provider makes it; returns the whole result (not loudness-levelled) when the stream ends.
     *
     * <ul>
     *   <li>Chunk 0 carries the provider, the sample rate and the trace so far.</li>
     *   <li>Until chunk 0 leaves, a failing provider falls back along the chain as {@link #synthesize} does;
     *       after it, a failure ends the stream with {@link StreamFailedException} (no voice switch mid-line).</li>
     *   <li>Text is spoken a sentence at a time, each sentence out as soon as it is made.</li>
     *   <li>A cached line is sent at once as one chunk; a finished stream fills the cache; identical
     *       streams running at once share one synthesis.</li>
     *   <li>The timeout, the request's {@link CancelSignal}, an interrupt of the caller's thread, or the
     *       sink throwing stops the provider's work too (its thread is interrupted, and its next chunk is refused).</li>
     * </ul>
     *
     * @throws AllProvidersFailedException when no provider could start the stream
     * @throws StreamFailedException when the stream broke after its first chunk
     * @throws SpeechCancelledException when the request's {@link CancelSignal} was cancelled or the calling
     *               thread was interrupted, before or after the first chunk
     */
    public SpeechResult stream(SpeechRequest request, SpeechSink sink) {
        return runInline(request, Objects.requireNonNull(sink, "sink"));
    }

    /**
     * {@link #stream} on the router's executor: {@code sink} is called on a pool thread, and
     * {@code cancel(true)} on the future stops the provider's work.
     */
    public CompletableFuture<SpeechResult> streamAsync(SpeechRequest request, SpeechSink sink) {
        return runAsync(request, Objects.requireNonNull(sink, "sink"));
    }

    private SpeechResult runInline(SpeechRequest request, SpeechSink sink) {
        // On the caller's thread: no executor hand-off, which was most of the router's own cost on a
        // cache hit. The timeout's timer interrupts the caller's thread as it would a worker's, and
        // that interrupt is cleared before the caller gets its thread back.
        RouterFuture future = new RouterFuture();
        RequestRun run = begin(request, future, sink);
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
            // The caller's own interrupt stays set for it to see; a signal's was the router's, cleared above.
            throw run.cancelledFailure(Thread.currentThread().isInterrupted()
                    ? "Interrupted while speaking: the calling thread was interrupted"
                    : "Speech cancelled by its CancelSignal");
        }
        try {
            return future.getNow(null);
        } catch (CompletionException e) {
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

    private CompletableFuture<SpeechResult> runAsync(SpeechRequest request, SpeechSink sink) {
        RouterFuture future = new RouterFuture();
        RequestRun run = begin(request, future, sink);
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
    private RequestRun begin(SpeechRequest request, RouterFuture future, SpeechSink sink) {
        Objects.requireNonNull(request, "request");
        ensureOpen();
        checkLength(request.text());
        String language = LanguageCodes.normalize(request.language().orElseGet(request.config()::primaryLanguage));
        RequestRun run = new RequestRun(chain, request, language, future, sink);
        future.attach(run);
        inFlight.add(future);
        if (!listeners.isEmpty()) {
            long start = System.nanoTime();
            // Registered before the run starts, so it runs on the finishing thread before synthesize returns.
            future.whenComplete((r, e) -> tellListeners(request, language, r, e, start));
        }
        // Last: a signal cancelled already ends the future here, and the run then does no work.
        request.cancelSignal().ifPresent(signal -> {
            Runnable forget = signal.register(() -> future.cancel(true));
            future.whenComplete((r, e) -> forget.run());
        });
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
        } else if (error instanceof StreamFailedException f) {
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
                LOG.warn("A voice request listener failed: {}", Chain.describe(e));
            }
        }
    }

    /** Capabilities of every installed provider, in registration order. */
    public List<ProviderCapabilities> providers() {
        List<ProviderCapabilities> out = new ArrayList<>();
        for (String id : chain.providerIds()) {
            out.add(chain.slot(id).orElseThrow().capabilities());
        }
        return out;
    }

    public Optional<TtsProvider> provider(String id) {
        return chain.slot(id).map(GuardedProvider::provider);
    }

    /**
     * Each provider's health as the router sees it: DOWN when initialization failed, NOT_INITIALIZED
     * while it runs, else the provider's own report; attribute {@code circuit} is closed, open or half_open.
     */
    public Map<String, ProviderHealth> health() {
        Map<String, ProviderHealth> out = new LinkedHashMap<>();
        for (String id : chain.providerIds()) {
            out.put(id, chain.slot(id).orElseThrow().health());
        }
        return out;
    }

    /** Every provider's counters, including providers known only from the stats store. */
    public Map<String, ProviderStatsSnapshot> stats() {
        return chain.snapshots();
    }

    /** The stats in the seed's {@code voice_config.stats} shape, for writing back into a config. */
    public Map<String, ProviderUsage> usage() {
        Map<String, ProviderUsage> out = new TreeMap<>();
        stats().forEach((id, s) -> out.put(id, s.toUsage()));
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
        chain.closeProviders();
    }

    /** The periodic and closing save: skipped when nothing changed since the last one. */
    private void flushQuietly() {
        try {
            if (stats().equals(lastSaved)) {
                return;
            }
            flushStats();
        } catch (RuntimeException e) {
            LOG.warn("Saving voice stats failed: {}", Chain.describe(e));
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
