package io.voicerouter.cloud;

import io.voicerouter.error.ErrorKind;

/** What an HTTP status from a REST text-to-speech service means for the router. */
public final class HttpStatusKinds {
    private HttpStatusKinds() {
    }

    /**
     * 400/413/422 the request, 401/403 the credentials, 404/405/406/415 the configuration (wrong URL,
     * region or format), 408/504 a time-out, 429 a rate limit, other 5xx a server error; anything
     * else is unexpected.
     */
    public static ErrorKind of(int status) {
        return switch (status) {
            case 400, 413, 422 -> ErrorKind.BAD_INPUT;
            case 401, 403 -> ErrorKind.AUTHENTICATION;
            case 404, 405, 406, 415 -> ErrorKind.MISCONFIGURED;
            case 408, 504 -> ErrorKind.TIMEOUT;
            case 429 -> ErrorKind.RATE_LIMITED;
            default -> status >= 500 ? ErrorKind.SERVER_ERROR : ErrorKind.INTERNAL;
        };
    }
}
