package io.voicerouter.bench;

import java.util.SplittableRandom;

/** Deterministic speech-like test audio for benchmarks that need a voice but not a real one. */
public final class SpeechLike {
    private SpeechLike() {
    }

    /** A 150 Hz harmonic series with a syllable-rate envelope and a little noise, padded with 0.25 s of silence. */
    public static float[] samples(int rate, double seconds) {
        SplittableRandom random = new SplittableRandom(1);
        float[] out = new float[(int) (rate * seconds)];
        for (int i = rate / 4; i < out.length - rate / 4; i++) {
            double t = (double) i / rate;
            double envelope = 0.5 + 0.5 * Math.sin(2 * Math.PI * 4 * t);
            double v = 0;
            for (int h = 1; h <= 10; h++) {
                v += Math.sin(2 * Math.PI * 150 * h * t) / h;
            }
            out[i] = (float) (0.2 * envelope * v + 0.01 * (random.nextDouble() - 0.5));
        }
        return out;
    }
}
