package io.voicerouter.cloud;

import io.voicerouter.spi.ProviderContext;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/** Reads the host options every cloud provider has (time-outs, service URLs) the same way. */
public final class CloudOptions {
    private CloudOptions() {
    }

    /**
     * The duration option {@code key}, or {@code fallback} when it is not set.
     *
     * @throws IllegalArgumentException naming the option when it is set but not a positive duration
     */
    public static Duration duration(ProviderContext context, String key, Duration fallback) {
        return context.option(key).map(raw -> parseDuration(key, raw)).orElse(fallback);
    }

    /**
     * "30s", "1500ms", "2.5" (seconds) or ISO-8601 "PT30S".
     *
     * @throws IllegalArgumentException naming {@code key} when {@code raw} is not a positive duration
     */
    public static Duration parseDuration(String key, String raw) {
        String t = raw.strip().toLowerCase(Locale.ROOT);
        Duration d;
        try {
            if (t.startsWith("pt")) {
                d = Duration.parse(t.toUpperCase(Locale.ROOT));
            } else if (t.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).strip()));
            } else {
                String n = t.endsWith("s") ? t.substring(0, t.length() - 1).strip() : t;
                double seconds = Double.parseDouble(n);
                if (!Double.isFinite(seconds) || Math.abs(seconds) > 1e9) {
                    throw new NumberFormatException(n);
                }
                d = Duration.ofNanos(Math.round(seconds * 1e9));
            }
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException(key + " must be a positive duration such as 30s, 1500ms or PT30S, got '"
                    + raw + "'");
        }
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration such as 30s, 1500ms or PT30S, got '"
                    + raw + "'");
        }
        return d;
    }

    /** An http or https URL with a host, without trailing slashes; empty for anything else. */
    public static Optional<URI> httpUrl(String raw) {
        String u = raw.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        try {
            URI uri = URI.create(u);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean http = scheme.equals("http") || scheme.equals("https");
            return http && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
