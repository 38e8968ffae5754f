package io.voicerouter.config;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** One entry of {@code voice_config.voice_samples}: a reference recording of the personality's voice. */
public record VoiceSample(String id,
                          String url,
                          Optional<Double> duration,
                          Optional<String> language,
                          Optional<Double> qualityScore,
                          Optional<Instant> uploadedAt,
                          Optional<String> notes,
                          Map<String, Object> extra) {
    public VoiceSample {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(qualityScore, "qualityScore");
        Objects.requireNonNull(uploadedAt, "uploadedAt");
        Objects.requireNonNull(notes, "notes");
        extra = ConfigMaps.copy(extra);
    }
}
