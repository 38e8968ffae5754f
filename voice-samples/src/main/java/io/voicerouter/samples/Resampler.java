package io.voicerouter.samples;

import io.voicerouter.audio.AudioData;

/**
 * Band-limited sample-rate conversion: a Kaiser-windowed sinc, tabulated and linearly
 * interpolated, with the cut-off at 95% of the lower Nyquist frequency so that downsampling does
 * not fold energy above it back into the speech band. About 80 dB stop-band; plenty for analysis
 * and for conditioning cloning models. Stateless and thread-safe.
 */
final class Resampler {
    private static final int ZERO_CROSSINGS = 16;
    private static final int TABLE_STEPS = 512; // per zero crossing
    private static final double BETA = 8.0;    // Kaiser window shape: ~80 dB side lobes
    private static final double ROLL_OFF = 0.95;
    private static final float[] KERNEL = buildKernel();

    private Resampler() {
    }

    /** Mono audio at {@code targetRate}; the input is downmixed first when it has several channels. */
    static AudioData toMono(AudioData in, int targetRate) {
        AudioData mono = in.toMono();
        if (mono.sampleRate() == targetRate) {
            return mono;
        }
        return AudioData.wrap(resample(mono.samples(), mono.sampleRate(), targetRate), targetRate, 1);
    }

    static float[] resample(float[] x, int from, int to) {
        if (from == to) {
            return x.clone();
        }
        double ratio = (double) to / from;
        double scale = Math.min(1.0, ratio) * ROLL_OFF; // cut-off relative to the input Nyquist
        double halfWidth = ZERO_CROSSINGS / scale;      // kernel half-width in input samples
        long outLen = (long) Math.floor(x.length * ratio);
        float[] y = new float[Math.toIntExact(outLen)];
        double step = (double) from / to;
        for (int n = 0; n < y.length; n++) {
            double t = n * step;
            int first = (int) Math.ceil(t - halfWidth);
            int last = (int) Math.floor(t + halfWidth);
            double acc = 0;
            for (int k = Math.max(0, first); k <= Math.min(x.length - 1, last); k++) {
                acc += x[k] * kernel(Math.abs(t - k) * scale);
            }
            y[n] = (float) (acc * scale);
        }
        return y;
    }

    /** The windowed sinc at {@code u} zero crossings from its centre. */
    private static double kernel(double u) {
        double pos = u * TABLE_STEPS;
        int i = (int) pos;
        if (i >= KERNEL.length - 1) {
            return 0;
        }
        double frac = pos - i;
        return KERNEL[i] + frac * (KERNEL[i + 1] - KERNEL[i]);
    }

    private static float[] buildKernel() {
        float[] k = new float[ZERO_CROSSINGS * TABLE_STEPS + 2];
        double i0Beta = besselI0(BETA);
        for (int i = 0; i < k.length; i++) {
            double u = (double) i / TABLE_STEPS;
            if (u > ZERO_CROSSINGS) {
                k[i] = 0;
                continue;
            }
            double sinc = u == 0 ? 1 : Math.sin(Math.PI * u) / (Math.PI * u);
            double r = u / ZERO_CROSSINGS;
            double window = besselI0(BETA * Math.sqrt(Math.max(0, 1 - r * r))) / i0Beta;
            k[i] = (float) (sinc * window);
        }
        return k;
    }

    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        for (int k = 1; k < 50; k++) {
            term *= (x / (2 * k)) * (x / (2 * k));
            sum += term;
            if (term < 1e-12 * sum) {
                break;
            }
        }
        return sum;
    }
}
