package io.voicerouter.provider.azure;

import io.voicerouter.config.ProviderConfig;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.TtsProvider;
import io.voicerouter.testing.TtsProviderContract;
import org.junit.jupiter.api.AfterEach;

import java.util.Map;

/** The provider contract against the loopback Azure Speech fake (real wire format, no network). */
class AzureContractTest extends TtsProviderContract {
    private AzureFake fake;

    @Override
    protected TtsProvider newProvider() {
        fake = new AzureFake();
        return new AzureTtsProviderFactory().create(ProviderContext.builder().environment(Map.of())
                .option("azure_tts.endpoint", fake.endpoint()).option("azure_tts.key", AzureFake.KEY).build());
    }

    @Override
    protected ProviderConfig config() {
        return ProviderConfig.enabledDefault().withSettings(AzureFakeTestBase.jenny());
    }

    @AfterEach
    void stopFake() {
        fake.close();
    }
}
