package io.voicerouter.provider.xtts;

import io.voicerouter.config.ProviderConfig;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.TtsProvider;
import io.voicerouter.testing.TtsProviderContract;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

/** The provider contract over the tiny XTTS v2 export the repo makes, run by ONNX Runtime. */
class XttsContractTest extends TtsProviderContract {
    @TempDir
    Path tmp;
    private Path sample;

    @Override
    protected TtsProvider newProvider() {
        sample = Fixtures.loopedSpeech(tmp.resolve("voice.wav"), 8);
        return new XttsProviderFactory().create(ProviderContext.builder()
                .option("xtts_v2.model_dir", Fixtures.tinyModel().toString()).option("xtts_v2.threads", "1")
                .environment(Map.of()).dataDirectory(tmp).build());
    }

    /** A reference sample, and a fixed seed so that two calls sample the same tokens. */
    @Override
    protected ProviderConfig config() {
        return ProviderConfig.enabledDefault().withVoiceSample(sample.toString(), 8.0).withSettings(Map.of("seed", 7));
    }

    /**
     * A stream is vocoded window by window with a cross-fade (as upstream's {@code inference_stream}),
     * so it is not the whole decode sample for sample; the same tokens make it close to it.
     */
    @Override
    protected double streamedMatchesWholeAtLeastDb() {
        return 30.0; // 35.2 dB measured on the tiny export
    }

    @Override
    protected int threads() {
        return 2;
    }
}
