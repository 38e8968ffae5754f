package io.voicerouter.bench.styletts2;

import io.voicerouter.bench.CpuTime;
import io.voicerouter.spi.SynthesisOutput;
import io.voicerouter.spi.SynthesisRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Real-time factor on CPU: one sentence (plain text) per operation through one shared provider
 * (one intra-op thread per request), with 1 and with 2 requests at once. RTF = the time per
 * operation over the audio's length, printed at set-up.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 4, time = 3)
@Fork(1)
public class StyleTts2RealTimeFactorBenchmark extends StyleTts2BenchState {
    private SynthesisRequest request;
    private double audioSeconds;
    private final CpuTime cpu = new CpuTime();

    public StyleTts2RealTimeFactorBenchmark() {
        super(1);
    }

    @Override
    protected void prepare() {
        request = BenchModel.request(provider, BenchModel.SENTENCE, false);
        audioSeconds = provider.synthesize(request).audio().durationSeconds();
        System.out.printf("%naudio per operation: %.3f s%n", audioSeconds);
    }

    /** One intra-op thread: the calling thread's CPU time is the whole compute (printed at tear-down). */
    @Benchmark
    @Threads(1)
    public SynthesisOutput oneRequestAtATime() {
        long started = CpuTime.start();
        SynthesisOutput out = provider.synthesize(request);
        cpu.stop(started);
        return out;
    }

    @TearDown(Level.Trial)
    public void printCpuTime() {
        if (cpu.count() > 1) {
            double s = cpu.medianSeconds(1);
            System.out.printf("%noneRequestAtATime: CPU time per op, median of %d after the first: %.3f s, "
                    + "CPU RTF %.3f (%.3f s of audio)%n", cpu.count() - 1, s, s / audioSeconds, audioSeconds);
        }
    }

    @Benchmark
    @Threads(2)
    public SynthesisOutput twoConcurrentRequests() {
        return provider.synthesize(request);
    }
}
