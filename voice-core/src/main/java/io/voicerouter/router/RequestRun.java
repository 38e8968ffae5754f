package io.voicerouter.router;

import io.voicerouter.audio.AudioData;
import io.voicerouter.cache.CacheKey;
import io.voicerouter.cache.SynthesisCache;
import io.voicerouter.config.ProviderConfig;
import io.voicerouter.config.VoiceConfig;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.InvalidSettingException;
import io.voicerouter.language.LanguageCodes;
import io.voicerouter.spi.ProviderCapabilities;
import io.voicerouter.spi.QuotaBucket;
import io.voicerouter.spi.Settings;
import io.voicerouter.spi.SynthesisRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One request's walk down the provider chain. Runs on one worker thread; the router's timer may
 * end it early ({@link #timeoutFailure()}), and {@link RouterFuture#cancel} interrupts it.
 */
final class RequestRun {
    private static final Logger LOG = LoggerFactory.getLogger(VoiceRouter.class);

    private final VoiceRouter router;
    private final SpeechRequest request;
    private final String language;
    private final List<String> order;
    private final long startNanos;
    private final long deadlineNanos;
    private final Instant deadline;
    private final CompletableFuture<SpeechResult> future;

    // Guarded by this: what the timer needs to describe a timeout, and the thread to interrupt.
    private final List<Attempt> trace = new ArrayList<>();
    private int nextIndex;
    private String current;
    private long currentStartNanos;
    private Thread worker;
    private boolean interruptedByRouter;
    private volatile boolean inline;

    RequestRun(VoiceRouter router, SpeechRequest request, String language, CompletableFuture<SpeechResult> future) {
        this.router = router;
        this.request = request;
        this.language = language;
        this.future = future;
        this.order = order(request);
        this.startNanos = System.nanoTime();
        Optional<Duration> timeout = request.timeout();
        this.deadlineNanos = timeout.map(t -> startNanos + t.toNanos()).orElse(Long.MAX_VALUE);
        this.deadline = timeout.map(t -> Instant.now().plus(t)).orElse(Instant.MAX);
    }

    /** Forced or active provider first, then the fallback chain, each id once. */
    static List<String> order(SpeechRequest request) {
        VoiceConfig config = request.config();
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        ids.add(request.forcedProvider().orElseGet(config::activeProviderOrDefault));
        ids.addAll(config.fallbackChain());
        return List.copyOf(ids);
    }

    /**
     * Runs the request on the caller's thread ({@code synthesize}). An interrupt of the caller
     * cancels the request, as {@code cancel(true)} does on the executor path, and stays set for the
     * caller to see; an interrupt the router sent (timeout, closing) is cleared before the caller
     * gets its thread back.
     */
    void executeInline() {
        inline = true;
        boolean ours = runHere();
        if (ours) {
            Thread.interrupted();
        } else if (Thread.currentThread().isInterrupted()) {
            future.cancel(false);
        }
    }

    /** Runs the request on a pool thread ({@code synthesizeAsync}). */
    void execute() {
        runHere();
        // An interrupt aimed at this request must not leak into the pool thread's next task.
        Thread.interrupted();
    }

    /** Walks the chain on this thread and completes the future; true when the router interrupted it. */
    private boolean runHere() {
        synchronized (this) {
            worker = Thread.currentThread();
        }
        try {
            router.ensureInitialized();
            if (!future.isDone()) {
                SpeechResult result = walk();
                if (result != null) {
                    future.complete(result);
                }
            }
        } catch (Throwable t) {
            future.completeExceptionally(t);
        } finally {
            synchronized (this) {
                worker = null;
            }
        }
        synchronized (this) {
            return interruptedByRouter;
        }
    }

    synchronized void interruptWorker() {
        if (worker != null) {
            interruptedByRouter = true;
            worker.interrupt();
        }
    }

    /** The exception a timed-out request completes with: what happened so far, then the rest skipped. */
    synchronized AllProvidersFailedException timeoutFailure() {
        List<Attempt> attempts = new ArrayList<>(trace);
        int from = nextIndex;
        if (current != null) {
            attempts.add(new Attempt.Failed(current, ErrorKind.TIMEOUT,
                    "the request's timeout of " + request.timeout().orElseThrow().toMillis()
                            + " ms passed while this provider was working",
                    Duration.ofNanos(System.nanoTime() - currentStartNanos), 1));
        }
        for (int i = from; i < order.size(); i++) {
            if (current == null || !order.get(i).equals(current)) {
                attempts.add(new Attempt.Skipped(order.get(i), SkipReason.DEADLINE_EXCEEDED,
                        "the request's timeout passed before this provider's turn"));
            }
        }
        return new AllProvidersFailedException(language, attempts);
    }

    private SpeechResult walk() {
        for (int i = 0; i < order.size(); i++) {
            String id = order.get(i);
            noticeCallerInterrupt();
            synchronized (this) {
                if (future.isDone()) {
                    return null;
                }
                nextIndex = i + 1;
                current = id;
                currentStartNanos = System.nanoTime();
            }
            Outcome outcome = consider(id);
            synchronized (this) {
                current = null;
                if (outcome == null || future.isDone()) {
                    return null;
                }
                trace.add(outcome.attempt);
            }
            if (outcome.attempt instanceof Attempt.Succeeded s) {
                return new SpeechResult(outcome.audio, id, language, Duration.ofNanos(System.nanoTime() - startNanos),
                        s.cached(), snapshotTrace(), outcome.metadata);
            }
        }
        throw new AllProvidersFailedException(language, snapshotTrace());
    }

    private synchronized List<Attempt> snapshotTrace() {
        return List.copyOf(trace);
    }

    record Outcome(Attempt attempt, AudioData audio, Map<String, String> metadata) {
        static Outcome of(Attempt a) {
            return new Outcome(a, null, Map.of());
        }
    }

    /** Decides about one provider and, if it passes every check, calls it. Null when the request was stopped. */
    private Outcome consider(String id) {
        ProviderSlot slot = router.slot(id);
        if (slot == null) {
            return Outcome.of(new Attempt.Skipped(id, SkipReason.NOT_INSTALLED,
                    "no installed provider has this id; installed: " + router.providerIds()));
        }
        Optional<ProviderConfig> entry = request.config().provider(id);
        if (entry.isEmpty()) {
            return skip(slot, SkipReason.DISABLED, "voice_config.providers has no entry for it");
        }
        ProviderConfig pc = entry.get();
        if (!pc.enabled()) {
            return skip(slot, SkipReason.DISABLED, "enabled is false in voice_config");
        }
        Optional<String> unavailable = slot.unavailableReason();
        if (unavailable.isPresent()) {
            return skip(slot, SkipReason.UNAVAILABLE, unavailable.get());
        }
        ProviderCapabilities caps = slot.capabilities();
        if (!caps.languages().isEmpty() && !LanguageCodes.matches(language, normalized(caps.languages()))) {
            return skip(slot, SkipReason.LANGUAGE_NOT_SUPPORTED_BY_PROVIDER, id + " does not speak " + language);
        }
        List<String> personality = request.config().languages().map(l -> l.supported()).orElse(List.of());
        if (!personality.isEmpty() && !LanguageCodes.matches(language, normalized(personality))) {
            return skip(slot, SkipReason.LANGUAGE_NOT_IN_CONFIG, language + " is not in languages.supported");
        }
        if (!pc.supportedLanguages().isEmpty() && !LanguageCodes.matches(language, normalized(pc.supportedLanguages()))) {
            return skip(slot, SkipReason.LANGUAGE_NOT_IN_CONFIG,
                    language + " is not in providers." + id + ".supported_languages");
        }
        Settings settings;
        try {
            settings = Settings.resolve(caps.settings(), pc.settings());
        } catch (InvalidSettingException e) {
            slot.stats.recordFailure();
            return Outcome.of(new Attempt.Failed(id, ErrorKind.BAD_INPUT, e.getMessage(), Duration.ZERO, 0));
        }
        if (deadlinePassed()) {
            return skip(slot, SkipReason.DEADLINE_EXCEEDED, "the request's timeout passed before this provider's turn");
        }
        SynthesisRequest sreq = new SynthesisRequest(request.text(), language, pc, settings, deadline);
        CacheKey key;
        Optional<QuotaBucket> bucket;
        long billed;
        try {
            key = cacheKey(slot, caps, sreq, settings);
            bucket = slot.provider.quotaBucket(sreq);
            billed = slot.provider.billedCharacters(sreq);
        } catch (RuntimeException e) {
            slot.stats.recordFailure();
            return Outcome.of(new Attempt.Failed(id, ErrorKind.INTERNAL, ProviderSlot.describe(e), Duration.ZERO, 0));
        }
        CoolDownBreaker.Permit permit = slot.breaker.tryAcquire();
        if (!permit.granted()) {
            return cachedOrSkip(slot, key, SkipReason.CIRCUIT_OPEN,
                    "cooling down after failures until " + permit.openUntil());
        }
        Optional<Instant> serviceQuota = slot.serviceQuotaBlockedUntil();
        if (serviceQuota.isPresent()) {
            slot.breaker.onNeutral(permit);
            return cachedOrSkip(slot, key, SkipReason.QUOTA_EXHAUSTED,
                    "the service reported its quota used up; resting until " + serviceQuota.get());
        }
        String quotaKey = null;
        long limit = 0;
        if (bucket.isPresent() && router.quotaUnknown().isPresent()) {
            slot.breaker.onNeutral(permit);
            return cachedOrSkip(slot, key, SkipReason.QUOTA_UNKNOWN, bucket.get().name() + ": this month's usage is "
                    + "unknown because the " + router.quotaUnknown().get() + "; repair or reset the stats "
                    + "(voice stats repair / voice stats reset) and restart");
        }
        if (bucket.isPresent()) {
            quotaKey = QuotaLedger.key(router.quota().month(), bucket.get().name());
            limit = router.quota().limit(bucket.get().name(), bucket.get().defaultCharactersPerMonth());
            long used;
            try {
                used = router.quota().used(quotaKey);
            } catch (RuntimeException e) {
                // Fail closed: no cloud call without knowing the quota, but a cached line still plays.
                slot.breaker.onNeutral(permit);
                return cachedOrSkip(slot, key, SkipReason.QUOTA_EXHAUSTED,
                        "the shared quota store could not be read: " + ProviderSlot.describe(e));
            }
            if (used + billed > limit) {
                slot.breaker.onNeutral(permit);
                return cachedOrSkip(slot, key, SkipReason.QUOTA_EXHAUSTED, quotaDetail(bucket.get(), used, billed, limit));
            }
        }
        return new ProviderCall(router, this, slot, sreq, permit, bucket.orElse(null), quotaKey, billed, limit)
                .run(key);
    }

    private static String quotaDetail(QuotaBucket bucket, long used, long billed, long limit) {
        return bucket.name() + ": " + used + " of " + limit + " characters used this month, this request needs " + billed;
    }

    private CacheKey cacheKey(ProviderSlot slot, ProviderCapabilities caps, SynthesisRequest sreq, Settings settings) {
        long seed = settings.get("seed").filter(Number.class::isInstance).map(v -> ((Number) v).longValue()).orElse(0L);
        return new CacheKey(CacheKey.normalizeText(request.text()), language, slot.id,
                slot.provider.modelIdentity(sreq), slot.provider.voiceIdentity(sreq), settings.asMap(),
                "pcm_f32@" + caps.sampleRate(), seed);
    }

    private Outcome skip(ProviderSlot slot, SkipReason reason, String detail) {
        slot.stats.recordSkip();
        LOG.debug("Skipping voice provider {}: {} ({})", slot.id, reason, detail);
        return Outcome.of(new Attempt.Skipped(slot.id, reason, detail));
    }

    /** A line already in the cache costs nothing, so it is served even while the provider rests. */
    private Outcome cachedOrSkip(ProviderSlot slot, CacheKey key, SkipReason reason, String detail) {
        Optional<AudioData> hit;
        try {
            hit = router.cache().getIfPresent(key);
        } catch (RuntimeException e) {
            hit = Optional.empty();
        }
        if (hit.isEmpty()) {
            return skip(slot, reason, detail);
        }
        slot.stats.recordCacheLookup(true);
        slot.stats.recordSuccess(router.clock().instant());
        return success(slot, new Attempt.Succeeded(slot.id, Duration.ZERO, true, 0), hit.get(), Map.of());
    }

    Outcome success(ProviderSlot slot, Attempt.Succeeded attempt, AudioData audio, Map<String, String> metadata) {
        return new Outcome(attempt, router.level(audio), metadata);
    }

    Outcome skipped(ProviderSlot slot, SkipReason reason, String detail) {
        return skip(slot, reason, detail);
    }

    boolean deadlinePassed() {
        return System.nanoTime() - deadlineNanos >= 0;
    }

    long nanosLeft() {
        return deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadlineNanos - System.nanoTime();
    }

    boolean stopped() {
        noticeCallerInterrupt();
        return future.isDone();
    }

    boolean cancelled() {
        noticeCallerInterrupt();
        return future.isCancelled();
    }

    /**
     * On the caller's thread an interrupt from the caller is the only way to give up: treat it as a
     * cancel, checked wherever the executor path checks for one.
     */
    private void noticeCallerInterrupt() {
        if (inline && !future.isDone() && Thread.currentThread().isInterrupted()) {
            synchronized (this) {
                if (!interruptedByRouter && worker == Thread.currentThread()) {
                    future.cancel(false);
                }
            }
        }
    }

    boolean usesRealCache() {
        return router.cache() != SynthesisCache.none();
    }

    private static Collection<String> normalized(Collection<String> codes) {
        List<String> out = new ArrayList<>(codes.size());
        for (String c : codes) {
            LanguageCodes.tryNormalize(c).ifPresent(out::add);
        }
        return out;
    }
}
