package io.voicerouter.provider.piper;

import io.voicerouter.onnx.OnnxOptions;
import io.voicerouter.onnx.SessionOptions;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.TtsProvider;
import io.voicerouter.spi.TtsProviderFactory;

import java.time.Duration;

/**
 * Makes the {@code piper} provider from host options: {@code piper.voices_dir}, {@code piper.catalog_url},
 * {@code piper.base_url}, {@code piper.offline} (or {@code VOICEROUTER_OFFLINE=1}), {@code piper.device}
 * ({@code auto|cpu|cuda[:N]}), {@code piper.intra_op_threads}, {@code piper.inter_op_threads},
 * {@code piper.optimization} ({@code all|extended|basic|none}), {@code piper.spin_wait}, {@code piper.default_voice},
 * {@code piper.auto_download}, {@code piper.catalog_wait_ms} (default 10000), {@code piper.sentence_parallelism},
 * {@code piper.first_clause_split}, {@code piper.first_piece_all_threads} (see the module README).
 */
public final class PiperProviderFactory implements TtsProviderFactory {
    @Override
    public String providerId() {
        return PiperProvider.ID;
    }

    @Override
    public TtsProvider create(ProviderContext context) {
        return PiperProvider.builder()
                .voices(PiperVoices.fromContext(context))
                .sessionOptions(sessionOptions(context))
                .context(context)
                .defaultVoice(context.option("piper.default_voice").orElse("en_US-lessac-medium"))
                .autoDownload(context.booleanOption("piper.auto_download").orElse(true))
                .catalogWait(Duration.ofMillis(context.longOption("piper.catalog_wait_ms", 0, 3_600_000).orElse(10_000L)))
                .sentenceParallelism(context.longOption("piper.sentence_parallelism", 1, 1024)
                        .orElse((long) Runtime.getRuntime().availableProcessors()).intValue())
                .firstClauseSplit(context.booleanOption("piper.first_clause_split").orElse(true))
                .firstPieceAllThreads(context.booleanOption("piper.first_piece_all_threads").orElse(true))
                .build();
    }

    /** voice-onnx's one reader of ONNX options; a bad one is an InvalidOptionException naming it. */
    static SessionOptions sessionOptions(ProviderContext context) {
        return OnnxOptions.read(context, PiperProvider.ID, SessionOptions.defaults());
    }
}
