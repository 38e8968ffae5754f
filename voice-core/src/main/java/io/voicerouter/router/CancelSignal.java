package io.voicerouter.router;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Stops the requests that carry it ({@link SpeechRequest.Builder#cancelledBy}) from any thread:
 * what {@code cancel(true)} on {@code synthesizeAsync}'s future does, for the blocking
 * {@link VoiceRouter#synthesize} and {@link VoiceRouter#stream} too, whose caller has no future to
 * cancel. A server that notices its client went away, or a UI's stop button, calls {@link #cancel()}.
 *
 * <p>On cancel the provider call in progress is interrupted (its next chunk refused), no further
 * provider is tried, nothing is retried, and the provider is not blamed: the stats count the request
 * as neither a success nor a failure, and no cool-down starts. A blocking call ends with
 * {@link SpeechCancelledException}, with its calling thread not interrupted; an async one's future is
 * cancelled. A request that starts with a signal already cancelled ends at once, without work.
 *
 * <p>One signal may stop several requests (all that carry it). Cancelling is idempotent and cannot be
 * undone. Thread-safe; the router forgets a request when it ends, so a long-lived signal holds nothing.
 */
public final class CancelSignal {
    private final Object lock = new Object();
    private final Set<Runnable> listeners = new LinkedHashSet<>();
    private volatile boolean cancelled;

    public CancelSignal() {
    }

    /** Stops every request that carries this signal, now and later. */
    public void cancel() {
        List<Runnable> toRun;
        synchronized (lock) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            toRun = new ArrayList<>(listeners);
            listeners.clear();
        }
        for (Runnable r : toRun) {
            r.run(); // outside the lock: a request's cancel interrupts its thread and completes its future
        }
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Runs {@code onCancel} when cancelled (at once if already); the returned handle forgets it. */
    Runnable register(Runnable onCancel) {
        synchronized (lock) {
            if (!cancelled) {
                listeners.add(onCancel);
                return () -> {
                    synchronized (lock) {
                        listeners.remove(onCancel);
                    }
                };
            }
        }
        onCancel.run();
        return () -> { };
    }

    @Override
    public String toString() {
        return cancelled ? "CancelSignal[cancelled]" : "CancelSignal[]";
    }
}
