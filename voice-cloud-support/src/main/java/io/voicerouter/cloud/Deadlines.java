package io.voicerouter.cloud;

import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Bounds each call to a service by the provider's time-out and the request's deadline. */
public final class Deadlines {
    private Deadlines() {
    }

    /**
     * The time one call may take: {@code timeout}, or less when the deadline comes sooner.
     *
     * @throws ProviderException TIMEOUT when the deadline has passed, so no call is made
     */
    public static Duration callTimeout(String providerId, Instant deadline, Duration timeout, Clock clock) {
        if (deadline.equals(Instant.MAX)) {
            return timeout;
        }
        Duration left = Duration.between(clock.instant(), deadline);
        if (left.isNegative() || left.isZero()) {
            throw new ProviderException(providerId, ErrorKind.TIMEOUT, "the request's deadline passed before the call");
        }
        return left.compareTo(timeout) < 0 ? left : timeout;
    }
}
