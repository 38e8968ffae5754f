package io.voicerouter.server.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the syntheses running at once and the requests waiting for one. A request past the queue,
 * or one that waited too long, is answered 503 with Retry-After instead of piling up threads and
 * memory: on 2 cores, 200 requests at once must all get an answer.
 */
public final class Admission {
    private final Semaphore running;
    private final AtomicInteger waiting = new AtomicInteger();
    private final int maxWaiting;
    private final Duration maxWait;

    public Admission(int maxRunning, int maxWaiting, Duration maxWait) {
        this.running = new Semaphore(maxRunning, true);
        this.maxWaiting = maxWaiting;
        this.maxWait = maxWait;
    }

    /** Returns a permit to release in a finally block, or throws a 503 {@link ApiError}. */
    public Permit enter() {
        if (running.tryAcquire()) {
            return running::release;
        }
        if (waiting.incrementAndGet() > maxWaiting) {
            waiting.decrementAndGet();
            throw busy("every synthesis slot is taken and the queue is full");
        }
        try {
            if (!running.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw busy("no synthesis slot became free within " + maxWait.toSeconds() + " s");
            }
            return running::release;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy("interrupted while waiting for a synthesis slot");
        } finally {
            waiting.decrementAndGet();
        }
    }

    public int waiting() {
        return waiting.get();
    }

    private static ApiError busy(String why) {
        return new ApiError(503, "server_busy", "The server is busy: " + why + "; try again shortly.", null,
                java.util.List.of(), Map.of("Retry-After", "1"), null);
    }

    @FunctionalInterface
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }
}
