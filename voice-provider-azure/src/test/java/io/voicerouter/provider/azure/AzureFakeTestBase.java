package io.voicerouter.provider.azure;

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
abstract class AzureFakeTestBase {
    AzureFake fake;

    @BeforeEach
    void start() {
        fake = new AzureFake();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    AzureTtsProvider provider(String key, Map<String, String> more) {
        ProviderContext ctx = ProviderContext.builder()
                .environment(Map.of())
                .option("azure_tts.endpoint", fake.endpoint())
                .option("azure_tts.key", key)
                .options(more)
                .build();
        return (AzureTtsProvider) new AzureTtsProviderFactory().create(ctx);
    }

    AzureTtsProvider provider() {
        return provider(AzureFake.KEY, Map.of());
    }

    static SynthesisRequest request(AzureTtsProvider p, String text, String language, Map<String, Object> settings) {
        return SynthesisRequest.of(text, language, ProviderConfig.enabledDefault().withSettings(settings).voice(),
                Settings.resolve(p.capabilities().settings(), settings));
    }

    static Map<String, Object> jenny() {
        return Map.of("voice_name", "en-US-JennyNeural");
    }

    static <T extends Throwable> T caught(ThrowingCallable call, Class<T> type) {
        return Assertions.catchThrowableOfType(type, call);
    }
}
