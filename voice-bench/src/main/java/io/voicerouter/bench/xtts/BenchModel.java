package io.voicerouter.bench.xtts;

import ai.onnxruntime.OrtException;
import io.voicerouter.audio.AudioData;
import io.voicerouter.bench.SpeechLike;
import io.voicerouter.provider.xtts.XttsBenchProbe;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real-shape benchmark export (not committed), opened once per trial with an 8 s speech-like
 * reference voice. The XTTS benchmarks extend it.
 */
@State(Scope.Benchmark)
public abstract class BenchModel {
    static final String SENTENCE = "The quick brown fox jumps over the lazy dog near the river bank.";

    @Param("models/xtts_v2_bench_L30")
    public String modelDir;
    @Param("2")
    public int threads;

    XttsBenchProbe probe;

    @Setup(Level.Trial)
    public void open() throws IOException, OrtException {
        Path model = Path.of(modelDir);
        if (!Files.isRegularFile(model.resolve("gpt_model.onnx"))) {
            throw new IllegalStateException("No XTTS benchmark export in " + model.toAbsolutePath()
                    + ". Make it (random weights, XTTS v2's GPT shape, ~1.6 GB at 30 layers) from the repository root:\n"
                    + "  /usr/bin/python3 tools/xtts/make_bench_xtts.py --layers 30\n"
                    + "or point -p modelDir=<dir> at another export.");
        }
        probe = new XttsBenchProbe(model, threads, AudioData.mono(SpeechLike.samples(22050, 8.0), 22050), SENTENCE);
    }

    @TearDown(Level.Trial)
    public void close() {
        probe.close();
    }
}
