package io.voicerouter.testing;

import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.spi.ProviderCapabilities;
import io.voicerouter.spi.ProviderHealth;
import io.voicerouter.spi.QuotaBucket;
import io.voicerouter.spi.SynthesisOutput;
import io.voicerouter.spi.SynthesisRequest;
import io.voicerouter.spi.TtsProvider;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link ToneProvider} whose next calls follow a script: each call takes the next step (fail with
 * a {@link ProviderException} of a kind, throw any exception, or succeed); once the script is used up,
 * every call succeeds, or fails as {@link #otherwise(ErrorKind)} says. Thread-safe.
 *
 * <pre>{@code
 * ScriptedProvider p = ScriptedProvider.of(ToneProvider.of("xtts_v2"))
 *         .thenFail(ErrorKind.SERVER_ERROR).thenFail(ErrorKind.TIMEOUT);   // third call speaks
 * }</pre>
 */
public final class ScriptedProvider implements TtsProvider {
    private final ToneProvider tone;
    private final ConcurrentLinkedQueue<Object> script = new ConcurrentLinkedQueue<>();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile ErrorKind otherwise;

    private ScriptedProvider(ToneProvider tone) {
        this.tone = Objects.requireNonNull(tone);
    }

    public static ScriptedProvider of(ToneProvider tone) {
        return new ScriptedProvider(tone);
    }

    /** The next unscripted call fails with {@code kind}. */
    public ScriptedProvider thenFail(ErrorKind kind) {
        script.add(new ProviderException(id(), kind, "scripted " + kind));
        return this;
    }

    /** The next call fails with {@code kind} and asks the router to wait {@code retryAfter} (HTTP Retry-After). */
    public ScriptedProvider thenFail(ErrorKind kind, Duration retryAfter) {
        script.add(new ProviderException(id(), kind, "scripted " + kind, retryAfter, null));
        return this;
    }

    /** The next call throws {@code e} as is (e.g. an IllegalStateException, to test INTERNAL mapping). */
    public ScriptedProvider thenThrow(RuntimeException e) {
        script.add(Objects.requireNonNull(e));
        return this;
    }

    /** The next call throws {@code e}, a JVM error such as an OutOfMemoryError. */
    public ScriptedProvider thenThrowError(Error e) {
        script.add(Objects.requireNonNull(e));
        return this;
    }

    /** The next call speaks. */
    public ScriptedProvider thenSucceed() {
        script.add(Boolean.TRUE);
        return this;
    }

    /** Once the script is used up, every call fails with {@code kind} (instead of speaking). */
    public ScriptedProvider otherwise(ErrorKind kind) {
        this.otherwise = kind;
        return this;
    }

    @Override
    public SynthesisOutput synthesize(SynthesisRequest request) {
        calls.incrementAndGet();
        Object step = script.poll();
        if (step instanceof RuntimeException e) {
            throw e;
        }
        if (step instanceof Error e) {
            throw e;
        }
        if (step == null && otherwise != null) {
            throw new ProviderException(id(), otherwise, "scripted " + otherwise);
        }
        return tone.synthesize(request);
    }

    /** Every call, failed or not. */
    public int calls() {
        return calls.get();
    }

    /** Steps not yet used. */
    public int remainingSteps() {
        return script.size();
    }

    public ToneProvider tone() {
        return tone;
    }

    @Override
    public ProviderCapabilities capabilities() {
        return tone.capabilities();
    }

    @Override
    public void initialize() {
        tone.initialize();
    }

    @Override
    public ProviderHealth health() {
        return tone.health();
    }

    @Override
    public String modelIdentity(SynthesisRequest request) {
        return tone.modelIdentity(request);
    }

    @Override
    public Optional<QuotaBucket> quotaBucket(SynthesisRequest request) {
        return tone.quotaBucket(request);
    }
}
