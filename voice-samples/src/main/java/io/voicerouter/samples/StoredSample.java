package io.voicerouter.samples;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A sample in the {@link SampleStore}.
 *
 * @param sha256    lower-case hex SHA-256 of the bytes: the sample's identity
 * @param path      where the bytes are
 * @param sizeBytes file size
 * @param container {@code "wav"} or {@code "mp3"}
 */
public record StoredSample(String sha256, Path path, long sizeBytes, String container) {
    public StoredSample {
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(container, "container");
    }

    /** A {@code file:} URI of the stored copy, for {@code voice_samples[].url} in single-host setups. */
    public URI uri() {
        return path.toUri();
    }
}
