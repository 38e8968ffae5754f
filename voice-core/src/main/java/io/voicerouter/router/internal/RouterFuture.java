package io.voicerouter.router.internal;

import io.voicerouter.router.SpeechResult;

import java.util.concurrent.CompletableFuture;

/**
 * The future of one request. Unlike a plain CompletableFuture, {@code cancel(true)} interrupts the
 * provider call in progress, and the chain stops there.
 */
public final class RouterFuture extends CompletableFuture<SpeechResult> {
    private volatile RequestRun run;

    public void attach(RequestRun run) {
        this.run = run;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        RequestRun r = run;
        if (cancelled && mayInterruptIfRunning && r != null) {
            r.interruptWorker();
        }
        return cancelled;
    }

    /** Called by the router's timer when the request's timeout passes. */
    public void timeOut() {
        RequestRun r = run;
        if (r != null && !isDone() && completeExceptionally(r.timeoutFailure())) {
            r.interruptWorker();
        }
    }

    /** Ends the request with {@code cause} (the router is closing) and interrupts its provider call. */
    public void abort(Throwable cause) {
        RequestRun r = run;
        if (completeExceptionally(cause) && r != null) {
            r.interruptWorker();
        }
    }
}
