package io.voicerouter.provider.google;

import com.google.api.client.http.HttpResponseException;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.voicerouter.cloud.RetryAfter;
import io.voicerouter.cloud.Secrets;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;

/**
 * Maps what the client library throws onto the router's {@link ErrorKind}s. Works from the HTTP
 * answer itself where there is one (status, Google's JSON error body, Retry-After), because gax's
 * status codes lose facts we need: an invalid API key is HTTP 400 with reason
 * {@code API_KEY_INVALID}, which is not bad input, and a refused connection surfaces as code 400 too.
 */
final class GoogleErrors {
    private static final Set<String> SETUP_REASONS = Set.of(
            "SERVICE_DISABLED", "ACCESS_NOT_CONFIGURED", "BILLING_DISABLED", "CONSUMER_INVALID");

    private GoogleErrors() {
    }

    static ProviderException map(Throwable thrown, String secret, Clock clock) {
        Throwable safe = Secrets.safeCause(thrown, secret);
        HttpResponseException http = find(thrown, HttpResponseException.class);
        if (http != null) {
            return fromHttp(http, safe, secret, clock);
        }
        ApiException api = find(thrown, ApiException.class);
        StatusCode.Code code = api == null ? null : api.getStatusCode().getCode();
        if (code == StatusCode.Code.DEADLINE_EXCEEDED || find(thrown, SocketTimeoutException.class) != null
                || find(thrown, CancellationException.class) != null) {
            return new ProviderException(GoogleTtsProvider.ID, ErrorKind.TIMEOUT, "the request timed out", safe);
        }
        IOException io = find(thrown, IOException.class);
        if (io != null) {
            // No HTTP answer at all: refused, reset, unknown host. The service may be back soon.
            ErrorKind kind = io instanceof InterruptedIOException ? ErrorKind.TIMEOUT : ErrorKind.SERVER_ERROR;
            return new ProviderException(GoogleTtsProvider.ID, kind,
                    "cannot reach the service (" + io.getClass().getSimpleName() + ")", safe);
        }
        if (code != null) {
            return fromGrpcCode(code, safe);
        }
        return new ProviderException(GoogleTtsProvider.ID, ErrorKind.INTERNAL,
                "unexpected failure: " + thrown.getClass().getSimpleName(), safe);
    }

    private static ProviderException fromHttp(HttpResponseException http, Throwable safe, String secret, Clock clock) {
        int status = http.getStatusCode();
        GoogleError body = GoogleError.parse(http.getContent());
        String message = "HTTP " + status + (body.status.isEmpty() ? "" : " " + body.status)
                + (body.message.isEmpty() ? "" : ": " + Secrets.redact(body.message, secret));
        ErrorKind kind;
        Duration retryAfter = null;
        if (body.reason.startsWith("API_KEY_")) {
            kind = ErrorKind.AUTHENTICATION;
        } else if (SETUP_REASONS.contains(body.reason)) {
            kind = ErrorKind.MISCONFIGURED;
        } else if (status == 401 || status == 403) {
            kind = ErrorKind.AUTHENTICATION;
        } else if (status == 429) {
            kind = ErrorKind.RATE_LIMITED;
            retryAfter = RetryAfter.parse(http.getHeaders().getRetryAfter(), clock).orElse(null);
            if (retryAfter == null) {
                retryAfter = body.retryDelay;
            }
        } else if (status == 404) {
            kind = ErrorKind.MISCONFIGURED;
        } else if (status == 408 || status == 499 || status == 504) {
            kind = ErrorKind.TIMEOUT;
        } else if (status >= 500) {
            kind = ErrorKind.SERVER_ERROR;
        } else if (status >= 400) {
            kind = ErrorKind.BAD_INPUT;
        } else {
            kind = ErrorKind.INTERNAL;
        }
        return new ProviderException(GoogleTtsProvider.ID, kind, message, retryAfter, safe);
    }

    private static ProviderException fromGrpcCode(StatusCode.Code code, Throwable safe) {
        ErrorKind kind = switch (code) {
            case UNAUTHENTICATED, PERMISSION_DENIED -> ErrorKind.AUTHENTICATION;
            case RESOURCE_EXHAUSTED -> ErrorKind.RATE_LIMITED;
            case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> ErrorKind.BAD_INPUT;
            case NOT_FOUND, UNIMPLEMENTED -> ErrorKind.MISCONFIGURED;
            case DEADLINE_EXCEEDED, CANCELLED -> ErrorKind.TIMEOUT;
            case UNAVAILABLE, INTERNAL, UNKNOWN, ABORTED, DATA_LOSS -> ErrorKind.SERVER_ERROR;
            default -> ErrorKind.INTERNAL;
        };
        return new ProviderException(GoogleTtsProvider.ID, kind, "request failed: " + code, safe);
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    /** The fields we use from Google's error body: {"error": {"code", "message", "status", "details"}}. */
    private record GoogleError(String message, String status, String reason, Duration retryDelay) {
        static GoogleError parse(String content) {
            if (content == null || content.isBlank()) {
                return new GoogleError("", "", "", null);
            }
            try {
                JsonElement root = JsonParser.parseString(content);
                JsonObject error = root.isJsonObject() && root.getAsJsonObject().has("error")
                        ? root.getAsJsonObject().getAsJsonObject("error") : null;
                if (error == null) {
                    return new GoogleError("", "", "", null);
                }
                String reason = "";
                Duration delay = null;
                if (error.has("details") && error.get("details").isJsonArray()) {
                    JsonArray details = error.getAsJsonArray("details");
                    for (JsonElement d : details) {
                        if (!d.isJsonObject()) {
                            continue;
                        }
                        JsonObject o = d.getAsJsonObject();
                        String type = string(o, "@type");
                        if (type.endsWith("google.rpc.ErrorInfo")) {
                            reason = string(o, "reason");
                        } else if (type.endsWith("google.rpc.RetryInfo")) {
                            delay = protoDuration(string(o, "retryDelay"));
                        }
                    }
                }
                return new GoogleError(string(error, "message"), string(error, "status"), reason, delay);
            } catch (RuntimeException notJson) {
                return new GoogleError("", "", "", null);
            }
        }

        private static String string(JsonObject o, String field) {
            JsonElement e = o.get(field);
            return e != null && e.isJsonPrimitive() ? e.getAsString() : "";
        }

        /** google.protobuf.Duration in JSON: "30s", "1.500s". */
        private static Duration protoDuration(String s) {
            if (!s.toLowerCase(Locale.ROOT).endsWith("s")) {
                return null;
            }
            try {
                return Duration.ofNanos(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 1e9));
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
