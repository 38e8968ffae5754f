package io.voicerouter.spi;

import java.util.Objects;

/**
 * What {@link TtsProvider#checkConfig} finds wrong with the voice or settings a personality gives
 * it: how bad, where (relative to the provider's entry: {@code settings.voice}, {@code voice_id})
 * and what. The config validator turns these into its own report, under the entry's path.
 */
public record EntryProblem(Severity severity, String path, String message) {
    public enum Severity {
        /** The entry must not be used as it is. */
        ERROR,
        /** The entry works, but probably not as its author meant. */
        WARNING
    }

    public EntryProblem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    public static EntryProblem error(String path, String message) {
        return new EntryProblem(Severity.ERROR, path, message);
    }

    public static EntryProblem warning(String path, String message) {
        return new EntryProblem(Severity.WARNING, path, message);
    }
}
