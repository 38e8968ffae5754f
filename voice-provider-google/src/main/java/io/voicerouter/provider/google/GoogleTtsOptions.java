package io.voicerouter.provider.google;

import io.voicerouter.cloud.CloudOptions;
import io.voicerouter.error.ProviderException;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.spi.ProviderContext;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Host options for the Google provider, read once from the {@link ProviderContext}. The API key is
 * held here and nowhere else; {@link #toString()} says only whether one is set.
 */
record GoogleTtsOptions(String apiKey, Path credentialsFile, URI endpoint, Duration timeout) {
    static final String API_KEY = "google_tts.api_key";
    static final String CREDENTIALS_FILE = "google_tts.credentials_file";
    static final String ENDPOINT = "google_tts.endpoint";
    static final String TIMEOUT = "google_tts.timeout";
    static final String API_KEY_ENV = "GOOGLE_API_KEY";
    static final String CREDENTIALS_ENV = "GOOGLE_APPLICATION_CREDENTIALS";
    static final URI DEFAULT_ENDPOINT = URI.create("https://texttospeech.googleapis.com");
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    static GoogleTtsOptions from(ProviderContext context) {
        // Explicit options beat the environment, so a host's configured key wins over a
        // GOOGLE_APPLICATION_CREDENTIALS that happens to be exported on a developer machine.
        String key = context.option(API_KEY).map(String::strip).orElse(null);
        Path file = context.option(CREDENTIALS_FILE).map(Path::of).orElse(null);
        if (key == null && file == null) {
            key = context.environment(API_KEY_ENV).map(String::strip).orElse(null);
            file = key != null ? null : context.environment(CREDENTIALS_ENV).map(Path::of).orElse(null);
        }
        if (key != null) {
            file = null;
        }
        URI endpoint = context.option(ENDPOINT).map(GoogleTtsOptions::parseEndpoint).orElse(DEFAULT_ENDPOINT);
        Duration timeout = context.option(TIMEOUT).map(GoogleTtsOptions::parseTimeout).orElse(DEFAULT_TIMEOUT);
        return new GoogleTtsOptions(key, file, endpoint, timeout);
    }

    Optional<String> apiKeyValue() {
        return Optional.ofNullable(apiKey);
    }

    Optional<Path> credentialsPath() {
        return Optional.ofNullable(credentialsFile);
    }

    boolean hasCredentials() {
        return apiKey != null || credentialsFile != null;
    }

    /** What gax wants as an endpoint: the scheme is kept so that a loopback {@code http://} fake works. */
    String gaxEndpoint() {
        String s = endpoint.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    static URI parseEndpoint(String raw) {
        String s = raw.strip();
        if (!s.contains("://")) {
            s = "https://" + s;
        }
        URI uri;
        try {
            uri = URI.create(s);
        } catch (IllegalArgumentException e) {
            throw misconfigured(ENDPOINT + " is not a URL: " + raw);
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
            throw misconfigured(ENDPOINT + " must be an http(s) URL such as https://texttospeech.googleapis.com, got " + raw);
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null) {
            // A key or password in the URL would end up in every log line that names the endpoint.
            throw misconfigured(ENDPOINT + " must not carry credentials or a query; use " + API_KEY);
        }
        return uri;
    }

    /** "30s", "500ms", "2.5" (seconds) or ISO-8601 "PT30S"; see {@link CloudOptions#parseDuration}. */
    static Duration parseTimeout(String raw) {
        try {
            return CloudOptions.parseDuration(TIMEOUT, raw);
        } catch (IllegalArgumentException e) {
            throw misconfigured(e.getMessage());
        }
    }

    private static ProviderException misconfigured(String message) {
        return new ProviderException(GoogleTtsProvider.ID, ErrorKind.MISCONFIGURED, message);
    }

    @Override
    public String toString() {
        return "GoogleTtsOptions[apiKey=" + (apiKey == null ? "unset" : "***")
                + ", credentialsFile=" + (credentialsFile == null ? "unset" : credentialsFile)
                + ", endpoint=" + endpoint + ", timeout=" + timeout + "]";
    }
}
