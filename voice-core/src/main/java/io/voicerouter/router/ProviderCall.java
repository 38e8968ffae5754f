package io.voicerouter.router;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.voicerouter.audio.AudioData;
import io.voicerouter.cache.CacheKey;
import io.voicerouter.cache.SynthesisCache;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.spi.QuotaBucket;
import io.voicerouter.spi.SynthesisOutput;
import io.voicerouter.spi.SynthesisRequest;
import io.voicerouter.text.SentenceSplitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Calls one provider for one request through the cache: quota reservation, the local-engine
 * bulkhead, retries with back-off or Retry-After, then the verdict for stats and the breaker.
 */
final class ProviderCall {
    private static final Logger LOG = LoggerFactory.getLogger(VoiceRouter.class);

    private final VoiceRouter router;
    private final RequestRun run;
    private final ProviderSlot slot;
    private final SynthesisRequest request;
    private final CoolDownBreaker.Permit permit;
    private final QuotaBucket bucket;
    private final String quotaKey;
    private final long billed;
    private final long limit;
    private final AtomicInteger tries = new AtomicInteger();
    private final AtomicReference<Map<String, String>> metadata = new AtomicReference<>(Map.of());
    private long lastTryStart; // written and read by the one thread that runs the synthesis

    ProviderCall(VoiceRouter router, RequestRun run, ProviderSlot slot, SynthesisRequest request,
                 CoolDownBreaker.Permit permit, QuotaBucket bucket, String quotaKey, long billed, long limit) {
        this.router = router;
        this.run = run;
        this.slot = slot;
        this.request = request;
        this.permit = permit;
        this.bucket = bucket;
        this.quotaKey = quotaKey;
        this.billed = billed;
        this.limit = limit;
    }

    /** Another request took the last of the quota between the check and the reservation. */
    private static final class QuotaTaken extends RuntimeException {
        QuotaTaken(String message) {
            super(message, null, false, false);
        }
    }

    /** The request was cancelled or timed out while this provider was working. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    RequestRun.Outcome run(CacheKey key) {
        long start = System.nanoTime();
        SynthesisCache.Lookup lookup;
        try {
            lookup = router.cache().get(key, this::synthesize);
        } catch (Throwable t) {
            return failure(t, Duration.ofNanos(System.nanoTime() - start));
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        boolean ranHere = tries.get() > 0;
        if (ranHere) {
            slot.breaker.onSuccess(permit);
        } else {
            slot.breaker.onNeutral(permit);
        }
        if (run.usesRealCache()) {
            slot.stats.recordCacheLookup(lookup.hit());
        }
        slot.stats.recordSuccess(router.clock().instant());
        Map<String, String> meta = lookup.hit() ? Map.of() : metadata.get();
        return run.success(slot, new Attempt.Succeeded(slot.id, elapsed, lookup.hit(), tries.get(), lookup.notes()), lookup.audio(), meta);
    }

    /** Runs only on a cache miss, and only in the thread that owns the miss. */
    private AudioData synthesize() throws Exception {
        QuotaLedger.Hold hold = null;
        if (bucket != null) {
            hold = router.quota().tryReserve(slot.stats, quotaKey, billed, limit);
            if (hold == null) {
                throw new QuotaTaken(bucket.name() + ": this month's " + limit + " characters are used up");
            }
        }
        boolean charged = bucket != null;
        try {
            SynthesisOutput out = withRetries();
            // The successful try alone: back-off waits and failed tries say nothing of its speed.
            double latencyMs = (System.nanoTime() - lastTryStart) / 1e6;
            slot.stats.recordSynthesis(latencyMs, request.text().codePointCount(0, request.text().length()),
                    out.audio().durationSeconds(), router.quota().month(), billed);
            metadata.set(out.metadata());
            charged = false;
            if (hold != null) {
                hold.commit();
            }
            return out.audio();
        } finally {
            if (charged) {
                hold.refund();
            }
        }
    }

    private SynthesisOutput withRetries() throws InterruptedException {
        ResiliencePolicy policy = router.policy();
        for (int attempt = 1; ; attempt++) {
            if (run.stopped()) {
                throw new Stopped();
            }
            tries.incrementAndGet();
            lastTryStart = System.nanoTime();
            ProviderException failure;
            try {
                return callOnce();
            } catch (ProviderException e) {
                failure = e;
            } catch (RuntimeException e) {
                failure = new ProviderException(slot.id, ErrorKind.INTERNAL, ProviderSlot.describe(e), e);
            }
            if (run.stopped()) {
                throw new Stopped();
            }
            if (failure.kind().category() != ErrorKind.Category.TRANSIENT || attempt > policy.maxRetries()) {
                throw failure;
            }
            Duration wait = failure.retryAfter().orElse(policy.backoff(attempt));
            if (failure.retryAfter().isPresent() && wait.compareTo(policy.maxRetryAfter()) > 0) {
                throw failure; // too long to wait in place: the provider rests for it instead (see failure())
            }
            if (wait.toNanos() >= run.nanosLeft()) {
                throw failure;
            }
            LOG.debug("Voice provider {} failed ({}), retry {} in {} ms", slot.id, failure.kind(), attempt,
                    wait.toMillis());
            router.sleeper().sleep(wait);
        }
    }

