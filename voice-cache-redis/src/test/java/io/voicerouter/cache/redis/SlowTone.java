package io.voicerouter.cache.redis;

import io.voicerouter.spi.ProviderCapabilities;
import io.voicerouter.spi.SynthesisOutput;
import io.voicerouter.spi.SynthesisRequest;
import io.voicerouter.spi.TtsProvider;
import io.voicerouter.testing.ToneProvider;

import java.util.concurrent.atomic.AtomicInteger;

/** The test tone engine taking {@code delayMs} per call and saying when it starts one on stdout. */
final class SlowTone implements TtsProvider {
    private final ToneProvider tone = ToneProvider.of("piper");
    private final long delayMs;
    private final AtomicInteger calls = new AtomicInteger();

    SlowTone(long delayMs) {
        this.delayMs = delayMs;
    }

    @Override
    public ProviderCapabilities capabilities() {
        return tone.capabilities();
    }

    @Override
    public SynthesisOutput synthesize(SynthesisRequest request) {
        calls.incrementAndGet();
        System.out.println("SYNTHESIZING");
        System.out.flush();
        try {
            Thread.sleep(delayMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
        return tone.synthesize(request);
    }

    int calls() {
        return calls.get();
    }
}
