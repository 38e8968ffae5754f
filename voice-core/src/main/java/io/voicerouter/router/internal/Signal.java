package io.voicerouter.router.internal;

/**
 * Why a call ended that is not the provider's fault; passes through the retry loop untouched and
 * is never judged by the breaker. No stack trace: these are control flow, not errors.
 */
abstract sealed class Signal extends RuntimeException {
    private Signal(String message, Throwable cause) {
        super(message, cause, false, false);
    }

    /** Another request took the last of the quota between the admission check and the reservation. */
    static final class QuotaTaken extends Signal {
        QuotaTaken(String message) {
            super(message, null);
        }
    }

    /** The request was cancelled, timed out or aborted while this provider was working. */
    static final class Stopped extends Signal {
        Stopped() {
            super("the request was stopped", null);
        }
    }

    /** The caller's own sink threw: the stream ends with that exception, the provider is not blamed. */
    static final class SinkFailed extends Signal {
        SinkFailed(RuntimeException cause) {
            super("the caller's sink threw", cause);
        }

        RuntimeException original() {
            return (RuntimeException) getCause();
        }
    }
}
