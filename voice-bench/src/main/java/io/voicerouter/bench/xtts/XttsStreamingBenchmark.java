package io.voicerouter.bench.xtts;

import ai.onnxruntime.OrtException;
import io.voicerouter.bench.CpuTime;
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

    private final CpuTime firstAudioCpu = new CpuTime();
    private final CpuTime sentenceCpu = new CpuTime();
    private final CpuTime vocoderCpu = new CpuTime();

    @Benchmark
    public int firstAudio() throws OrtException {
        long cpu = CpuTime.start();
        int[] first = {0};
        probe.synthesize(BenchModel.SENTENCE, tokens, 20, chunk -> {
            if (first[0] == 0) {
                first[0] = chunk.length;
            }
        }, true);
        if (first[0] == 0) {
            throw new IllegalStateException("no audio streamed");
        }
        firstAudioCpu.stop(cpu);
        return first[0];
    }

    private int sentenceSamples;

    @Benchmark
    public float[] sentence() throws OrtException {
        long cpu = CpuTime.start();
        float[] audio = probe.synthesize(BenchModel.SENTENCE, tokens, 0, null, false);
        sentenceCpu.stop(cpu);
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
        long cpu = CpuTime.start();
        float[] audio = probe.vocode(tokens);
        vocoderCpu.stop(cpu);
        return audio;
    }

    private final java.util.List<long[]> pairs = new java.util.ArrayList<>();

    /**
     * {@code sentence} and {@code vocoder} back to back in one op (order alternating), so both halves see
     * the same machine load; prints the vocoder's median share of the sentence at the end of the trial
     * (the warm-up op left out).
     */
    @Benchmark
    public long paired() throws OrtException {
        boolean vocoderFirst = pairs.size() % 2 == 1;
        long v = vocoderFirst ? timeVocoder() : 0;
        long t0 = System.nanoTime();
        sentence();
        long s = System.nanoTime() - t0;
        if (!vocoderFirst) {
            v = timeVocoder();
        }
        pairs.add(new long[] {s, v});
        return s + v;
    }

    private long timeVocoder() throws OrtException {
        long t0 = System.nanoTime();
        vocoder();
        return System.nanoTime() - t0;
    }

    @TearDown(Level.Trial)
    public void printAudioLength() {
        if (pairs.size() > 1) {
            java.util.List<long[]> measured = pairs.subList(1, pairs.size());
            double[] share = measured.stream().mapToDouble(p -> (double) p[1] / p[0]).sorted().toArray();
            double[] sentenceSeconds = measured.stream().mapToDouble(p -> p[0] / 1e9).sorted().toArray();
            double[] vocoderSeconds = measured.stream().mapToDouble(p -> p[1] / 1e9).sorted().toArray();
            System.out.printf("%npaired (%d ops): sentence median %.2f s, vocoder alone median %.2f s, "
                    + "vocoder / sentence median %.3f (each: %s)%n", share.length, median(sentenceSeconds),
                    median(vocoderSeconds), median(share), java.util.Arrays.toString(share));
        }
        for (var e : java.util.Map.of("firstAudio", firstAudioCpu, "sentence", sentenceCpu, "vocoder", vocoderCpu)
                .entrySet()) {
            if (e.getValue().count() > 1) {
                System.out.printf("%n%s: calling thread's CPU time, median of %d ops after the first: %.2f s%s%n",
                        e.getKey(), e.getValue().count() - 1, e.getValue().medianSeconds(1),
                        threads == 1 ? " (threads=1: the whole compute)" : " (its share only: threads > 1)");
            }
        }
        if (sentenceSamples > 0) {
            System.out.printf("%nsentence: %d tokens -> %d samples = %.3f s of 24 kHz audio (RTF = s/op / that)%n",
                    tokens, sentenceSamples, sentenceSamples / 24000.0);
        }
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
