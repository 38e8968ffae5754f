package io.voicerouter.provider.ibm;

import io.voicerouter.spi.ProviderContext;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * API key, service URL, IAM URL and time-out, read once from the host options or the environment.
 * A problem is kept rather than thrown so that creating the provider never fails; the key leaves
 * this class only to build the IAM authenticator, and {@link #toString()} leaves it out.
 */
final class IbmSettings {
    static final String API_KEY = "ibm_watson.api_key";
    static final String SERVICE_URL = "ibm_watson.service_url";
    static final String IAM_URL = "ibm_watson.iam_url";
    static final String TIMEOUT = "ibm_watson.timeout";
    static final String API_KEY_ENV = "IBM_WATSON_API_KEY";
    static final String SERVICE_URL_ENV = "IBM_WATSON_URL";
    static final String DEFAULT_IAM_URL = "https://iam.cloud.ibm.com";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final String apiKey;
    private final String serviceUrl;
    private final String iamUrl;
    private final Duration timeout;
    private final String problem;

    private IbmSettings(String apiKey, String serviceUrl, String iamUrl, Duration timeout, String problem) {
        this.apiKey = apiKey;
        this.serviceUrl = serviceUrl;
        this.iamUrl = iamUrl;
        this.timeout = timeout;
        this.problem = problem;
    }

    static IbmSettings from(ProviderContext ctx) {
        String key = ctx.optionOrEnvironment(API_KEY, API_KEY_ENV).map(String::strip).orElse(null);
        String service = ctx.optionOrEnvironment(SERVICE_URL, SERVICE_URL_ENV).map(IbmSettings::trimSlash).orElse(null);
        String iam = ctx.option(IAM_URL).map(IbmSettings::trimSlash).orElse(DEFAULT_IAM_URL);
        String problem = null;
        Duration timeout = DEFAULT_TIMEOUT;
        try {
            timeout = ctx.option(TIMEOUT).map(IbmSettings::parseDuration).orElse(DEFAULT_TIMEOUT);
        } catch (IllegalArgumentException e) {
            problem = e.getMessage();
        }
        if (problem == null && key == null) {
            problem = "no API key: set " + API_KEY + " or $" + API_KEY_ENV;
        } else if (problem == null && service == null) {
            problem = "no service URL: set " + SERVICE_URL + " or $" + SERVICE_URL_ENV
                    + " (the instance URL from the IBM Cloud console)";
        } else if (problem == null && !isHttpUrl(service)) {
            problem = SERVICE_URL + " is not an http(s) URL";
        } else if (problem == null && !isHttpUrl(iam)) {
            problem = IAM_URL + " is not an http(s) URL";
        }
        return new IbmSettings(key, service, iam, timeout, problem);
    }

    private static String trimSlash(String url) {
        String u = url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI u = URI.create(url);
            return u.getScheme() != null && u.getScheme().startsWith("http") && u.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** "PT10S", "10s", "1500ms" or a plain number of seconds. */
    static Duration parseDuration(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (t.startsWith("pt")) {
                d = Duration.parse(t.toUpperCase(Locale.ROOT));
            } else if (t.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).strip()));
            } else {
                String n = t.endsWith("s") ? t.substring(0, t.length() - 1).strip() : t;
                d = Duration.ofMillis(Math.round(Double.parseDouble(n) * 1000));
            }
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException();
            }
            return d;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(TIMEOUT + " must be a positive duration such as 30s, 1500ms or PT30S, got '" + text + "'");
        }
    }

    IbmSettings withProblem(String newProblem) {
        return new IbmSettings(apiKey, serviceUrl, iamUrl, timeout, newProblem);
    }

    Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    String apiKey() {
        return apiKey;
    }

    String serviceUrl() {
        return serviceUrl;
    }

    String iamUrl() {
        return iamUrl;
    }

    Duration timeout() {
        return timeout;
    }

    /** Hides the key, bearer tokens and anything shaped like a JWT in text bound for a message or a log. */
    String scrub(String text) {
        if (text == null) {
            return "";
        }
        String t = apiKey == null || apiKey.isEmpty() ? text : text.replace(apiKey, "***");
        t = t.replaceAll("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]+", "$1***");
        t = t.replaceAll("eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9._-]+", "***");
        return t.replaceAll("(?i)(\"?(?:access_token|refresh_token|apikey)\"?\\s*[:=]\\s*\"?)[^\"&\\s,}]+", "$1***");
    }

    @Override
    public String toString() {
        return "IbmSettings[service=" + serviceUrl + ", iam=" + iamUrl + ", apiKey=" + (apiKey == null ? "none" : "***")
                + ", timeout=" + timeout + "]";
    }
}
