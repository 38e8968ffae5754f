package io.voicerouter.bench.styletts2;

import io.voicerouter.spi.SynthesisOutput;
import io.voicerouter.spi.SynthesisRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;
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

    public StyleTts2RealTimeFactorBenchmark() {
        super(1);
    }

    @Override
    protected void prepare() {
        request = BenchModel.request(provider, BenchModel.SENTENCE, false);
        System.out.printf("%naudio per operation: %.3f s%n", provider.synthesize(request).audio().durationSeconds());
    }

    @Benchmark
    @Threads(1)
    public SynthesisOutput oneRequestAtATime() {
        return provider.synthesize(request);
    }

    @Benchmark
    @Threads(2)
    public SynthesisOutput twoConcurrentRequests() {
        return provider.synthesize(request);
    }
}
