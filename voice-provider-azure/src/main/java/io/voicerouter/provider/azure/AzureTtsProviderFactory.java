package io.voicerouter.provider.azure;

import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.TtsProvider;
import io.voicerouter.spi.TtsProviderFactory;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

/**
 * Creates the {@code azure_tts} provider from the options {@code azure_tts.key},
 * {@code azure_tts.region}, {@code azure_tts.endpoint} and {@code azure_tts.timeout}, or the
 * environment variables {@code AZURE_SPEECH_KEY}, {@code AZURE_SPEECH_REGION} and
 * {@code AZURE_SPEECH_ENDPOINT}. Never fails: missing credentials surface at {@code initialize}.
 */
public final class AzureTtsProviderFactory implements TtsProviderFactory {
    @Override
    public String providerId() {
        return AzureTtsProvider.ID;
    }

    @Override
    public TtsProvider create(ProviderContext context) {
        AzureSettings settings = AzureSettings.from(context);
        Duration connect = settings.timeout().compareTo(Duration.ofSeconds(10)) < 0 ? settings.timeout() : Duration.ofSeconds(10);
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(connect)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return new AzureTtsProvider(settings, http, Clock.systemUTC());
    }
}
