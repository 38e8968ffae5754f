package io.voicerouter.xtts;

import java.util.Arrays;

/**
 * Joins the vocoder outputs of a streaming decode, as XTTS's inference_stream does: every push is the
 * vocoding of all latents so far; what lies past the samples already emitted is emitted, except the
 * last {@code overlap} samples, which are held back and cross-faded (linear ramps) with the same
 * region of the next vocoding, where the vocoder has seen more context. Not thread-safe: one per stream.
 */
final class ChunkStitcher {
    private final int overlap;
    private float[] held = new float[0];
    private int emitted;

    ChunkStitcher(int overlap) {
        if (overlap < 0) {
            throw new IllegalArgumentException("overlap must not be negative");
        }
        this.overlap = overlap;
    }

    /** Samples emitted so far. */
    int emitted() {
        return emitted;
    }

    /**
     * Takes the vocoding of every latent so far and returns the samples to emit now; {@code last} emits
     * everything that remains.
     */
    float[] push(float[] wav, boolean last) {
        if (wav.length < emitted) {
            throw new IllegalArgumentException("vocoding of " + wav.length + " samples is shorter than the "
                    + emitted + " already emitted");
        }
        int fresh = wav.length - emitted;
        float[] combined = Arrays.copyOfRange(wav, emitted, wav.length);
        int n = Math.min(held.length, fresh);
        for (int i = 0; i < n; i++) {
            double w = (i + 0.5) / n; // fades the held tail out and the new vocoding in
            combined[i] = (float) (held[i] * (1 - w) + combined[i] * w);
        }
        if (last) {
            held = new float[0];
            emitted = wav.length;
            return combined;
        }
        int keep = Math.min(overlap, combined.length);
        float[] out = Arrays.copyOf(combined, combined.length - keep);
        held = Arrays.copyOfRange(wav, wav.length - keep, wav.length);
        emitted += out.length;
        return out;
    }
}
