package io.voicerouter.xtts;

import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.TtsProvider;
import io.voicerouter.spi.TtsProviderFactory;

/**
 * Creates the {@code xtts_v2} provider: Coqui XTTS v2 run entirely in Java over ONNX Runtime.
 * Options: {@code xtts_v2.model_dir} (else {@code $XTTS_V2_MODEL_DIR}, else
 * {@code <data dir>/models/xtts_v2}), {@code xtts_v2.threads} (ONNX Runtime intra-op threads) and
 * {@code xtts_v2.int8_gpt} ({@code true} loads the export's INT8-quantised GPT when it has one).
 */
public final class XttsProviderFactory implements TtsProviderFactory {
    public static final String PROVIDER_ID = "xtts_v2";

    @Override
    public String providerId() {
        return PROVIDER_ID;
    }

    @Override
    public TtsProvider create(ProviderContext context) {
        return new XttsProvider(context);
    }
}
