package io.voicerouter.google;

import java.util.regex.Pattern;

/**
 * Scrubs text that came from the client library before it reaches a log or an exception: client
 * messages quote request URLs, and a URL may carry {@code ?key=}.
 */
final class Redaction {
    private static final Pattern KEY_PARAM = Pattern.compile("(?i)([?&](?:key|access_token)=)[^&\\s\"']+");
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]+");
    private static final Pattern API_KEY_HEADER = Pattern.compile("(?i)(x-goog-api-key\\s*[:=]\\s*)\\S+");
    // Google API keys: "AIza" followed by 35 URL-safe characters.
    private static final Pattern GOOGLE_KEY = Pattern.compile("AIza[0-9A-Za-z_-]{35}");

    private Redaction() {
    }

    static String redact(String text, String secret) {
        if (text == null) {
            return "";
        }
        String s = text;
        if (secret != null && !secret.isEmpty()) {
            s = s.replace(secret, "***");
        }
        s = KEY_PARAM.matcher(s).replaceAll("$1***");
        s = BEARER.matcher(s).replaceAll("$1***");
        s = API_KEY_HEADER.matcher(s).replaceAll("$1***");
        return GOOGLE_KEY.matcher(s).replaceAll("***");
    }

    /**
     * A stand-in for a client exception: its class name and redacted message, with its stack trace,
     * so the failure stays debuggable without carrying the original chain (whose messages we cannot
     * vouch for) into the host's logs.
     */
    static Throwable safeCause(Throwable original, String secret) {
        if (original == null) {
            return null;
        }
        RedactedException copy = new RedactedException(
                original.getClass().getName() + ": " + redact(original.getMessage(), secret),
                safeCause(original.getCause() == original ? null : original.getCause(), secret));
        copy.setStackTrace(original.getStackTrace());
        return copy;
    }

    /** Carries a redacted client failure. */
    static final class RedactedException extends RuntimeException {
        RedactedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
