package io.voicerouter.provider.xtts;

import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.TtsProvider;
import io.voicerouter.spi.TtsProviderFactory;

/**
 * Creates the {@code xtts_v2} provider: Coqui XTTS v2 run entirely in Java over ONNX Runtime.
 * Options: {@code xtts_v2.model_dir} (else {@code $XTTS_V2_MODEL_DIR}, else
 * {@code <data dir>/models/xtts_v2}), {@code xtts_v2.int8_gpt} ({@code true} loads the export's
 * INT8-quantised GPT when it has one), {@code xtts_v2.auto_download}, {@code xtts_v2.offline}, and the
 * ONNX Runtime options every local provider reads ({@link io.voicerouter.onnx.OnnxOptions}):
 * {@code xtts_v2.device} (default auto), {@code xtts_v2.intra_op_threads} (default up to 4;
 * {@code xtts_v2.threads} is its older name, still read; 0 lets ONNX Runtime choose),
 * {@code xtts_v2.inter_op_threads} (default 1), {@code xtts_v2.optimization}, {@code xtts_v2.spin_wait}.
 * Booleans are {@code true} or {@code false}; anything else is MISCONFIGURED naming the option.
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
