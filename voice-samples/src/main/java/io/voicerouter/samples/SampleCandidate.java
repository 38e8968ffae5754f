package io.voicerouter.samples;

import java.util.Objects;

/** One of a personality's samples, decoded, offered to {@link VoiceSampleLibrary#select}. */
public record SampleCandidate(String sampleId, DecodedSample sample) {
    public SampleCandidate {
        Objects.requireNonNull(sampleId, "sampleId");
        Objects.requireNonNull(sample, "sample");
    }
}
