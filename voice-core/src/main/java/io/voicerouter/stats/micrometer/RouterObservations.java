package io.voicerouter.stats.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.voicerouter.error.VoiceException;
import io.voicerouter.language.Languages;
import io.voicerouter.router.AllProvidersFailedException;
import io.voicerouter.router.Attempt;
import io.voicerouter.router.RouterObserver;
import io.voicerouter.router.SpeechResult;
import io.voicerouter.router.StreamFailedException;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * Micrometer Observations for the router: a {@code voicerouter.request} observation around each
 * request and a child {@code voicerouter.attempt} around each provider turn, so a tracing bridge
 * (Micrometer Tracing to OpenTelemetry or Brave) gets a span per request with a span per provider
 * tried, and the registry's timer handler gets their durations.
 *
 * <p>Every key value is low-cardinality by construction: provider ids, the language's primary
 * subtag when it is one of the language table's (else {@code other}), enum names of outcomes,
 * skip reasons and error kinds, booleans. Never the text, a voice, a personality id or a key.
 *
 * <pre>{@code
 * VoiceRouter.builder().observer(new RouterObservations(observationRegistry))
 * }</pre>
 */
public final class RouterObservations implements RouterObserver {
    public static final String REQUEST = "voicerouter.request";
    public static final String ATTEMPT = "voicerouter.attempt";

    private final ObservationRegistry registry;

    public RouterObservations(ObservationRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public RequestScope requestStarted(RequestStart start) {
        Observation request = Observation.createNotStarted(REQUEST, registry)
                .contextualName("voicerouter speak")
                .lowCardinalityKeyValue("language", language(start.language()))
                .lowCardinalityKeyValue("streaming", Boolean.toString(start.streaming()))
                .start();
        return new RequestScope() {
            @Override
            public AttemptScope attemptStarted(String providerId) {
                Observation attempt = Observation.createNotStarted(ATTEMPT, registry)
                        .contextualName("voicerouter " + providerId)
                        .parentObservation(request)
                        .lowCardinalityKeyValue("provider", providerId)
                        .start();
                return finished -> {
                    attempt.lowCardinalityKeyValue("outcome", finished.map(RouterObservations::outcome).orElse("stopped"))
                            .lowCardinalityKeyValue("reason", finished.map(RouterObservations::reason).orElse("none"))
                            .lowCardinalityKeyValue("cached", Boolean.toString(
                                    finished.filter(a -> a instanceof Attempt.Succeeded s && s.cached()).isPresent()));
                    attempt.stop();
                };
            }

            @Override
            public void finished(Optional<SpeechResult> result, Optional<Throwable> failure) {
                if (result.isPresent()) {
                    SpeechResult r = result.get();
                    request.lowCardinalityKeyValue("outcome", "success")
                            .lowCardinalityKeyValue("provider", r.providerId())
                            .lowCardinalityKeyValue("cached", Boolean.toString(r.cached()))
                            .lowCardinalityKeyValue("fallback", Boolean.toString(r.fellBack()));
                } else {
                    Throwable t = failure.orElse(null);
                    request.lowCardinalityKeyValue("outcome", failureOutcome(t))
                            .lowCardinalityKeyValue("provider", "none")
                            .lowCardinalityKeyValue("cached", "false")
                            .lowCardinalityKeyValue("fallback", "false");
                    if (t != null && !(t instanceof CancellationException)) {
                        // the type only: messages can quote a provider's answer
                        request.error(new ObservedFailure(t.getClass().getSimpleName()));
                    }
                }
                request.stop();
            }
        };
    }

    private static String language(String tag) {
        String primary = tag.split("[-_]", 2)[0].toLowerCase(Locale.ROOT);
        return Languages.byCode(primary).isPresent() ? primary : "other";
    }

    private static String outcome(Attempt a) {
        if (a instanceof Attempt.Succeeded) {
            return "succeeded";
        }
        return a instanceof Attempt.Skipped ? "skipped" : "failed";
    }

    private static String reason(Attempt a) {
        if (a instanceof Attempt.Skipped s) {
            return s.reason().name();
        }
        if (a instanceof Attempt.Failed f) {
            return f.kind().name();
        }
        return "none";
    }

    private static String failureOutcome(Throwable t) {
        if (t instanceof CancellationException) {
            return "cancelled";
        }
        if (t instanceof StreamFailedException) {
            return "stream_broken";
        }
        if (t instanceof AllProvidersFailedException) {
            return "all_failed";
        }
        return t instanceof VoiceException ? "refused" : "error";
    }

    /** Carries only the failure's type into the observation, so no message text reaches a span. */
    static final class ObservedFailure extends RuntimeException {
        ObservedFailure(String type) {
            super(type, null, false, false);
        }
    }
}
