package io.voicerouter.samples;

import io.voicerouter.audio.AudioData;
import java.util.Objects;

/** Decoded audio, at its original rate and channel count, with the format it came in. */
public record DecodedSample(AudioData audio, SourceFormat format) {
    public DecodedSample {
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(format, "format");
    }
}
