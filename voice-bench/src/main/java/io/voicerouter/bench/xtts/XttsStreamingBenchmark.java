package io.voicerouter.bench.xtts;

import ai.onnxruntime.OrtException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One sentence through the synthesizer (voice already conditioned, as with the provider's voice cache):
 * {@code firstAudio} streams with XTTS's default 20-token chunks and stops at the first chunk (time to
 * first audio); {@code sentence} makes {@code tokens} audio tokens (1024 samples at 24 kHz each, so 100
 * tokens are 4.27 s of audio) and vocodes them once: real-time factor = time / audio seconds.
 *
 * <pre>
 * /usr/bin/python3 tools/xtts/make_bench_xtts.py --layers 30
 * java -jar voice-bench/target/benchmarks.jar XttsStreamingBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class XttsStreamingBenchmark extends BenchModel {
    @Param("100")
    public int tokens;

    @Benchmark
    public int firstAudio() throws OrtException {
        int[] first = {0};
        probe.synthesize(BenchModel.SENTENCE, tokens, 20, chunk -> {
            if (first[0] == 0) {
                first[0] = chunk.length;
            }
        }, true);
        if (first[0] == 0) {
            throw new IllegalStateException("no audio streamed");
        }
        return first[0];
    }

    @Benchmark
    public float[] sentence() throws OrtException {
        float[] audio = probe.synthesize(BenchModel.SENTENCE, tokens, 0, null, false);
        if (audio.length != tokens * 1024) {
            throw new IllegalStateException("expected " + tokens * 1024 + " samples, got " + audio.length);
        }
        return audio;
    }
}
