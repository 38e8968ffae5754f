package io.voicerouter.provider.ibm;

import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.TtsProvider;
import io.voicerouter.testing.TtsProviderContract;
import org.junit.jupiter.api.AfterEach;

import java.util.Map;

/** The provider contract against the loopback IBM Watson and IAM fakes (real wire format, no network). */
class IbmContractTest extends TtsProviderContract {
    private IbmFake fake;

    @Override
    protected TtsProvider newProvider() {
        fake = new IbmFake();
        return new IbmWatsonProviderFactory().create(ProviderContext.builder().environment(Map.of())
                .option("ibm_watson.api_key", IbmFake.API_KEY)
                .option("ibm_watson.service_url", fake.serviceUrl())
                .option("ibm_watson.iam_url", fake.iamUrl()).build());
    }

    @AfterEach
    void stopFake() {
        fake.close();
    }
}
