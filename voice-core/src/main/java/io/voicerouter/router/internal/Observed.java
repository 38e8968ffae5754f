package io.voicerouter.router.internal;

import io.voicerouter.router.Attempt;
import io.voicerouter.router.RouterObserver;
import io.voicerouter.router.SpeechResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/** Calls a {@link RouterObserver} so that an observer that throws never fails a request. */
final class Observed {
    private static final Logger LOG = LoggerFactory.getLogger("io.voicerouter.router.VoiceRouter");

    private Observed() {
    }

    static RouterObserver.RequestScope request(RouterObserver observer, RouterObserver.RequestStart start) {
        try {
            RouterObserver.RequestScope scope = observer.requestStarted(start);
            return scope != null ? scope : RouterObserver.RequestScope.NONE;
        } catch (RuntimeException e) {
            LOG.warn("A router observer failed at a request's start: {}", GuardedProvider.describe(e));
            return RouterObserver.RequestScope.NONE;
        }
    }

    static RouterObserver.AttemptScope attempt(RouterObserver.RequestScope scope, String providerId) {
        try {
            RouterObserver.AttemptScope a = scope.attemptStarted(providerId);
            return a != null ? a : RouterObserver.AttemptScope.NONE;
        } catch (RuntimeException e) {
            LOG.warn("A router observer failed at {}'s turn: {}", providerId, GuardedProvider.describe(e));
            return RouterObserver.AttemptScope.NONE;
        }
    }

    static void attemptFinished(RouterObserver.AttemptScope scope, Attempt attempt) {
        try {
            scope.finished(Optional.ofNullable(attempt));
        } catch (RuntimeException e) {
            LOG.warn("A router observer failed at a turn's end: {}", GuardedProvider.describe(e));
        }
    }

    static void finished(RouterObserver.RequestScope scope, SpeechResult result, Throwable failure) {
        try {
            scope.finished(Optional.ofNullable(result), Optional.ofNullable(failure));
        } catch (RuntimeException e) {
            LOG.warn("A router observer failed at a request's end: {}", GuardedProvider.describe(e));
        }
    }
}
