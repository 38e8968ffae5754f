package io.voicerouter.bench.xtts;

import ai.onnxruntime.OrtException;
import io.voicerouter.bench.Paired;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * Time per generated audio token: our GPT loop (GptDecoder: sampling with XTTS's defaults, latents
 * copied out, present_* fed back as past_*) against the bare loop over the same graph (same prefix, same
 * KV-cache tensors, reused direct input buffers, no sampling). Both run the prefix call plus
 * {@code tokens - 1} single-token steps, so per-token time is (t(33) - t(1)) / 32 for each, and the
 * ratio of those is our loop's overhead (target 1.10 or less). On a shared machine read {@code paired}'s
 * counters: per token = (ourLoopMicros(33) - ourLoopMicros(1)) / (bareMicros(33) - bareMicros(1)).
 *
 * <pre>
 * /usr/bin/python3 tools/xtts/make_bench_xtts.py --layers 30
 * java -jar voice-bench/target/benchmarks.jar XttsGptLoopBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class XttsGptLoopBenchmark extends BenchModel {
    @Param({"1", "33"})
    public int tokens;

    @Benchmark
    public int ourLoop() throws OrtException {
        int made = probe.ourLoop(tokens);
        if (made != tokens) {
            throw new IllegalStateException("decode stopped after " + made + " of " + tokens + " tokens");
        }
        return made;
    }

    @Benchmark
    public int bareSessionRun() throws OrtException {
        return probe.bareLoop(tokens);
    }

    /** Microseconds spent in each half of {@link #paired}, summed over the iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Split {
        public long ourLoopMicros;
        public long bareMicros;
        final Paired pair = new Paired();

        @Setup(Level.Iteration)
        public void reset() {
            ourLoopMicros = 0;
            bareMicros = 0;
        }
    }

    /**
     * Both loops back to back, alternating which goes first: on a shared, busy machine the ratio
     * ourLoopMicros / bareMicros is far steadier than two separate benchmarks (which swung 3x here).
     */
    @Benchmark
    public void paired(Split split, Blackhole bh) throws Exception {
        split.pair.run(bh, this::ourLoop, this::bareSessionRun);
        split.ourLoopMicros += split.pair.subjectNanos() / 1000;
        split.bareMicros += split.pair.baselineNanos() / 1000;
    }
}
