package io.voicerouter.samples;

import io.voicerouter.audio.AudioData;
import java.util.List;
import java.util.Objects;

/**
 * The reference audio chosen for one provider.
 *
 * @param providerId the provider
 * @param sampleIds  the sample used, or the samples joined, in order
 * @param joined     whether several samples were joined because none alone was long enough
 * @param score      the expected quality, as {@link ProviderAssessment#score()}
 * @param audio      mono audio at the provider's first conditioning rate, silence trimmed; joined
 *                   samples are loudness-matched and separated by {@value VoiceSampleLibrary#JOIN_GAP_SECONDS} s
 */
public record SampleSelection(String providerId, List<String> sampleIds, boolean joined, double score,
                              AudioData audio) {
    public SampleSelection {
        Objects.requireNonNull(providerId, "providerId");
        sampleIds = List.copyOf(sampleIds);
        Objects.requireNonNull(audio, "audio");
    }

    public double seconds() {
        return audio.durationSeconds();
    }
}
