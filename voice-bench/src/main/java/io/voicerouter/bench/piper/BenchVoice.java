package io.voicerouter.bench.piper;

import io.voicerouter.config.ProviderConfig;
import io.voicerouter.onnx.SessionOptions;
import io.voicerouter.provider.piper.PiperProvider;
import io.voicerouter.provider.piper.PiperVoices;
import io.voicerouter.spi.Settings;
import io.voicerouter.spi.SynthesisRequest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The benchmark voice: a model with Piper's medium architecture and size and random weights, made
 * by {@code tools/make_piper_medium.py} (not committed: 63 MB). Found at the system property
 * {@code piper.bench.model}, else {@code $PIPER_BENCH_MODEL}, else
 * {@code models/piper-medium/en_US-random-medium.onnx} under the working directory or a parent.
 */
final class BenchVoice {
    static final String RELATIVE = "models/piper-medium/en_US-random-medium.onnx";
    static final String SENTENCE = "The quick brown fox jumps over the lazy dog near the quiet river bank.";
    static final String PARAGRAPH = SENTENCE + " Then it rested for a while in the warm afternoon sun."
            + " Later that evening, everyone went home happy.";

    private BenchVoice() {
    }

    static Path model() {
        String given = System.getProperty("piper.bench.model", System.getenv("PIPER_BENCH_MODEL"));
        if (given != null && !given.isBlank()) {
            return check(Path.of(given));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(RELATIVE);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("Benchmark model not found. Make it with:\n"
                + "    /usr/bin/python3 tools/make_piper_medium.py\n"
                + "(writes " + RELATIVE + ", about 63 MB) and run the benchmark from the repository root, or pass "
                + "-Dpiper.bench.model=/path/to/model.onnx (its .onnx.json beside it)");
    }

    private static Path check(Path p) {
        if (!Files.isRegularFile(p) || !Files.isRegularFile(p.resolveSibling(p.getFileName() + ".json"))) {
            throw new IllegalStateException("Benchmark model " + p + " or its .onnx.json is missing; make it with "
                    + "/usr/bin/python3 tools/make_piper_medium.py");
        }
        return p;
    }

    static SessionOptions sessionOptions(String device, int intraOpThreads, boolean spinWait) {
        return SessionOptions.builder().device(device).intraOpThreads(intraOpThreads).spinWait(spinWait).build();
    }

    static PiperProvider provider(Path model, String device, int intraOpThreads, boolean spinWait) {
        PiperProvider p = PiperProvider.builder()
                .voices(PiperVoices.builder().directory(model.getParent()).offline(true).build())
                .sessionOptions(sessionOptions(device, intraOpThreads, spinWait))
                .autoDownload(false)
                .build();
        p.initialize();
        return p;
    }

    static SynthesisRequest request(PiperProvider provider, Path model, String text) {
        Map<String, Object> settings = Map.of();
        ProviderConfig config = ProviderConfig.enabledDefault().withVoiceId(model.toString()).withSettings(settings);
        return SynthesisRequest.of(text, "en", config, Settings.resolve(provider.capabilities().settings(), settings));
    }
}
