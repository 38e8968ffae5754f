package io.voicerouter.router.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One request's stop signal, read by everything below the walk: its deadline, whether its future is
 * already done (timed out, cancelled, router closed) and the thread to interrupt. State flows one
 * way: the request's owner and the timer write it, the provider call only reads it.
 */
final class RunControl {
    private final CompletableFuture<?> future;
    private final long startNanos;
    private final long deadlineNanos;
    private final Instant deadline;
    private final Optional<Duration> timeout;
    private volatile boolean inline;
    // Guarded by this.
    private Thread worker;
    private boolean interruptedByRouter;

    RunControl(CompletableFuture<?> future, Optional<Duration> timeout) {
        this.future = future;
        this.timeout = timeout;
        this.startNanos = System.nanoTime();
        this.deadlineNanos = timeout.map(t -> startNanos + t.toNanos()).orElse(Long.MAX_VALUE);
        this.deadline = timeout.map(t -> Instant.now().plus(t)).orElse(Instant.MAX);
    }

    long startNanos() {
        return startNanos;
    }

    Duration sinceStart() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    Instant deadline() {
        return deadline;
    }

    Optional<Duration> timeout() {
        return timeout;
    }

    boolean deadlinePassed() {
        return System.nanoTime() - deadlineNanos >= 0;
    }

    long nanosLeft() {
        return deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadlineNanos - System.nanoTime();
    }

    /** The request is over for its caller: completed, timed out, cancelled or aborted. */
    boolean stopped() {
        noticeCallerInterrupt();
        return future.isDone();
    }

    boolean cancelled() {
        noticeCallerInterrupt();
        return future.isCancelled();
    }

    void runningInline() {
        inline = true;
    }

    synchronized void bind(Thread thread) {
        worker = thread;
    }

    /** Forgets the worker; true when the router (timer, close, cancel) interrupted it. */
    synchronized boolean unbind() {
        worker = null;
        return interruptedByRouter;
    }

    synchronized void interruptWorker() {
        if (worker != null) {
            interruptedByRouter = true;
            worker.interrupt();
        }
    }

    /**
     * On the caller's thread an interrupt from the caller is the only way to give up: treat it as a
     * cancel, checked wherever the executor path checks for one.
     */
    private void noticeCallerInterrupt() {
        if (inline && !future.isDone() && Thread.currentThread().isInterrupted()) {
            synchronized (this) {
                if (!interruptedByRouter && worker == Thread.currentThread()) {
                    future.cancel(false);
                }
            }
        }
    }
}
