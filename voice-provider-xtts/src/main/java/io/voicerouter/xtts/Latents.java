package io.voicerouter.xtts;

import java.util.List;

/** Latent sequences as flat [T, D] arrays, and XTTS's speed control by resampling them in time. */
final class Latents {
    private Latents() {
    }

    static float[] flatten(List<float[]> rows, int width) {
        float[] out = new float[rows.size() * width];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, out, i * width, width);
        }
        return out;
    }

    /**
     * {@code torch.nn.functional.interpolate(x.transpose(1, 2), scale_factor=scale, mode="linear")}
     * (align_corners False) on a flat [frames, width] sequence: XTTS stretches latents by 1/speed.
     */
    static float[] interpolate(float[] x, int frames, int width, double scale) {
        int outFrames = (int) Math.floor(frames * scale);
        float[] out = new float[outFrames * width];
        for (int o = 0; o < outFrames; o++) {
            double src = Math.max((o + 0.5) / scale - 0.5, 0.0);
            int i0 = Math.min((int) Math.floor(src), frames - 1);
            int i1 = Math.min(i0 + 1, frames - 1);
            double w1 = src - i0;
            double w0 = 1.0 - w1;
            for (int c = 0; c < width; c++) {
                out[o * width + c] = (float) (w0 * x[i0 * width + c] + w1 * x[i1 * width + c]);
            }
        }
        return out;
    }
}
