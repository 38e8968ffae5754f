package io.voicerouter.bench.piper;

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
 * Real-time factor with 1, 2 and 4 requests at once on one shared provider (one session): the
 * average time per request divided by the audio's duration, which setup prints. RTF below 1 is
 * faster than real time.
 *
 * <pre>java -jar voice-bench/target/benchmarks.jar PiperConcurrencyBenchmark
 * java -jar voice-bench/target/benchmarks.jar PiperConcurrencyBenchmark -p device=cuda</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 4)
@Measurement(iterations = 4, time = 5)
@Fork(1)
public class PiperConcurrencyBenchmark extends PiperBenchState {
    private SynthesisRequest request;

    @Override
    protected void prepare() {
        request = BenchVoice.request(provider, model, BenchVoice.SENTENCE);
        SynthesisOutput out = provider.synthesize(request);
        System.out.printf("%nAudio per request: %.3f s on %s; RTF = (ms/op) / %.1f%n",
                out.audio().durationSeconds(), out.metadata().get("device"), out.audio().durationSeconds() * 1000);
    }

    @Benchmark
    @Threads(1)
    public SynthesisOutput concurrency1() {
        return provider.synthesize(request);
    }

    @Benchmark
    @Threads(2)
    public SynthesisOutput concurrency2() {
        return provider.synthesize(request);
    }

    @Benchmark
    @Threads(4)
    public SynthesisOutput concurrency4() {
        return provider.synthesize(request);
    }
}
