package io.voicerouter.error;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One provider could not serve one request. Carries the {@link ErrorKind} the router acts on and,
 * for rate limits, how long the service asked us to wait. Messages must never contain secrets.
 */
public class ProviderException extends VoiceException {
    private final String providerId;
    private final ErrorKind kind;
    private final Duration retryAfter;

    public ProviderException(String providerId, ErrorKind kind, String message) {
        this(providerId, kind, message, null, null);
    }

    public ProviderException(String providerId, ErrorKind kind, String message, Throwable cause) {
        this(providerId, kind, message, null, cause);
    }

    public ProviderException(String providerId, ErrorKind kind, String message, Duration retryAfter,
                             Throwable cause) {
        super(providerId + ": " + message, cause);
        this.providerId = Objects.requireNonNull(providerId, "providerId");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.retryAfter = retryAfter;
    }

    public String providerId() {
        return providerId;
    }

    public ErrorKind kind() {
        return kind;
    }

    /** The wait the service asked for (HTTP Retry-After), when it said one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
