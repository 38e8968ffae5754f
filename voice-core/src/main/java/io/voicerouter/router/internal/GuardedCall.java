package io.voicerouter.router.internal;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.voicerouter.audio.AudioData;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.InvalidSettingException;
import io.voicerouter.error.ProviderException;
import io.voicerouter.router.Attempt;
import io.voicerouter.router.ResiliencePolicy;
import io.voicerouter.router.SkipReason;
import io.voicerouter.spi.AudioSink;
import io.voicerouter.spi.QuotaBucket;
import io.voicerouter.spi.SynthesisOutput;
import io.voicerouter.spi.SynthesisRequest;
import io.voicerouter.spi.TtsProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * One admitted call to one provider for one request, holding its guards: the breaker permit (from
 * admission), the quota reservation ({@link #reserved}), the bulkhead and the retry policy
 * ({@link #retrying}). Like resilience4j's {@code decorateSupplier}, the caller gives the body, this
 * wraps it; then exactly one verdict ({@link #succeeded}, {@link #failed}, {@link #released},
 * {@link #cancelled}) settles the permit and the stats. Used by one thread.
 */
final class GuardedCall {
    private static final Logger LOG = LoggerFactory.getLogger("io.voicerouter.router.VoiceRouter");

    private final GuardedProvider slot;
    private final TtsProvider provider;
    private final SynthesisRequest request;
    private final CoolDownBreaker.Permit permit;
    private final QuotaBucket bucket;
    private final long billed;
    private final RunControl control;
    private final ResiliencePolicy policy;
    private int tries;          // every call of the provider, all pieces of the text together
    private int mostTries;      // the most calls one piece needed: what the trace reports as tries
    private long lastTryStart;

    GuardedCall(GuardedProvider slot, SynthesisRequest request, CoolDownBreaker.Permit permit, QuotaBucket bucket,
                long billed, RunControl control) {
        this.slot = slot;
        this.provider = slot.provider();
        this.request = request;
        this.permit = permit;
        this.bucket = bucket;
        this.billed = billed;
        this.control = control;
        this.policy = slot.policy();
    }

    String providerId() {
        return slot.id();
    }

    SynthesisRequest request() {
        return request;
    }

    /** Tries made so far; zero when another request's synthesis served this one. */
    int tries() {
        return tries;
    }

    /** When the last (the successful) try began, in {@link System#nanoTime()}. */
    long lastTryStart() {
        return lastTryStart;
    }

    /** Runs {@code body} holding this request's characters of the free-tier quota; kept only if it returns. */
    <T> T reserved(Callable<T> body) throws Exception {
        QuotaLedger.Reservation reservation = null;
        if (bucket != null) {
            try {
                reservation = slot.quota().reserve(slot.stats(), bucket, billed)
                        .orElseThrow(() -> new Signal.QuotaTaken(bucket.name() + ": this month's characters are used up"));
            } catch (Signal.QuotaTaken e) {
                throw e;
            } catch (RuntimeException e) {
                // Fail closed: no cloud call without a reservation, but the request may fall back.
                throw new Signal.QuotaTaken("the shared quota store could not reserve: " + GuardedProvider.describe(e));
            }
        }
        try {
            T out = body.call();
            if (reservation != null) {
                reservation.commit();
            }
            return out;
        } finally {
            if (reservation != null) {
                reservation.release(); // no-op once committed
            }
        }
    }

    /**
     * Runs {@code once} until it returns, retrying transient failures with back-off (or the service's
     * {@code Retry-After}) while {@code mayRetry} allows it and the deadline leaves time.
     */
    <T> T retrying(Supplier<T> once, BooleanSupplier mayRetry) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            if (control.stopped()) {
                throw new Signal.Stopped();
            }
            tries++;
            mostTries = Math.max(mostTries, attempt);
            lastTryStart = System.nanoTime();
            ProviderException failure;
            try {
                return once.get();
            } catch (Signal s) {
                throw s;
            } catch (ProviderException e) {
                failure = e;
            } catch (InvalidSettingException e) {
                // a provider's typed setting read refused a value: bad input, says nothing of its health
                failure = new ProviderException(slot.id(), ErrorKind.BAD_INPUT, e.getMessage(), e);
            } catch (RuntimeException e) {
                failure = new ProviderException(slot.id(), ErrorKind.INTERNAL, GuardedProvider.describe(e), e);
            }
            if (control.stopped()) {
                throw new Signal.Stopped();
            }
            if (failure.kind().category() != ErrorKind.Category.TRANSIENT || attempt > policy.maxRetries()
                    || !mayRetry.getAsBoolean()) {
                throw failure;
            }
            Duration wait = failure.retryAfter().orElse(policy.backoff(attempt));
            if (failure.retryAfter().isPresent() && wait.compareTo(policy.maxRetryAfter()) > 0) {
                throw failure; // too long to wait in place: the provider rests for it instead (see failed())
            }
            if (wait.toNanos() >= control.nanosLeft()) {
                throw failure;
            }
            LOG.debug("Voice provider {} failed ({}), retry {} in {} ms", slot.id(), failure.kind(), attempt,
                    wait.toMillis());
            slot.sleeper().sleep(wait);
        }
    }

    /** One provider call for {@code piece} inside the bulkhead. */
    SynthesisOutput speak(SynthesisRequest piece) {
        return inBulkhead(() -> checked(provider.synthesize(piece)));
    }

    /** One streaming provider call for {@code piece} inside the bulkhead. */
    SynthesisOutput speakStreaming(SynthesisRequest piece, AudioSink sink) {
        return inBulkhead(() -> provider.synthesizeStreaming(piece, sink));
    }

    private <T> T inBulkhead(Supplier<T> body) {
        Bulkhead bulkhead = slot.bulkhead();
        if (bulkhead == null) {
            return body.get();
        }
        try {
            bulkhead.acquirePermission();
        } catch (BulkheadFullException e) {
            throw new ProviderException(slot.id(), ErrorKind.RATE_LIMITED, "local concurrency limit reached");
        }
        try {
            return body.get();
        } finally {
            bulkhead.releasePermission();
        }
    }

    private SynthesisOutput checked(SynthesisOutput out) {
        if (out == null || out.audio().frames() == 0) {
            throw new ProviderException(slot.id(), ErrorKind.INTERNAL, "returned no audio");
        }
        return out;
    }

    // ---- stats for a real synthesis

    void recordSynthesis(double latencyMs, AudioData audio) {
        String text = request.text();
        slot.stats().recordSynthesis(latencyMs, text.codePointCount(0, text.length()), audio.durationSeconds(),
                slot.quota().month(), billed);
    }

    void recordFirstAudio(double ms) {
        slot.stats().recordFirstAudio(ms);
    }

    // ---- verdicts: exactly one per call

    /** The request got its audio, from this call's synthesis or another's; a cache lookup counts when one was made. */
    Attempt.Succeeded succeeded(Duration elapsed, boolean hit, boolean countLookup) {
        return succeeded(elapsed, hit, countLookup, java.util.List.of());
    }

    /** As above, with what else happened on the way (a cache tier that failed, say). */
    Attempt.Succeeded succeeded(Duration elapsed, boolean hit, boolean countLookup, java.util.List<String> notes) {
        if (tries > 0) {
            slot.breaker().onSuccess(permit);
        } else {
            slot.breaker().onNeutral(permit);
        }
        if (countLookup) {
            slot.stats().recordCacheLookup(hit);
        }
        slot.stats().recordSuccess(slot.clock().instant());
        return new Attempt.Succeeded(slot.id(), elapsed, hit, mostTries, notes);
    }

    /** The call was given up for a reason that is not the provider's (quota taken meanwhile): a skip. */
    Attempt.Skipped released(SkipReason reason, String detail) {
        slot.breaker().onNeutral(permit);
        return slot.skip(reason, detail);
    }

    /** The call ended in a way that says nothing of the provider (a JVM error): the permit is handed back, nothing counted. */
    void noVerdict() {
        slot.breaker().onNeutral(permit);
    }

    /** The caller cancelled, or the router closed: neither success nor failure. */
    void cancelled() {
        slot.breaker().onNeutral(permit);
        slot.stats().recordCancelled();
    }

    /** The provider failed this request after its tries; the breaker judges it only if this call ran it. */
    Attempt.Failed failed(ProviderException e, Duration elapsed) {
        slot.stats().recordFailure();
        if (tries > 0) {
            judge(e);
        } else {
            slot.breaker().onNeutral(permit); // another request's synthesis failed; it judges the provider
        }
        LOG.info("Voice provider {} failed after {} tries: {}", slot.id(), mostTries, e.getMessage());
        return new Attempt.Failed(slot.id(), e.kind(), e.getMessage(), elapsed, mostTries);
    }

    private void judge(ProviderException e) {
        CoolDownBreaker breaker = slot.breaker();
        switch (e.kind().category()) {
            case TRANSIENT -> breaker.onFailure(permit, e.retryAfter()
                    .filter(ra -> ra.compareTo(policy.maxRetryAfter()) > 0)
                    .orElse(policy.transientCooldown()));
            case BROKEN -> breaker.onFailure(permit, policy.brokenCooldown());
            case INPUT -> breaker.onNeutral(permit);
            case QUOTA -> {
                breaker.onNeutral(permit);
                slot.restForServiceQuota(slot.clock().instant().plus(e.retryAfter().orElse(policy.quotaCooldown())));
            }
        }
    }
}
