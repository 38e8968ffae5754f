package io.voicerouter.server.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Bounds the syntheses running at once and the requests waiting for one. A request past the queue,
 * or one that waited too long, is answered 503 with Retry-After instead of piling up threads and
 * memory: on 2 cores, 200 requests at once must all get an answer.
 *
 * <p>The queue is first come, first served: a freed slot passes straight to the oldest waiter. A
 * waiter whose client goes away leaves the queue at once (its place is free for the next client) and
 * gets {@link ClientLeft}; a semaphore could only be left by interrupting the waiting thread, which
 * belongs to the HTTP server.
 */
public final class Admission {
    private final int maxRunning;
    private final int maxWaiting;
    private final Duration maxWait;
    private int running; // guarded by this
    private final ArrayDeque<CompletableFuture<Void>> queue = new ArrayDeque<>(); // guarded by this

    public Admission(int maxRunning, int maxWaiting, Duration maxWait) {
        this.maxRunning = maxRunning;
        this.maxWaiting = maxWaiting;
        this.maxWait = maxWait;
    }

    /** The client went away while its request waited for a slot; it holds no slot and no place. */
    public static final class ClientLeft extends RuntimeException {
        ClientLeft() {
            super("The client went away while its request waited for a synthesis slot", null, false, false);
        }
    }

    /** {@link #enter(Consumer)} for work no client can walk away from. */
    public Permit enter() {
        return enter(onGone -> { });
    }

    /**
     * Returns a permit to release in a finally block, or throws a 503 {@link ApiError}.
     *
     * @param whenClientGone takes the action that ends this request's wait, to run if its client
     *                       goes away while it waits (then {@link ClientLeft} is thrown)
     */
    public Permit enter(Consumer<Runnable> whenClientGone) {
        CompletableFuture<Void> turn;
        synchronized (this) {
            if (running < maxRunning && queue.isEmpty()) {
                running++;
                return this::release;
            }
            if (queue.size() >= maxWaiting) {
                throw busy("every synthesis slot is taken and the queue is full");
            }
            turn = new CompletableFuture<>();
            queue.addLast(turn);
        }
        whenClientGone.accept(() -> {
            if (leave(turn)) {
                turn.completeExceptionally(new ClientLeft());
            }
        });
        try {
            turn.get(maxWait.toNanos(), TimeUnit.NANOSECONDS);
            return this::release;
        } catch (ExecutionException e) { // only a client that left completes a turn exceptionally
            throw (ClientLeft) e.getCause();
        } catch (TimeoutException e) {
            if (leave(turn)) {
                throw busy("no synthesis slot became free within " + maxWait.toSeconds() + " s");
            }
            return this::release; // the slot came as the wait ended: it is this request's now
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (!leave(turn)) {
                release(); // handed a slot in the same instant: pass it on
            }
            throw busy("interrupted while waiting for a synthesis slot");
        }
    }

    /** Takes {@code turn} out of the queue; false when a slot was handed to it already. */
    private synchronized boolean leave(CompletableFuture<Void> turn) {
        return queue.remove(turn);
    }

    /** Hands the slot to the oldest waiter, or frees it. */
    private void release() {
        CompletableFuture<Void> next;
        synchronized (this) {
            next = queue.pollFirst();
            if (next == null) {
                running--;
                return;
            }
        }
        next.complete(null); // outside the lock: the waiter's thread wakes and runs with this slot
    }

    public synchronized int waiting() {
        return queue.size();
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
