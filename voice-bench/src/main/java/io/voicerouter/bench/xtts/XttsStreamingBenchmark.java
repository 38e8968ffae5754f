package io.voicerouter.bench.xtts;

import ai.onnxruntime.OrtException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One sentence through the synthesizer (voice already conditioned, as with the provider's voice cache):
 * {@code firstAudio} streams with XTTS's default 20-token chunks and stops at the first chunk (time to
 * first audio); {@code sentence} makes {@code tokens} audio tokens and vocodes them once: real-time factor
 * = time / audio seconds, the audio length printed at the end of the trial (XTTS v2's real vocoder,
 * {@code make_bench_xtts.py --upstream}, makes 1024 samples of 22.05 kHz per token resampled to 24 kHz:
 * 111,360 samples = 4.64 s for 100 tokens; the tiny stand-in 1024 samples of 24 kHz). {@code vocoder}
 * times the vocoder alone on {@code tokens} latents, its share of {@code sentence}.
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

    private int sentenceSamples;

    @Benchmark
    public float[] sentence() throws OrtException {
        float[] audio = probe.synthesize(BenchModel.SENTENCE, tokens, 0, null, false);
        // the stop token is biased away, so every decode makes exactly `tokens` tokens: one length per model
        if (audio.length == 0 || (sentenceSamples != 0 && audio.length != sentenceSamples)) {
            throw new IllegalStateException("expected " + sentenceSamples + " samples, got " + audio.length);
        }
        sentenceSamples = audio.length;
        return audio;
    }

    /** The vocoder alone on {@code tokens} latents: its share of {@code sentence}. */
    @Benchmark
    public float[] vocoder() throws OrtException {
        return probe.vocode(tokens);
    }

    @TearDown(Level.Trial)
    public void printAudioLength() {
        if (sentenceSamples > 0) {
            System.out.printf("%nsentence: %d tokens -> %d samples = %.3f s of 24 kHz audio (RTF = s/op / that)%n",
                    tokens, sentenceSamples, sentenceSamples / 24000.0);
        }
    }
}
