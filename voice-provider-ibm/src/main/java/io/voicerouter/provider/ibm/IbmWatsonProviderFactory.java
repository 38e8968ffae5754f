package io.voicerouter.provider.ibm;

import com.ibm.cloud.sdk.core.security.IamAuthenticator;
import com.ibm.watson.text_to_speech.v1.TextToSpeech;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.TtsProvider;
import io.voicerouter.spi.TtsProviderFactory;
import okhttp3.OkHttpClient;

import java.time.Clock;

/**
 * Creates the {@code ibm_watson} provider from the options {@code ibm_watson.api_key},
 * {@code ibm_watson.service_url}, {@code ibm_watson.iam_url} and {@code ibm_watson.timeout}, or the
 * environment variables {@code IBM_WATSON_API_KEY} and {@code IBM_WATSON_URL}. Never fails:
 * missing credentials surface at {@code initialize}.
 */
public final class IbmWatsonProviderFactory implements TtsProviderFactory {
    /**
     * A service name of our own, so the SDK does not also read {@code TEXT_TO_SPEECH_*} variables or
     * an {@code ibm-credentials.env} file: the host's options are the only configuration.
     */
    private static final String SDK_SERVICE_NAME = "voicerouter_ibm_watson";

    @Override
    public String providerId() {
        return IbmWatsonProvider.ID;
    }

    @Override
    public TtsProvider create(ProviderContext context) {
        IbmSettings settings = IbmSettings.from(context);
        if (settings.problem().isPresent()) {
            return new IbmWatsonProvider(settings, null, Clock.systemUTC());
        }
        // Our own client for both IAM and the service: the SDK's default one turns on body logging
        // when its logger is at FINE, which would print the API key of the token request.
        OkHttpClient http = new OkHttpClient.Builder()
                .connectTimeout(settings.timeout())
                .readTimeout(settings.timeout())
                .writeTimeout(settings.timeout())
                .callTimeout(settings.timeout())
                .build();
        IamAuthenticator iam;
        try {
            iam = new IamAuthenticator.Builder()
                    .apikey(settings.apiKey())
                    .url(settings.iamUrl())
                    .build();
        } catch (IllegalArgumentException e) {
            // The SDK rejects keys wrapped in quotes or braces; its message is not passed on, in case it quotes the key.
            return new IbmWatsonProvider(settings.withProblem(IbmSettings.API_KEY
                    + " is malformed: remove surrounding quotes or braces"), null, Clock.systemUTC());
        }
        iam.setClient(http);
        TextToSpeech service = new TextToSpeech(SDK_SERVICE_NAME, new GuardedAuthenticator(iam));
        service.setServiceUrl(settings.serviceUrl());
        service.setClient(http);
        return new IbmWatsonProvider(settings, service, Clock.systemUTC());
    }
}
