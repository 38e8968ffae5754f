package io.voicerouter.config;

import java.util.Objects;

/**
 * One finding of {@link VoiceConfigValidator}: how bad it is, where (a JSON path such as
 * {@code providers.piper.settings.speed} or {@code voice_samples[0].language}) and what is wrong.
 */
public record ConfigProblem(Severity severity, String path, String message) {
    public enum Severity {
        /** The config must not be used as it is. */
        ERROR,
        /** The config works, but probably not as its author meant. */
        WARNING
    }

    public ConfigProblem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        return severity + " " + path + ": " + message;
    }
}
