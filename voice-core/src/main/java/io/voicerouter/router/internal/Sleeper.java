package io.voicerouter.router.internal;

import java.time.Duration;

/** Waits between retries. Tests replace it so that back-off and Retry-After need no real waiting. */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = d -> {
        if (!d.isZero() && !d.isNegative()) {
            Thread.sleep(d.toMillis(), (int) (d.toNanosPart() % 1_000_000));
        }
    };

    void sleep(Duration duration) throws InterruptedException;
}
