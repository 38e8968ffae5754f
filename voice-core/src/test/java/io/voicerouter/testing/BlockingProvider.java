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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link ToneProvider} that holds every {@code synthesize} call (and, if asked, {@code initialize})
 * until the test calls {@link #release()}: for deadline, cancellation, bulkhead and slow-startup
 * tests. A held call that is interrupted ends at once with {@code ProviderException(TIMEOUT)} and is
 * counted in {@link #interruptions()}, as a well-behaved engine does. Thread-safe.
 */
public final class BlockingProvider implements TtsProvider {
    private final ToneProvider tone;
    private final boolean holdInitialize;
    private final CountDownLatch gate = new CountDownLatch(1);
    private final Semaphore started = new Semaphore(0);
    private final AtomicInteger interruptions = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger maxRunning = new AtomicInteger();

    private BlockingProvider(ToneProvider tone, boolean holdInitialize) {
        this.tone = Objects.requireNonNull(tone);
        this.holdInitialize = holdInitialize;
    }

    /** Holds each synthesis until released. */
    public static BlockingProvider holdingSynthesis(ToneProvider tone) {
        return new BlockingProvider(tone, false);
    }

    /** Holds {@code initialize()} until released; syntheses then run freely. */
    public static BlockingProvider holdingInitialization(ToneProvider tone) {
        return new BlockingProvider(tone, true);
    }

    /** Lets every held and future call through. */
    public void release() {
        gate.countDown();
    }

    /** Waits until {@code n} calls in total have started to be held (or, for init, started). */
    public boolean awaitStarted(int n, Duration timeout) throws InterruptedException {
        if (!started.tryAcquire(n, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
        }
        started.release(n);
        return true;
    }

    /** Held calls that ended because their thread was interrupted. */
    public int interruptions() {
        return interruptions.get();
    }

    /** The most syntheses that were ever inside this provider at once. */
    public int maxConcurrent() {
        return maxRunning.get();
    }

    @Override
    public void initialize() {
        if (holdInitialize) {
            hold("initialize");
        }
        tone.initialize();
    }

    @Override
    public SynthesisOutput synthesize(SynthesisRequest request) {
        int now = running.incrementAndGet();
        maxRunning.accumulateAndGet(now, Math::max);
        try {
            if (!holdInitialize) {
                hold("synthesize");
            }
            return tone.synthesize(request);
        } finally {
            running.decrementAndGet();
        }
    }

    private void hold(String what) {
        started.release();
        try {
            gate.await();
        } catch (InterruptedException e) {
            interruptions.incrementAndGet();
            Thread.currentThread().interrupt();
            throw new ProviderException(id(), ErrorKind.TIMEOUT, what + " interrupted");
        }
    }

    @Override
    public ProviderCapabilities capabilities() {
        return tone.capabilities();
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
