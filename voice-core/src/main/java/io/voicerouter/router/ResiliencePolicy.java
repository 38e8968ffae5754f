package io.voicerouter.router;

import java.time.Duration;
import java.util.Objects;

/**
 * How the router retries, cools down and re-admits providers. Build with {@link #builder()};
 * {@link #defaults()} is what a router uses when none is given.
 *
 * @param maxRetries          extra tries after a transient failure, per provider per request (default 1: one retry, as the cloud services advise)
 * @param initialBackoff      wait before the first retry (default 200 ms)
 * @param backoffMultiplier   growth of the wait from one retry to the next (default 2)
 * @param maxBackoff          the longest wait between retries (default 2 s)
 * @param maxRetryAfter       the longest {@code Retry-After} the router waits out in place; a longer one ends
 *                            the provider's turn and cools it down for that long instead (default 5 s)
 * @param transientCooldown   how long a provider rests after a transient failure (default 30 s)
 * @param brokenCooldown      how long it rests after a broken one: credentials, missing model (default 10 min)
 * @param quotaCooldown       how long it rests when the service says its quota is used up and gives no
 *                            {@code Retry-After} (default 1 h)
 * @param failureThreshold    consecutive failed requests (after retries) that open the circuit (default 1)
 * @param cooldownMultiplier  growth of the cool-down each time a half-open probe fails again (default 2)
 * @param maxCooldown         the longest cool-down the growth can reach (default 30 min)
 */
public record ResiliencePolicy(int maxRetries, Duration initialBackoff, double backoffMultiplier, Duration maxBackoff,
                               Duration maxRetryAfter, Duration transientCooldown, Duration brokenCooldown,
                               Duration quotaCooldown, int failureThreshold, double cooldownMultiplier,
                               Duration maxCooldown) {
    private static final ResiliencePolicy DEFAULTS = builder().build();

    public ResiliencePolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
        Objects.requireNonNull(transientCooldown, "transientCooldown");
        Objects.requireNonNull(brokenCooldown, "brokenCooldown");
        Objects.requireNonNull(quotaCooldown, "quotaCooldown");
        Objects.requireNonNull(maxCooldown, "maxCooldown");
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative");
        }
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failureThreshold must be at least 1");
        }
        if (backoffMultiplier < 1 || cooldownMultiplier < 1) {
            throw new IllegalArgumentException("multipliers must be at least 1");
        }
        for (Duration d : new Duration[]{initialBackoff, maxBackoff, maxRetryAfter, transientCooldown,
                brokenCooldown, quotaCooldown, maxCooldown}) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("durations must not be negative: " + d);
            }
        }
    }

    public static ResiliencePolicy defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The wait before retry number {@code retry} (1-based). */
    public Duration backoff(int retry) {
        double millis = initialBackoff.toMillis() * Math.pow(backoffMultiplier, retry - 1);
        return Duration.ofMillis((long) Math.min(millis, maxBackoff.toMillis()));
    }

    public static final class Builder {
        private int maxRetries = 1;
        private Duration initialBackoff = Duration.ofMillis(200);
        private double backoffMultiplier = 2;
        private Duration maxBackoff = Duration.ofSeconds(2);
        private Duration maxRetryAfter = Duration.ofSeconds(5);
        private Duration transientCooldown = Duration.ofSeconds(30);
        private Duration brokenCooldown = Duration.ofMinutes(10);
        private Duration quotaCooldown = Duration.ofHours(1);
        private int failureThreshold = 1;
        private double cooldownMultiplier = 2;
        private Duration maxCooldown = Duration.ofMinutes(30);

        private Builder() {
        }

        public Builder maxRetries(int n) {
            this.maxRetries = n;
            return this;
        }

        /** Exponential back-off between retries: {@code initial * multiplier^(retry-1)}, at most {@code max}. */
        public Builder backoff(Duration initial, double multiplier, Duration max) {
            this.initialBackoff = initial;
            this.backoffMultiplier = multiplier;
            this.maxBackoff = max;
            return this;
        }

        public Builder maxRetryAfter(Duration d) {
            this.maxRetryAfter = d;
            return this;
        }

        public Builder transientCooldown(Duration d) {
            this.transientCooldown = d;
            return this;
        }

        public Builder brokenCooldown(Duration d) {
            this.brokenCooldown = d;
            return this;
        }

        public Builder quotaCooldown(Duration d) {
            this.quotaCooldown = d;
            return this;
        }

        /** Circuit-breaker thresholds: failures that open it, cool-down growth per failed probe, its cap. */
        public Builder circuitBreaker(int failureThreshold, double cooldownMultiplier, Duration maxCooldown) {
            this.failureThreshold = failureThreshold;
            this.cooldownMultiplier = cooldownMultiplier;
            this.maxCooldown = maxCooldown;
            return this;
        }

        public ResiliencePolicy build() {
            return new ResiliencePolicy(maxRetries, initialBackoff, backoffMultiplier, maxBackoff, maxRetryAfter,
                    transientCooldown, brokenCooldown, quotaCooldown, failureThreshold, cooldownMultiplier,
                    maxCooldown);
        }
    }
}
