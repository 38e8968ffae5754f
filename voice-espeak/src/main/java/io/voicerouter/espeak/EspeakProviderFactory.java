package io.voicerouter.espeak;

import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.TtsProvider;
import io.voicerouter.spi.TtsProviderFactory;

/** Makes {@link EspeakProvider}s; found through {@code ServiceLoader}. */
public final class EspeakProviderFactory implements TtsProviderFactory {
    @Override
    public String providerId() {
        return EspeakProvider.ID;
    }

    @Override
    public TtsProvider create(ProviderContext context) {
        return new EspeakProvider(context);
    }
}