    /**
     * One try. Text longer than the provider's {@code maxTextLength} is spoken in pieces (whole
     * sentences where possible, see {@link SentenceSplitter#chunks}) and the audio joined.
     */
    private SynthesisOutput callOnce() {
        int max = slot.capabilities().maxTextLength();
        if (request.text().length() <= max) {
            return callPiece(request);
        }
        List<String> pieces = SentenceSplitter.chunks(request.text(), max, Locale.forLanguageTag(request.language()));
        AudioData joined = null;
        SynthesisOutput last = null;
        for (String piece : pieces) {
            if (run.stopped()) {
                throw new Stopped();
            }
            last = callPiece(request.withText(piece));
            AudioData audio = last.audio();
            if (joined != null && (audio.sampleRate() != joined.sampleRate() || audio.channels() != joined.channels())) {
                throw new ProviderException(slot.id, ErrorKind.INTERNAL, "pieces of one text came back in different formats");
            }
            joined = joined == null ? audio : joined.concat(audio);
        }
        return new SynthesisOutput(joined, last.metadata());
    }

    private SynthesisOutput callPiece(SynthesisRequest piece) {
        if (slot.bulkhead == null) {
            return checked(slot.provider.synthesize(piece));
        }
        try {
            slot.bulkhead.acquirePermission();
        } catch (BulkheadFullException e) {
            throw new ProviderException(slot.id, ErrorKind.RATE_LIMITED, "local concurrency limit reached");
        }
        try {
            return checked(slot.provider.synthesize(piece));
        } finally {
            slot.bulkhead.releasePermission();
        }
    }

    private SynthesisOutput checked(SynthesisOutput out) {
        if (out == null || out.audio().frames() == 0) {
            throw new ProviderException(slot.id, ErrorKind.INTERNAL, "returned no audio");
        }
        return out;
    }

    private RequestRun.Outcome failure(Throwable thrown, Duration elapsed) {
        Error error = jvmError(thrown);
        if (error != null) {
            // Out of memory, stack overflow, a linkage error: the JVM's trouble or a bug, not this
            // provider's transient failure. No breaker, no retry, no fallback: the caller gets it as is.
            slot.breaker.onNeutral(permit);
            throw error;
        }
        Throwable t = unwrap(thrown);
        boolean ranHere = tries.get() > 0;
        if (t instanceof QuotaTaken q) {
            slot.breaker.onNeutral(permit);
            return run.skipped(slot, SkipReason.QUOTA_EXHAUSTED, q.getMessage());
        }
        if (run.cancelled() || (run.stopped() && !run.deadlinePassed())) { // cancelled, or the router closed
            slot.breaker.onNeutral(permit);
            slot.stats.recordCancelled();
            return null;
        }
        ProviderException e;
        if (t instanceof ProviderException pe && !(run.stopped() && run.deadlinePassed())) {
            e = pe;
        } else if (run.deadlinePassed() || t instanceof Stopped || t instanceof InterruptedException) {
            e = new ProviderException(slot.id, ErrorKind.TIMEOUT, "the request's timeout passed while it was working");
        } else {
            e = new ProviderException(slot.id, ErrorKind.INTERNAL, ProviderSlot.describe(t), t);
        }
        slot.stats.recordFailure();
        if (ranHere) {
            judge(e);
        } else {
            slot.breaker.onNeutral(permit); // another request's synthesis failed; it judges the provider
        }
        LOG.info("Voice provider {} failed after {} tries: {}", slot.id, tries.get(), e.getMessage());
        return RequestRun.Outcome.of(new Attempt.Failed(slot.id, e.kind(), e.getMessage(), elapsed, tries.get()));
    }

    private void judge(ProviderException e) {
        ResiliencePolicy policy = router.policy();
        switch (e.kind().category()) {
            case TRANSIENT -> slot.breaker.onFailure(permit, e.retryAfter()
                    .filter(ra -> ra.compareTo(policy.maxRetryAfter()) > 0)
                    .orElse(policy.transientCooldown()));
            case BROKEN -> slot.breaker.onFailure(permit, policy.brokenCooldown());
            case INPUT -> slot.breaker.onNeutral(permit);
            case QUOTA -> {
                slot.breaker.onNeutral(permit);
                Instant now = router.clock().instant();
                slot.blockForServiceQuota(now.plus(e.retryAfter().orElse(policy.quotaCooldown())));
            }
        }
    }

    /**
     * The {@link Error} in {@code t}'s cause chain (a cache or future may have wrapped it), or null.
     * Stops at a ProviderException: a provider that wrapped an Error (a native library that failed
     * to load, as MISCONFIGURED) has judged it already.
     */
    private static Error jvmError(Throwable t) {
        Throwable cur = t;
        for (int i = 0; i < 8 && cur != null && !(cur instanceof ProviderException); i++) {
            if (cur instanceof Error e) {
                return e;
            }
            cur = cur.getCause();
        }
        return null;
    }

    private static Throwable unwrap(Throwable t) {
        Throwable cur = t;
        for (int i = 0; i < 8 && cur != null; i++) {
            if (cur instanceof ProviderException || cur instanceof QuotaTaken || cur instanceof Stopped
                    || cur instanceof InterruptedException) {
                return cur;
            }
            cur = cur.getCause();
        }
        return t;
    }
}
