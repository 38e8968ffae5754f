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
 * The benchmark voice: a Piper voice built with upstream Piper's own training and export code, medium
 * quality, random weights (63 MB, not committed), so its cost is a real medium voice's. Found at the
 * system property {@code piper.bench.model}, else {@code $PIPER_BENCH_MODEL}, else
 * {@value #SHARED}, else {@code models/piper-arch/}{@value #FILE} under the working directory or a
 * parent. ({@code tools/make_piper_medium.py}'s stand-in is close in size but not upstream's
 * architecture, and costs about 7 % less per sentence; pass it explicitly to compare.)
 */
final class BenchVoice {
    static final String FILE = "en_US-upstream_arch-medium.onnx";
    static final String SHARED = "/work/shared/data/models/piper-arch/" + FILE;
    static final String RELATIVE = "models/piper-arch/" + FILE;
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
        if (Files.isRegularFile(Path.of(SHARED))) {
            return check(Path.of(SHARED));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(RELATIVE);
            if (Files.isRegularFile(candidate)) {
                return check(candidate);
            }
        }
        throw new IllegalStateException("Benchmark voice not found. It is a Piper medium voice with upstream's "
                + "architecture (" + FILE + " + .onnx.json, built with upstream Piper's export code); put it at "
                + RELATIVE + " under the repository root or pass -Dpiper.bench.model=/path/to/model.onnx");
    }

    private static Path check(Path p) {
        if (!Files.isRegularFile(p) || !Files.isRegularFile(p.resolveSibling(p.getFileName() + ".json"))) {
            throw new IllegalStateException("Benchmark voice " + p + " or its .onnx.json is missing");
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
                // these benchmarks hold the thread count fixed (against bare runs at intraOpThreads)
                .firstPieceAllThreads(false)
                .autoDownload(false)
                .build();
        p.initialize();
        return p;
    }

    static SynthesisRequest request(PiperProvider provider, Path model, String text) {
        Map<String, Object> settings = Map.of();
        ProviderConfig config = ProviderConfig.enabledDefault().withVoiceId(model.toString()).withSettings(settings);
        return SynthesisRequest.of(text, "en", config.voice(), Settings.resolve(provider.capabilities().settings(), settings));
    }
}
