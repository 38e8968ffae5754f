package io.voicerouter.provider.azure;

import io.voicerouter.cloud.CloudOptions;
import io.voicerouter.spi.ProviderContext;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where and how to reach the service, read once from the host options or the environment. A
 * problem (no key, a malformed region) is kept rather than thrown, so that creating the provider
 * never fails and {@code initialize} reports it as MISCONFIGURED. The key never leaves this class
 * except as a request header; {@link #toString()} leaves it out.
 */
final class AzureSettings {
    static final String KEY = "azure_tts.key";
    static final String REGION = "azure_tts.region";
    static final String ENDPOINT = "azure_tts.endpoint";
    static final String TIMEOUT = "azure_tts.timeout";
    static final String KEY_ENV = "AZURE_SPEECH_KEY";
    static final String REGION_ENV = "AZURE_SPEECH_REGION";
    static final String ENDPOINT_ENV = "AZURE_SPEECH_ENDPOINT";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final Pattern REGION_NAME = Pattern.compile("[a-z0-9]{2,40}");

    private final String key;
    private final URI baseUri;
    private final Duration timeout;
    private final String problem;

    private AzureSettings(String key, URI baseUri, Duration timeout, String problem) {
        this.key = key;
        this.baseUri = baseUri;
        this.timeout = timeout;
        this.problem = problem;
    }

    static AzureSettings from(ProviderContext ctx) {
        String key = ctx.optionOrEnvironment(KEY, KEY_ENV).map(String::strip).orElse(null);
        Optional<String> endpoint = ctx.optionOrEnvironment(ENDPOINT, ENDPOINT_ENV);
        Optional<String> region = ctx.optionOrEnvironment(REGION, REGION_ENV).map(s -> s.strip().toLowerCase(Locale.ROOT));
        Duration timeout = DEFAULT_TIMEOUT;
        String problem = null;
        try {
            timeout = CloudOptions.duration(ctx, TIMEOUT, DEFAULT_TIMEOUT);
        } catch (IllegalArgumentException e) {
            problem = e.getMessage();
        }
        URI base = null;
        if (endpoint.isPresent()) {
            try {
                base = baseOf(endpoint.get());
            } catch (IllegalArgumentException e) {
                problem = ENDPOINT + " is not an http(s) URL";
            }
        } else if (region.isPresent()) {
            if (REGION_NAME.matcher(region.get()).matches()) {
                base = URI.create("https://" + region.get() + ".tts.speech.microsoft.com");
            } else {
                problem = REGION + " must be a region name such as westeurope, got '" + region.get() + "'";
            }
        } else if (problem == null) {
            problem = "no region or endpoint: set " + REGION + " (or $" + REGION_ENV + ") or " + ENDPOINT;
        }
        if (key == null && problem == null) {
            problem = "no subscription key: set " + KEY + " or $" + KEY_ENV;
        }
        return new AzureSettings(key, base, timeout, problem);
    }

    /** Accepts the base URL or the full synthesis URL, so either can be pasted from the portal. */
    private static URI baseOf(String endpoint) {
        String e = endpoint.strip();
        if (e.endsWith("/")) {
            e = e.substring(0, e.length() - 1);
        }
        if (e.endsWith("/cognitiveservices/v1")) {
            e = e.substring(0, e.length() - "/cognitiveservices/v1".length());
        }
        return CloudOptions.httpUrl(e).orElseThrow(() -> new IllegalArgumentException("not an http URL"));
    }

    Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    String key() {
        return key;
    }

    URI synthesisUri() {
        return URI.create(baseUri + "/cognitiveservices/v1");
    }

    URI voicesUri() {
        return URI.create(baseUri + "/cognitiveservices/voices/list");
    }

    Duration timeout() {
        return timeout;
    }

    @Override
    public String toString() {
        return "AzureSettings[endpoint=" + baseUri + ", key=" + (key == null ? "none" : "***") + ", timeout=" + timeout + "]";
    }
}
