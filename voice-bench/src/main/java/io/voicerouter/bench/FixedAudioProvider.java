package io.voicerouter.bench;

import io.voicerouter.audio.AudioData;
import io.voicerouter.spi.ProviderCapabilities;
import io.voicerouter.spi.SettingSpec;
import io.voicerouter.spi.SynthesisOutput;
import io.voicerouter.spi.SynthesisRequest;
import io.voicerouter.spi.TtsProvider;

import java.util.List;

/**
 * A provider whose synthesis costs next to nothing (it returns one prepared clip), so that timing
 * the router around it measures the router's own work: ordering, checks, settings, stats, trace.
 */
final class FixedAudioProvider implements TtsProvider {
    private final ProviderCapabilities capabilities = ProviderCapabilities.builder("fixed")
            .languages(List.of("en", "de")).sampleRate(22050)
            .setting(SettingSpec.number("speed", "speaking rate", 0.5, 2.0, 1.0)).build();
    private final SynthesisOutput output = SynthesisOutput.of(AudioData.mono(new float[22050], 22050));

    @Override
    public ProviderCapabilities capabilities() {
        return capabilities;
    }

    @Override
    public SynthesisOutput synthesize(SynthesisRequest request) {
        return output;
    }
}
