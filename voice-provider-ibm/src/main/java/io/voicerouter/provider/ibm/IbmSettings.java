package io.voicerouter.provider.ibm;

import io.voicerouter.cloud.CloudOptions;
import io.voicerouter.spi.ProviderContext;

import java.time.Duration;
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
            timeout = CloudOptions.duration(ctx, TIMEOUT, DEFAULT_TIMEOUT);
        } catch (IllegalArgumentException e) {
            problem = e.getMessage();
        }
        if (problem == null && key == null) {
            problem = "no API key: set " + API_KEY + " or $" + API_KEY_ENV;
        } else if (problem == null && service == null) {
            problem = "no service URL: set " + SERVICE_URL + " or $" + SERVICE_URL_ENV
                    + " (the instance URL from the IBM Cloud console)";
        } else if (problem == null && CloudOptions.httpUrl(service).isEmpty()) {
            problem = SERVICE_URL + " is not an http(s) URL";
        } else if (problem == null && CloudOptions.httpUrl(iam).isEmpty()) {
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

    @Override
    public String toString() {
        return "IbmSettings[service=" + serviceUrl + ", iam=" + iamUrl + ", apiKey=" + (apiKey == null ? "none" : "***")
                + ", timeout=" + timeout + "]";
    }
}
