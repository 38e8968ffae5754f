package io.voicerouter.router.internal;

import io.voicerouter.router.ResiliencePolicy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One provider's circuit breaker, on the router's injectable clock. CLOSED counts consecutive
 * failed requests; at the policy's threshold it opens for a cool-down chosen by the failure (a
 * transient one, a broken one, or a service's {@code Retry-After}). Once the cool-down has passed,
 * the next request is let through as the single half-open probe: success closes the breaker, failure
 * re-opens it for a longer cool-down. Outcomes that say nothing of health (bad input, a cache hit, a
 * cancellation) just hand the probe back.
 *
 * <p>Why not resilience4j's CircuitBreaker: its open-state wait is a function of the attempt number
 * only, so it cannot honour a cool-down chosen per failure (Retry-After, broken vs transient).
 */
final class CoolDownBreaker {
    enum State { CLOSED, OPEN, HALF_OPEN }

    /** A permission to call; {@code probe} when it is the half-open trial call. */
    record Permit(boolean granted, boolean probe, Instant openUntil) {
    }

    private final ResiliencePolicy policy;
    private final Clock clock;
    private State state = State.CLOSED;
    private int consecutiveFailures;
    private int reopenings;
    private Instant openUntil = Instant.MIN;
    private boolean probeInFlight;

    CoolDownBreaker(ResiliencePolicy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
    }

    synchronized Permit tryAcquire() {
        Instant now = clock.instant();
        if (state == State.OPEN && !now.isBefore(openUntil)) {
            state = State.HALF_OPEN;
            probeInFlight = false;
        }
        return switch (state) {
            case CLOSED -> new Permit(true, false, Instant.MIN);
            case OPEN -> new Permit(false, false, openUntil);
            case HALF_OPEN -> {
                if (probeInFlight) {
                    yield new Permit(false, false, openUntil);
                }
                probeInFlight = true;
                yield new Permit(true, true, openUntil);
            }
        };
    }

    synchronized void onSuccess(Permit permit) {
        consecutiveFailures = 0;
        if (permit.probe() || state == State.HALF_OPEN) {
            state = State.CLOSED;
            reopenings = 0;
            probeInFlight = false;
        }
    }

    /** A failure that counts against health; {@code cooldown} is the base rest for its kind. */
    synchronized void onFailure(Permit permit, Duration cooldown) {
        Instant now = clock.instant();
        if (permit.probe() || state == State.HALF_OPEN) {
            reopenings++;
            open(now, grow(cooldown, reopenings));
            return;
        }
        consecutiveFailures++;
        if (state == State.OPEN) {
            // Requests already in flight when the breaker opened may fail too: never shorten the rest.
            Instant until = now.plus(cooldown);
            openUntil = until.isAfter(openUntil) ? until : openUntil;
        } else if (consecutiveFailures >= policy.failureThreshold()) {
            open(now, cooldown);
        }
    }

    /** The call ended without a verdict on health. */
    synchronized void onNeutral(Permit permit) {
        if (permit.probe()) {
            probeInFlight = false;
        }
    }

    synchronized State state() {
        if (state == State.OPEN && !clock.instant().isBefore(openUntil)) {
            return State.HALF_OPEN;
        }
        return state;
    }

    private void open(Instant now, Duration cooldown) {
        state = State.OPEN;
        probeInFlight = false;
        consecutiveFailures = 0;
        openUntil = now.plus(cooldown);
    }

    private Duration grow(Duration base, int times) {
        double millis = base.toMillis() * Math.pow(policy.cooldownMultiplier(), times);
        long cap = Math.max(policy.maxCooldown().toMillis(), base.toMillis());
        return Duration.ofMillis((long) Math.min(millis, cap));
    }
}
