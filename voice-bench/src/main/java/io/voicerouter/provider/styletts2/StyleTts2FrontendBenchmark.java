package io.voicerouter.provider.styletts2;

import io.voicerouter.audio.AudioData;
import io.voicerouter.audio.Resampler;
import io.voicerouter.bench.SpeechLike;
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
 * Lives in the provider's package to reach its package-private classes.
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
    private DiffusionSampler sampler;

    @Setup
    public void setUp() {
        audio22k = SpeechLike.samples(22050, 6.0);
        audio24k = SpeechLike.samples(24000, 6.0);
        sampler = new DiffusionSampler(0.0001, 3.0, 9.0, 0.2);
    }

    @Benchmark
    public float[] resample22kTo24k() {
        return Resampler.resample(AudioData.mono(audio22k, 22050), MelFrontend.SAMPLE_RATE).samples();
    }

    @Benchmark
    public float[][] trimAndLogMel() {
        return MelFrontend.logMel(MelFrontend.trim(audio24k));
    }

    @Benchmark
    public float[] diffusionSamplerOverhead5Steps() {
        return sampler.sample((x, c) -> new float[][] {x, x}, 256, 5, 1.5, DiffusionSampler.gaussian(3), x -> { });
    }
}
