package io.voicerouter.provider.styletts2;

import java.util.List;

/**
 * Joins the waveforms of consecutive model calls. Each call ends and starts wherever its waveform
 * happens to be, so a plain concatenation can jump (an audible click); a short raised-cosine fade
 * out and in at every inner seam brings both sides to zero smoothly. The outer ends are untouched.
 * Each part is faded on its own ({@link #faded}), so streaming the faded parts one by one gives
 * exactly the samples of {@link #join}.
 */
final class AudioJoiner {
    /** 10 ms at 24 kHz. */
    static final int FADE_SAMPLES = 240;

    private AudioJoiner() {
    }

    static float[] join(List<float[]> parts) {
        return concat(java.util.stream.IntStream.range(0, parts.size())
                .mapToObj(i -> faded(parts.get(i), i > 0, i < parts.size() - 1)).toList());
    }

    /** The parts one after the other, as they are. */
    static float[] concat(List<float[]> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        float[] out = new float[parts.stream().mapToInt(p -> p.length).sum()];
        int pos = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, pos, p.length);
            pos += p.length;
        }
        return out;
    }

    /**
     * {@code part} with a fade-in when something precedes it and a fade-out when something follows;
     * {@code part} itself when neither.
     */
    static float[] faded(float[] part, boolean fadeIn, boolean fadeOut) {
        if (!fadeIn && !fadeOut) {
            return part;
        }
        float[] p = part.clone();
        int fade = Math.min(FADE_SAMPLES, p.length / 2);
        for (int k = 0; k < fade; k++) {
            if (fadeIn) {
                p[k] *= gain(k, fade);
            }
            if (fadeOut) {
                p[p.length - 1 - k] *= gain(k, fade);
            }
        }
        return p;
    }

    /** 0 at the seam sample, rising to 1 over {@code fade} samples. */
    private static float gain(int k, int fade) {
        return (float) (0.5 - 0.5 * Math.cos(Math.PI * k / fade));
    }
}
