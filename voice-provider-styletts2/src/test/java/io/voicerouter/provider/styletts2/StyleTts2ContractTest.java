package io.voicerouter.provider.styletts2;

import io.voicerouter.config.ProviderConfig;
import io.voicerouter.espeak.Phonemizer;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.TtsProvider;
import io.voicerouter.testing.TtsProviderContract;

import java.util.List;
import java.util.Map;

/** The provider contract on the probe StyleTTS2 model the repo makes, run by ONNX Runtime. */
class StyleTts2ContractTest extends TtsProviderContract {
    /** Phonemization is not under test here: fixed IPA per sentence. */
    private static final Phonemizer FIXED = (text, voice) -> List.of("hɛlˈoʊ ðɛɹ.");

    @Override
    protected TtsProvider newProvider() {
        return new StyleTts2ProviderFactory(FIXED).create(ProviderContext.builder()
                .option("styletts2.model_dir", TestData.path("probe").toString()).build());
    }

    @Override
    protected ProviderConfig config() {
        return ProviderConfig.enabledDefault().withSettings(Map.of("voice", "bm_probe"));
    }
}
