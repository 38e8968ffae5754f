package io.voicerouter.provider.azure;

import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/** Maps the service's HTTP answers onto the router's error kinds. */
final class AzureErrors {
    private static final int MAX_DETAIL = 200;

    private AzureErrors() {
    }

    static ProviderException fromResponse(HttpResponse<byte[]> response, AzureSettings settings, Clock clock) {
        int status = response.statusCode();
        String detail = detail(response.body(), settings);
        Duration retryAfter = response.headers().firstValue("Retry-After")
                .flatMap(v -> RetryAfter.parse(v, clock)).orElse(null);
        ErrorKind kind = kindOf(status);
        String message = switch (kind) {
            case AUTHENTICATION -> "the service refused the credentials (HTTP " + status + "): check "
                    + AzureSettings.KEY + " and the region";
            case RATE_LIMITED -> "too many requests (HTTP 429)" + (retryAfter == null ? "" : ", retry after " + retryAfter);
            case BAD_INPUT -> "the service rejected this request (HTTP " + status + ")";
            case MISCONFIGURED -> "the endpoint does not serve text to speech (HTTP " + status + "): check "
                    + AzureSettings.REGION + " or " + AzureSettings.ENDPOINT;
            case TIMEOUT -> "the service timed out (HTTP " + status + ")";
            default -> "the service failed (HTTP " + status + ")";
        };
        return new ProviderException(AzureTtsProvider.ID, kind, message + detail, retryAfter, null);
    }

    static ErrorKind kindOf(int status) {
        return switch (status) {
            case 400, 413, 422 -> ErrorKind.BAD_INPUT;
            case 401, 403 -> ErrorKind.AUTHENTICATION;
            case 404, 405, 415 -> ErrorKind.MISCONFIGURED;
            case 408, 504 -> ErrorKind.TIMEOUT;
            case 429 -> ErrorKind.RATE_LIMITED;
            default -> status >= 500 ? ErrorKind.SERVER_ERROR : ErrorKind.INTERNAL;
        };
    }

    private static String detail(byte[] body, AzureSettings settings) {
        if (body == null || body.length == 0) {
            return "";
        }
        String text = new String(body, 0, Math.min(body.length, 4 * MAX_DETAIL), StandardCharsets.UTF_8).strip()
                .replaceAll("\\s+", " ");
        text = settings.scrub(text);
        if (text.length() > MAX_DETAIL) {
            text = text.substring(0, MAX_DETAIL) + "...";
        }
        return text.isEmpty() ? "" : ": " + text;
    }
}
