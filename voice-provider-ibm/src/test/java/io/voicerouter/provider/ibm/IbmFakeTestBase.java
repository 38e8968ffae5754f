package io.voicerouter.provider.ibm;

import io.voicerouter.config.ProviderConfig;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.Settings;
import io.voicerouter.spi.SynthesisRequest;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.util.Map;

/** Starts a fresh loopback fake per test and builds providers and requests against it. */
abstract class IbmFakeTestBase {
    IbmFake fake;

    @BeforeEach
    void start() {
        fake = new IbmFake();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    IbmWatsonProvider provider(String key, Map<String, String> more) {
        ProviderContext ctx = ProviderContext.builder()
                .environment(Map.of())
                .option("ibm_watson.api_key", key)
                .option("ibm_watson.service_url", fake.serviceUrl())
                .option("ibm_watson.iam_url", fake.iamUrl())
                .options(more)
                .build();
        return (IbmWatsonProvider) new IbmWatsonProviderFactory().create(ctx);
    }

    IbmWatsonProvider provider() {
        return provider(IbmFake.API_KEY, Map.of());
    }

    static SynthesisRequest request(IbmWatsonProvider p, String text, String language, Map<String, Object> settings) {
        return SynthesisRequest.of(text, language, ProviderConfig.enabledDefault().withSettings(settings).voice(),
                Settings.resolve(p.capabilities().settings(), settings));
    }

    static <T extends Throwable> T caught(ThrowingCallable call, Class<T> type) {
        return Assertions.catchThrowableOfType(type, call);
    }
}
