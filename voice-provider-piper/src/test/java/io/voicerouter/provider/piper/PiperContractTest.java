package io.voicerouter.provider.piper;

import io.voicerouter.config.ProviderConfig;
import io.voicerouter.onnx.SessionOptions;
import io.voicerouter.spi.TtsProvider;
import io.voicerouter.testing.TtsProviderContract;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.voicerouter.provider.piper.ProbeVoices.SINGLE;

/** The provider contract with a real Piper voice (the probe model, run by ONNX Runtime). */
class PiperContractTest extends TtsProviderContract {
    @TempDir
    Path dir;

    @Override
    protected TtsProvider newProvider() throws Exception {
        ProbeVoices.install(dir, SINGLE);
        ProbeVoices.FixedPhonemizer phonemizer = new ProbeVoices.FixedPhonemizer();
        phonemizer.answer("Hello there. How are you today?", "həlˈoʊ ðɛɹ.", "haʊ ɑːɹ juː tədˈeɪ?");
        phonemizer.answer("A second line.", "ɐ sˈɛkənd lˈaɪn.");
        phonemizer.answer("Hello.", "həlˈoʊ.");
        return PiperProvider.builder()
                .voices(PiperVoices.builder().directory(dir).offline(true).build())
                .sessionOptions(SessionOptions.builder().device("cpu").intraOpThreads(1).build())
                .phonemizer(phonemizer)
                .build();
    }

    @Override
    protected ProviderConfig config() {
        return ProviderConfig.enabledDefault().withVoiceId(SINGLE);
    }
}
