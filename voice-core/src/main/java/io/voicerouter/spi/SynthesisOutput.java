package io.voicerouter.spi;

import io.voicerouter.audio.AudioData;

import java.util.Map;
import java.util.Objects;

/**
 * A provider's answer: the audio and facts about how it was made ({@code device}, {@code voice},
 * {@code model}), which the router passes on in the result's metadata.
 */
public record SynthesisOutput(AudioData audio, Map<String, String> metadata) {
    public SynthesisOutput {
        Objects.requireNonNull(audio, "audio");
        metadata = Map.copyOf(metadata);
    }

    public static SynthesisOutput of(AudioData audio) {
        return new SynthesisOutput(audio, Map.of());
    }
}
