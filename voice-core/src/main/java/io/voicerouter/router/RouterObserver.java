package io.voicerouter.router;

import java.util.Optional;

/**
 * Hears each request and each provider the router considers for it, as they start and end, on the
 * request's own thread: the hook for tracing (Micrometer Observation, OpenTelemetry), which needs a
 * span open while the work runs, not a record after it. {@link io.voicerouter.state.RequestListener}
 * is the after-the-fact record for stores.
 *
 * <p>What an observer is told is bounded on purpose: ids, enum names and counts, never the text, a
 * voice sample or a credential. Implementations must be thread-safe and quick; an exception they
 * throw is logged and never fails the request.
 */
public interface RouterObserver {
    /** The observer that does nothing (the default). */
    RouterObserver NONE = start -> RequestScope.NONE;

    /** A request starts: returns what hears its attempts and its end. */
    RequestScope requestStarted(RequestStart start);

    /**
     * What is known when a request starts.
     *
     * @param language   the normalized language it speaks
     * @param streaming  whether the caller streams it
     * @param characters its length in code points
     * @param personality the request's personality id, if it named one
     */
    record RequestStart(String language, boolean streaming, int characters, Optional<String> personality) {
    }

    /** One request, from start to end. */
    interface RequestScope {
        RequestScope NONE = new RequestScope() {
            @Override
            public AttemptScope attemptStarted(String providerId) {
                return AttemptScope.NONE;
            }

            @Override
            public void finished(Optional<SpeechResult> result, Optional<Throwable> failure) {
            }
        };

        /** The router turns to {@code providerId} (checks, then perhaps a call). */
        AttemptScope attemptStarted(String providerId);

        /** The request ended: with a result, or a failure (all providers failed, a stream broke, cancelled). */
        void finished(Optional<SpeechResult> result, Optional<Throwable> failure);
    }

    /** One provider's turn within a request. */
    interface AttemptScope {
        AttemptScope NONE = attempt -> { };

        /** The turn ended as {@code attempt}; empty when the request was stopped during it. */
        void finished(Optional<Attempt> attempt);
    }
}
