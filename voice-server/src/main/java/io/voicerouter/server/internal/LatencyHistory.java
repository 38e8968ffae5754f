package io.voicerouter.server.internal;

import io.voicerouter.router.RouterObserver;
import io.voicerouter.router.SpeechResult;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The last requests the router finished, for the console's latency chart: the stats keep averages
 * and percentiles but no series over time. Registered as the router's observer, so every request
 * counts whichever endpoint made it; holds ids, times and counts only (never text). Bounded and
 * thread-safe.
 */
public final class LatencyHistory implements RouterObserver {
    /** One finished request. {@code provider} is empty when every provider failed. */
    public record Point(long atEpochMs, Optional<String> provider, Optional<String> personality, double latencyMs,
                        boolean ok, boolean cached, boolean streaming, double audioSeconds) {
    }

    private final int capacity;
    private final Clock clock;
    private final ArrayDeque<Point> points;

    public LatencyHistory(int capacity, Clock clock) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.clock = clock;
        this.points = new ArrayDeque<>(capacity);
    }

    @Override
    public RequestScope requestStarted(RequestStart start) {
        long startedNanos = System.nanoTime();
        return new RequestScope() {
            @Override
            public AttemptScope attemptStarted(String providerId) {
                return AttemptScope.NONE;
            }

            @Override
            public void finished(Optional<SpeechResult> result, Optional<Throwable> failure) {
                double elapsedMs = result.map(r -> r.latency().toNanos() / 1e6)
                        .orElse((System.nanoTime() - startedNanos) / 1e6);
                add(new Point(clock.millis(), result.map(SpeechResult::providerId), start.personality(), elapsedMs,
                        result.isPresent(), result.map(SpeechResult::cached).orElse(false), start.streaming(),
                        result.map(r -> r.audio().durationSeconds()).orElse(0.0)));
            }
        };
    }

    void add(Point p) {
        synchronized (points) {
            if (points.size() == capacity) {
                points.removeFirst();
            }
            points.addLast(p);
        }
    }

    /** The points after {@code sinceEpochMs}, oldest first. */
    public List<Point> since(long sinceEpochMs) {
        synchronized (points) {
            List<Point> out = new ArrayList<>();
            for (Point p : points) {
                if (p.atEpochMs() > sinceEpochMs) {
                    out.add(p);
                }
            }
            return out;
        }
    }
}
