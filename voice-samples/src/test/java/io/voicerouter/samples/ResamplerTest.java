package io.voicerouter.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ResamplerTest {
    @Test
    void keepsThePassBandAndRemovesWhatWouldAlias() {
        float[] low = sine(1000, 48_000, 48_000);
        float[] high = sine(10_000, 48_000, 48_000); // above 8 kHz: must vanish at 16 kHz, not fold to 6 kHz
        float[] lowOut = Resampler.resample(low, 48_000, 16_000);
        float[] highOut = Resampler.resample(high, 48_000, 16_000);
        assertThat(lowOut.length).isEqualTo(16_000);
        assertThat(rms(lowOut, 500)).isCloseTo(Math.sqrt(0.5), within(0.01));
        assertThat(20 * Math.log10(rms(highOut, 500) / Math.sqrt(0.5))).isLessThan(-60);
    }

    @Test
    void upsamplesWithoutLosingTheSignal() {
        float[] in = sine(3000, 22_050, 22_050);
        float[] out = Resampler.resample(in, 22_050, 24_000);
        float[] expected = sine(3000, 24_000, out.length);
        double err = 0;
        for (int i = 200; i < out.length - 200; i++) {
            err = Math.max(err, Math.abs(out[i] - expected[i]));
        }
        assertThat(err).isLessThan(0.01);
    }

    private static float[] sine(double f, int rate, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) Math.sin(2 * Math.PI * f * i / rate);
        }
        return x;
    }

    private static double rms(float[] x, int skip) {
        double s = 0;
        for (int i = skip; i < x.length - skip; i++) {
            s += x[i] * x[i];
        }
        return Math.sqrt(s / (x.length - 2 * skip));
    }
}
