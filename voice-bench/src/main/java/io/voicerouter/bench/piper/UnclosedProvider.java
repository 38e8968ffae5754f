package io.voicerouter.bench.piper;

import io.voicerouter.spi.AudioSink;
import io.voicerouter.spi.ProviderCapabilities;
import io.voicerouter.spi.ProviderHealth;
import io.voicerouter.spi.SynthesisOutput;
import io.voicerouter.spi.SynthesisRequest;
import io.voicerouter.spi.TtsProvider;

/**
 * A provider handed to a router or server that must not close it: the bench state opened it and
 * closes it after them, so the benchmark's own routers and servers can come and go around one
 * loaded voice.
 */
final class UnclosedProvider implements TtsProvider {
    private final TtsProvider inner;

    UnclosedProvider(TtsProvider inner) {
        this.inner = inner;
    }

    @Override
    public ProviderCapabilities capabilities() {
        return inner.capabilities();
    }

    @Override
    public SynthesisOutput synthesize(SynthesisRequest request) {
        return inner.synthesize(request);
    }

    @Override
    public SynthesisOutput synthesizeStreaming(SynthesisRequest request, AudioSink sink) {
        return inner.synthesizeStreaming(request, sink);
    }

    @Override
    public String modelIdentity(SynthesisRequest request) {
        return inner.modelIdentity(request);
    }

    @Override
    public String voiceIdentity(SynthesisRequest request) {
        return inner.voiceIdentity(request);
    }

    @Override
    public ProviderHealth health() {
        return inner.health();
    }
}
