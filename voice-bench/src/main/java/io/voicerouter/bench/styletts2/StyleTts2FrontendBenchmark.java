package io.voicerouter.bench.styletts2;

import io.voicerouter.bench.SpeechLike;
import io.voicerouter.provider.styletts2.StyleTts2BenchProbe;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The Java side of StyleTTS2 cloning, per reference sample (6 s of speech-like audio): resampling
 * from 22.05 kHz (voice-core's Resampler), silence trimming and the 80-band log mel; and the diffusion sampler's own
 * arithmetic (5 steps) around a trivial denoiser, i.e. the overhead added to the ONNX calls.
 * Reaches the provider's package-private steps through {@link StyleTts2BenchProbe}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StyleTts2FrontendBenchmark {
    private float[] audio22k;
    private float[] audio24k;
    private StyleTts2BenchProbe probe;

    @Setup
    public void setUp() {
        audio22k = SpeechLike.samples(22050, 6.0);
        audio24k = SpeechLike.samples(24000, 6.0);
        probe = new StyleTts2BenchProbe();
    }

    @Benchmark
    public float[] resample22kTo24k() {
        return StyleTts2BenchProbe.resampleForMel(audio22k, 22050);
    }

    @Benchmark
    public float[][] trimAndLogMel() {
        return StyleTts2BenchProbe.trimAndLogMel(audio24k);
    }

    @Benchmark
    public float[] diffusionSamplerOverhead5Steps() {
        return probe.diffusionOverhead(5);
    }
}
