package io.voicerouter.provider.ibm;

import com.ibm.cloud.sdk.core.service.exception.ServiceResponseException;
import io.voicerouter.cloud.HttpStatusKinds;
import io.voicerouter.cloud.RetryAfter;
import io.voicerouter.cloud.Secrets;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Maps what the SDK throws onto the router's kinds. SDK exceptions are not attached as causes:
 * their messages are the service's words, so only a scrubbed copy travels on.
 */
final class IbmErrors {
    private IbmErrors() {
    }

    /**
     * @param voice the voice the request named, if any: a 404 that names it is an unknown voice (bad
     *              input for this personality); any other 404 means the service URL is wrong
     */
    static ProviderException map(RuntimeException e, IbmSettings settings, Clock clock, String what, String voice) {
        if (e instanceof GuardedAuthenticator.TokenFailure tf) {
            return fromTokenFailure(tf.getCause(), settings, clock);
        }
        if (e instanceof ServiceResponseException sre) {
            boolean unknownVoice = sre.getStatusCode() == 404 && voice != null && sre.getMessage() != null
                    && sre.getMessage().contains(voice);
            return fromStatus(sre, settings, clock, what, unknownVoice);
        }
        return fromTransport(e, what);
    }

    private static ProviderException fromTokenFailure(Throwable cause, IbmSettings settings, Clock clock) {
        if (cause instanceof ServiceResponseException sre) {
            int status = sre.getStatusCode();
            String detail = detail(sre.getMessage(), settings);
            if (status == 429) {
                return new ProviderException(IbmWatsonProvider.ID, ErrorKind.RATE_LIMITED,
                        "IAM is rate limiting token requests (HTTP 429)" + detail, retryAfter(sre, clock), null);
            }
            if (status >= 500) {
                return new ProviderException(IbmWatsonProvider.ID, ErrorKind.SERVER_ERROR,
                        "IAM failed to issue a token (HTTP " + status + ")" + detail);
            }
            return new ProviderException(IbmWatsonProvider.ID, ErrorKind.AUTHENTICATION,
                    "IAM refused the API key (HTTP " + status + "): check " + IbmSettings.API_KEY + detail);
        }
        return fromTransport(cause instanceof RuntimeException r ? r : new RuntimeException(cause), "IAM token request");
    }

    private static ProviderException fromStatus(ServiceResponseException sre, IbmSettings settings, Clock clock, String what,
                                                boolean unknownVoice) {
        int status = sre.getStatusCode();
        String detail = detail(sre.getMessage(), settings);
        ErrorKind kind = unknownVoice ? ErrorKind.BAD_INPUT : HttpStatusKinds.of(status);
        String message = switch (kind) {
            case AUTHENTICATION -> what + ": the service refused the credentials (HTTP " + status + ")";
            case RATE_LIMITED -> what + ": too many requests (HTTP 429)";
            case BAD_INPUT -> what + ": the service rejected this request (HTTP " + status + ")";
            case MISCONFIGURED -> what + ": the service cannot serve this request as configured (HTTP " + status
                    + "): check " + IbmSettings.SERVICE_URL;
            case TIMEOUT -> what + ": the service timed out (HTTP " + status + ")";
            default -> what + ": the service failed (HTTP " + status + ")";
        };
        Duration retryAfter = status == 429 || status == 503 ? retryAfter(sre, clock) : null;
        return new ProviderException(IbmWatsonProvider.ID, kind, message + detail, retryAfter, null);
    }

    private static ProviderException fromTransport(RuntimeException e, String what) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedIOException) {
                return new ProviderException(IbmWatsonProvider.ID, ErrorKind.TIMEOUT, what + " timed out", t);
            }
            if (t instanceof IOException) {
                return new ProviderException(IbmWatsonProvider.ID, ErrorKind.SERVER_ERROR,
                        what + ": could not reach the service (" + t.getClass().getSimpleName() + ")", t);
            }
        }
        return new ProviderException(IbmWatsonProvider.ID, ErrorKind.INTERNAL,
                what + " failed unexpectedly (" + e.getClass().getSimpleName() + ")");
    }

    private static Duration retryAfter(ServiceResponseException sre, Clock clock) {
        if (sre.getHeaders() == null) {
            return null;
        }
        List<String> values = sre.getHeaders().values("Retry-After");
        return values == null || values.isEmpty() ? null : RetryAfter.parse(values.get(0), clock).orElse(null);
    }

    private static String detail(String message, IbmSettings settings) {
        return Secrets.detail(message, settings.apiKey());
    }
}
