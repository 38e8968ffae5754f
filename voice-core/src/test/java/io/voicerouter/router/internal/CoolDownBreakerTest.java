package io.voicerouter.router.internal;

import io.voicerouter.router.ResiliencePolicy;
import io.voicerouter.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class CoolDownBreakerTest {
    private final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
    private final CoolDownBreaker breaker = new CoolDownBreaker(ResiliencePolicy.defaults(), clock);

    @Test
    void halfOpenLetsExactlyOneProbeThrough() {
        CoolDownBreaker.Permit p = breaker.tryAcquire();
        breaker.onFailure(p, Duration.ofSeconds(30));
        assertThat(breaker.tryAcquire().granted()).isFalse();
        clock.advance(Duration.ofSeconds(30));
        CoolDownBreaker.Permit probe = breaker.tryAcquire();
        assertThat(probe.granted()).isTrue();
        assertThat(probe.probe()).isTrue();
        assertThat(breaker.tryAcquire().granted()).as("second caller while the probe runs").isFalse();
        breaker.onNeutral(probe); // e.g. bad input: no verdict, the next caller probes
        CoolDownBreaker.Permit next = breaker.tryAcquire();
        assertThat(next.probe()).isTrue();
        breaker.onSuccess(next);
        assertThat(breaker.state()).isEqualTo(CoolDownBreaker.State.CLOSED);
        assertThat(breaker.tryAcquire().probe()).isFalse();
    }

    @Test
    void cooldownGrowthIsCapped() {
        ResiliencePolicy policy = ResiliencePolicy.builder().circuitBreaker(1, 10, Duration.ofMinutes(5)).build();
        CoolDownBreaker b = new CoolDownBreaker(policy, clock);
        b.onFailure(b.tryAcquire(), Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(1));
        b.onFailure(b.tryAcquire(), Duration.ofMinutes(1)); // probe fails: 10 min, capped to 5
        clock.advance(Duration.ofMinutes(5));
        assertThat(b.tryAcquire().granted()).isTrue();
    }

    @Test
    void lateFailuresNeverShortenAnOpenCooldown() {
        CoolDownBreaker.Permit a = breaker.tryAcquire();
        CoolDownBreaker.Permit b = breaker.tryAcquire();
        breaker.onFailure(a, Duration.ofMinutes(10));
        breaker.onFailure(b, Duration.ofSeconds(30));
        clock.advance(Duration.ofMinutes(5));
        assertThat(breaker.tryAcquire().granted()).isFalse();
    }
}
