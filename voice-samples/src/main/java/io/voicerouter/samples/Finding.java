package io.voicerouter.samples;

import java.util.Objects;

/**
 * One thing the analyzer noticed, with a fix in plain language.
 *
 * @param severity how much it matters
 * @param code     a stable machine-readable id, e.g. {@code noise}, {@code clipping}, {@code trailing_silence}
 * @param message  what was measured, e.g. "2.8 s of silence at the end"
 * @param fix      what to do, e.g. "trim 2.5 s of silence at the end"
 */
public record Finding(Severity severity, String code, String message, String fix) {
    public enum Severity {
        /** Worth knowing; the sample works as it is. */
        INFO,
        /** Lowers cloning quality; fix it if you can. */
        WARNING,
        /** The sample should not be used as it is. */
        ERROR
    }

    public Finding {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(fix, "fix");
    }
}
