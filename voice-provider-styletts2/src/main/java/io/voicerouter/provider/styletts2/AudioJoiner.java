package io.voicerouter.provider.styletts2;

import java.util.List;

/**
 * Joins the waveforms of consecutive model calls. Each call ends and starts wherever its waveform
 * happens to be, so a plain concatenation can jump (an audible click); a short raised-cosine fade
 * out and in at every inner seam brings both sides to zero smoothly. The outer ends are untouched.
 */
final class AudioJoiner {
    /** 10 ms at 24 kHz. */
    static final int FADE_SAMPLES = 240;

    private AudioJoiner() {
    }

    static float[] join(List<float[]> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        int total = parts.stream().mapToInt(p -> p.length).sum();
        float[] out = new float[total];
        int pos = 0;
        for (int i = 0; i < parts.size(); i++) {
            float[] p = parts.get(i).clone();
            int fade = Math.min(FADE_SAMPLES, p.length / 2);
            if (i > 0) {
                for (int k = 0; k < fade; k++) {
                    p[k] *= gain(k, fade);
                }
            }
            if (i < parts.size() - 1) {
                for (int k = 0; k < fade; k++) {
                    p[p.length - 1 - k] *= gain(k, fade);
                }
            }
            System.arraycopy(p, 0, out, pos, p.length);
            pos += p.length;
        }
        return out;
    }

    /** 0 at the seam sample, rising to 1 over {@code fade} samples. */
    private static float gain(int k, int fade) {
        return (float) (0.5 - 0.5 * Math.cos(Math.PI * k / fade));
    }
}
