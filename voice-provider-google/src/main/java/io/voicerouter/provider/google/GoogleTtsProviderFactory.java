package io.voicerouter.provider.google;

import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.TtsProvider;
import io.voicerouter.spi.TtsProviderFactory;

import java.time.Clock;

/**
 * Creates the {@code google_tts} provider. Options: {@code google_tts.api_key} (else
 * {@code $GOOGLE_API_KEY}), {@code google_tts.credentials_file} (else
 * {@code $GOOGLE_APPLICATION_CREDENTIALS}), {@code google_tts.endpoint}, {@code google_tts.timeout}.
 */
public final class GoogleTtsProviderFactory implements TtsProviderFactory {
    @Override
    public String providerId() {
        return GoogleTtsProvider.ID;
    }

    @Override
    public TtsProvider create(ProviderContext context) {
        return new GoogleTtsProvider(GoogleTtsOptions.from(context), Clock.systemUTC());
    }
}
