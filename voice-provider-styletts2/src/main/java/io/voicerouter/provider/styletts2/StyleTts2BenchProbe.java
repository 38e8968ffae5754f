package io.voicerouter.provider.styletts2;

import io.voicerouter.audio.AudioData;
import io.voicerouter.audio.Resampler;

/**
 * Not API: voice-bench's window into the cloning path's package-private Java steps (resampling to
 * the mel frontend's rate, trimming and the log mel, the diffusion sampler's own arithmetic). It
 * lives here, not in voice-bench, so that no two jars share a package (JPMS split packages).
 */
public final class StyleTts2BenchProbe {
    private final DiffusionSampler sampler = new DiffusionSampler(0.0001, 3.0, 9.0, 0.2);

    /** Resamples to the mel frontend's rate, as a reference sample is before its mel. */
    public static float[] resampleForMel(float[] audio, int sampleRate) {
        return Resampler.resample(AudioData.mono(audio, sampleRate), MelFrontend.SAMPLE_RATE).samples();
    }

    /** Trims silence and computes the 80-band log mel of audio at the frontend's rate. */
    public static float[][] trimAndLogMel(float[] audio) {
        return MelFrontend.logMel(MelFrontend.trim(audio));
    }

    /** The sampler's own work for {@code steps} steps around a denoiser that costs nothing. */
    public float[] diffusionOverhead(int steps) {
        return sampler.sample((x, c) -> new float[][] {x, x}, 256, steps, 1.5, DiffusionSampler.gaussian(3), x -> { });
    }
}
