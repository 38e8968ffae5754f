package io.voicerouter.cloud;

import java.util.regex.Pattern;

/**
 * Scrubs secrets from text before it reaches a log line, an exception or {@code toString()}:
 * services and client libraries echo keys back in error bodies, quoted URLs and token answers.
 */
public final class Secrets {
    private static final String MASK = "***";
    private static final int MAX_DETAIL = 200;
    private static final Pattern KEY_PARAM = Pattern.compile("(?i)([?&](?:key|api_key|apikey|access_token)=)[^&\\s\"']+");
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]+");
    private static final Pattern KEY_HEADER = Pattern.compile(
            "(?i)((?:x-goog-api-key|ocp-apim-subscription-key)\\s*[:=]\\s*)\\S+");
    private static final Pattern TOKEN_FIELD = Pattern.compile(
            "(?i)(\"?(?:access_token|refresh_token|apikey)\"?\\s*[:=]\\s*\"?)[^\"&\\s,}]+");
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9._-]+");
    /** Google API keys: "AIza" and 35 URL-safe characters. */
    private static final Pattern GOOGLE_KEY = Pattern.compile("AIza[0-9A-Za-z_-]{35}");

    private Secrets() {
    }

    /**
     * {@code text} with {@code secret} (may be null) and anything shaped like a credential masked:
     * bearer tokens, JWTs, key query parameters and headers, token fields of JSON or form answers.
     * Null text reads as empty.
     */
    public static String redact(String text, String secret) {
        if (text == null) {
            return "";
        }
        String s = secret == null || secret.isEmpty() ? text : text.replace(secret, MASK);
        s = KEY_PARAM.matcher(s).replaceAll("$1" + MASK);
        s = BEARER.matcher(s).replaceAll("$1" + MASK);
        s = KEY_HEADER.matcher(s).replaceAll("$1" + MASK);
        s = TOKEN_FIELD.matcher(s).replaceAll("$1" + MASK);
        s = JWT.matcher(s).replaceAll(MASK);
        return GOOGLE_KEY.matcher(s).replaceAll(MASK);
    }

    /**
     * A service's error text fit for a message: white space collapsed, redacted, cut to 200
     * characters, prefixed with ": "; empty when there is nothing to say.
     */
    public static String detail(String serviceText, String secret) {
        if (serviceText == null || serviceText.isBlank()) {
            return "";
        }
        String text = redact(serviceText.strip().replaceAll("\\s+", " "), secret);
        if (text.length() > MAX_DETAIL) {
            text = text.substring(0, MAX_DETAIL) + "...";
        }
        return ": " + text;
    }

    /**
     * A stand-in for a client library's exception: its class name and redacted message, its stack
     * trace, and a redacted copy of its causes, so the failure stays debuggable without carrying
     * messages we cannot vouch for into the host's logs. Null for null.
     */
    public static Throwable safeCause(Throwable original, String secret) {
        if (original == null) {
            return null;
        }
        RedactedException copy = new RedactedException(
                original.getClass().getName() + ": " + redact(original.getMessage(), secret),
                safeCause(original.getCause() == original ? null : original.getCause(), secret));
        copy.setStackTrace(original.getStackTrace());
        return copy;
    }

    /** Carries a redacted client failure; see {@link #safeCause}. */
    public static final class RedactedException extends RuntimeException {
        RedactedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
