package io.voicerouter.provider.google;

import io.voicerouter.config.ProviderConfig;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.TtsProvider;
import io.voicerouter.testing.TtsProviderContract;
import org.junit.jupiter.api.AfterEach;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The provider contract against the loopback Google Cloud TTS fake (real wire format, no network). */
class GoogleContractTest extends TtsProviderContract {
    private FakeGoogleTts fake;

    @Override
    protected TtsProvider newProvider() throws Exception {
        fake = new FakeGoogleTts(GoogleTtsProviderTest.KEY);
        return new GoogleTtsProviderFactory().create(ProviderContext.builder().environment(Map.of())
                .option("google_tts.api_key", GoogleTtsProviderTest.KEY)
                .option("google_tts.endpoint", fake.endpoint()).build());
    }

    @Override
    protected ProviderConfig config() {
        return new ProviderConfig(true, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of("en-US-Neural2-D"), Map.of(), List.of(), Map.of());
    }

    /** The fake answers each call with a different tone (so its tests can tell calls apart): compare within a call. */
    @Override
    protected boolean deterministic() {
        return false;
    }

    @AfterEach
    void stopFake() {
        fake.close();
    }
}
