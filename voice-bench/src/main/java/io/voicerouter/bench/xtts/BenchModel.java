package io.voicerouter.bench.xtts;

import ai.onnxruntime.OrtException;
import io.voicerouter.audio.AudioData;
import io.voicerouter.provider.xtts.XttsBenchProbe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Finds the real-shape benchmark export (not committed) and opens it with an 8 s reference voice. */
final class BenchModel {
    static final String SENTENCE = "The quick brown fox jumps over the lazy dog near the river bank.";

    private BenchModel() {
    }

    static XttsBenchProbe open(String dir, int threads) throws IOException, OrtException {
        Path model = Path.of(dir);
        if (!Files.isRegularFile(model.resolve("gpt_model.onnx"))) {
            throw new IllegalStateException("No XTTS benchmark export in " + model.toAbsolutePath()
                    + ". Make it (random weights, XTTS v2's GPT shape, ~1.6 GB at 30 layers) from the repository root:\n"
                    + "  /usr/bin/python3 tools/xtts/make_bench_xtts.py --layers 30\n"
                    + "or point -p modelDir=<dir> at another export.");
        }
        return new XttsBenchProbe(model, threads, speechLike(22050, 8.0), SENTENCE);
    }

    /** A 150 Hz harmonic series with a syllable-rate envelope and a little noise: timing needs no real voice. */
    private static AudioData speechLike(int rate, double seconds) {
        SplittableRandom random = new SplittableRandom(1);
        float[] out = new float[(int) (rate * seconds)];
        for (int i = 0; i < out.length; i++) {
            double t = (double) i / rate;
            double envelope = 0.5 + 0.5 * Math.sin(2 * Math.PI * 4 * t);
            double v = 0;
            for (int h = 1; h <= 10; h++) {
                v += Math.sin(2 * Math.PI * 150 * h * t) / h;
            }
            out[i] = (float) (0.2 * envelope * v + 0.01 * (random.nextDouble() - 0.5));
        }
        return AudioData.mono(out, rate);
    }
}
