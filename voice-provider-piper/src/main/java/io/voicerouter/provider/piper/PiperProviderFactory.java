package io.voicerouter.provider.piper;

import io.voicerouter.error.VoiceException;
import io.voicerouter.onnx.Device;
import io.voicerouter.onnx.SessionOptions;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.TtsProvider;
import io.voicerouter.spi.TtsProviderFactory;

import java.time.Duration;
import java.util.Locale;

/**
 * Makes the {@code piper} provider from host options: {@code piper.voices_dir}, {@code piper.catalog_url},
 * {@code piper.base_url}, {@code piper.offline} (or {@code VOICEROUTER_OFFLINE=1}), {@code piper.device}
 * ({@code auto|cpu|cuda[:N]}), {@code piper.intra_op_threads}, {@code piper.inter_op_threads},
 * {@code piper.optimization} ({@code all|extended|basic|none}), {@code piper.spin_wait}, {@code piper.default_voice},
 * {@code piper.auto_download}, {@code piper.catalog_wait_ms} (default 10000).
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
                .autoDownload(context.option("piper.auto_download").map(Boolean::parseBoolean).orElse(true))
                .catalogWait(Duration.ofMillis(parse(context, "piper.catalog_wait_ms", 10_000)))
                .sentenceParallelism(parallelism(context))
                .firstClauseSplit(context.option("piper.first_clause_split").map(Boolean::parseBoolean).orElse(true))
                .build();
    }

    private static int parallelism(ProviderContext context) {
        long n = parse(context, "piper.sentence_parallelism", Runtime.getRuntime().availableProcessors());
        if (n < 1 || n > 1024) {
            throw new VoiceException("Bad Piper option piper.sentence_parallelism: " + n + " is not 1-1024");
        }
        return (int) n;
    }

    private static long parse(ProviderContext context, String key, long fallback) {
        try {
            return context.option(key).map(Long::parseLong).orElse(fallback);
        } catch (NumberFormatException e) {
            throw new VoiceException("Bad Piper option " + key + ": not a whole number", e);
        }
    }

    static SessionOptions sessionOptions(ProviderContext context) {
        SessionOptions.Builder b = SessionOptions.builder();
        try {
            context.option("piper.device").map(Device::parse).ifPresent(b::device);
            context.option("piper.intra_op_threads").map(Integer::parseInt).ifPresent(b::intraOpThreads);
            context.option("piper.inter_op_threads").map(Integer::parseInt).ifPresent(b::interOpThreads);
            context.option("piper.spin_wait").map(Boolean::parseBoolean).ifPresent(b::spinWait);
            context.option("piper.optimization").map(s -> SessionOptions.OptimizationLevel.valueOf(
                    s.strip().toUpperCase(Locale.ROOT))).ifPresent(b::optimizationLevel);
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new VoiceException("Bad Piper option: " + e.getMessage(), e);
        }
    }
}
