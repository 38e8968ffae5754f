package io.voicerouter.samples;

import io.voicerouter.config.VoiceConfig;
import io.voicerouter.config.VoiceSample;
import java.util.Objects;

/** The result of adding a sample: the updated config, its new entry, the stored file and the report. */
public record AddedSample(VoiceConfig config, VoiceSample sample, StoredSample stored, SampleQualityReport report) {
    public AddedSample {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(sample, "sample");
        Objects.requireNonNull(stored, "stored");
        Objects.requireNonNull(report, "report");
    }
}
