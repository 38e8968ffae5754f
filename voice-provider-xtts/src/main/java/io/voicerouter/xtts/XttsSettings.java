package io.voicerouter.xtts;

import io.voicerouter.spi.SettingSpec;
import io.voicerouter.spi.Settings;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** The settings schema of {@code xtts_v2} (the seed's names and defaults) and its reading. */
final class XttsSettings {
    static final int OVERLAP_SAMPLES = 1024; // XTTS inference_stream's overlap_wav_len

    static final List<SettingSpec> SCHEMA = List.of(
            SettingSpec.number("temperature", "Sampling temperature: lower is steadier, higher more varied.", 0.01, 2.0, 0.75),
            SettingSpec.number("length_penalty", "Accepted for compatibility; like XTTS's own sampling, it has no effect "
                    + "(Hugging Face applies it to beam search only).", -10.0, 10.0, 1.0),
            SettingSpec.number("repetition_penalty", "Penalty on audio tokens already produced; stops babbling.", 1.0, 20.0, 5.0),
            SettingSpec.integer("top_k", "Sample among the k most likely tokens (0 disables, 1 is greedy).", 0, 1026, 50),
            SettingSpec.number("top_p", "Sample among the most likely tokens whose probabilities reach p.", 0.01, 1.0, 0.85),
            SettingSpec.number("speed", "Speaking rate: 1 is the voice's own, 2 twice as fast.", 0.5, 2.0, 1.0),
            SettingSpec.integer("seed", "Random seed for reproducible output; -1 draws a new one per request.",
                    -1, Long.MAX_VALUE, -1),
            SettingSpec.integer("stream_chunk_size", "Audio tokens per streamed chunk (about 46 ms each); "
                    + "0 vocodes each sentence once.", 0, 400, 20));

    private XttsSettings() {
    }

    static XttsSynthesizer.Options options(Settings s, int maxTokens) {
        long seed = s.integer("seed");
        if (seed < 0) {
            seed = ThreadLocalRandom.current().nextLong();
        }
        SamplingParams sampling = new SamplingParams(s.number("temperature"), (int) s.integer("top_k"), s.number("top_p"),
                s.number("repetition_penalty"), s.number("length_penalty"), seed);
        return new XttsSynthesizer.Options(sampling, s.number("speed"), (int) s.integer("stream_chunk_size"),
                maxTokens, OVERLAP_SAMPLES);
    }
}
