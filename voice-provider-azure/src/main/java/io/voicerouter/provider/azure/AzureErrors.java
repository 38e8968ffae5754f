package io.voicerouter.provider.azure;

import io.voicerouter.cloud.HttpStatusKinds;
import io.voicerouter.cloud.RetryAfter;
import io.voicerouter.cloud.Secrets;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/** Maps the service's HTTP answers onto the router's error kinds. */
final class AzureErrors {
    /** Enough of an error body for a message; the rest is cut off anyway. */
    private static final int MAX_BODY_BYTES = 800;

    private AzureErrors() {
    }

    static ProviderException fromResponse(HttpResponse<byte[]> response, AzureSettings settings, Clock clock) {
        int status = response.statusCode();
        byte[] body = response.body() == null ? new byte[0] : response.body();
        String detail = Secrets.detail(new String(body, 0, Math.min(body.length, MAX_BODY_BYTES), StandardCharsets.UTF_8),
                settings.key());
        Duration retryAfter = response.headers().firstValue("Retry-After")
                .flatMap(v -> RetryAfter.parse(v, clock)).orElse(null);
        ErrorKind kind = HttpStatusKinds.of(status);
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
}
