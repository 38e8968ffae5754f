package io.voicerouter.audio;

import java.util.Arrays;
import java.util.Objects;

/**
 * {@link Resampler} for audio that arrives in chunks. {@link #push} returns the output frames that the
 * input so far completes (a frame needs about 64 input frames at the lower rate past its own
 * position); {@link #finish} returns the rest, with the input's end treated as silence, exactly as the
 * whole-buffer resampler treats it. Joined, the outputs equal {@link Resampler#resample} of the joined
 * input, sample for sample: both run the same kernel over the same taps in the same order.
 *
 * <p>One stream per audio stream; not thread-safe. Memory stays at about one filter length of input.
 */
public final class ResamplerStream {
    private final SincTable table; // null when the rates are equal: chunks pass through
    private final int sourceRate;
    private final int targetRate;
    private final int channels;
    private float[] buffer = new float[0];
    private long bufferStart;      // input frame index of buffer[0]
    private int bufferFrames;
    private long nextOut;
    private boolean finished;

    ResamplerStream(SincTable table, int sourceRate, int targetRate, int channels) {
        this.table = table;
        this.sourceRate = sourceRate;
        this.targetRate = targetRate;
        this.channels = channels;
    }

    public int sourceRate() {
        return sourceRate;
    }

    public int targetRate() {
        return targetRate;
    }

    /**
     * Takes the next chunk and returns the output it completes, possibly none.
     *
     * @throws IllegalArgumentException when the chunk's rate or channel count differs from the stream's
     * @throws IllegalStateException    after {@link #finish}
     */
    public AudioData push(AudioData chunk) {
        Objects.requireNonNull(chunk, "chunk");
        if (finished) {
            throw new IllegalStateException("the resampler stream is finished");
        }
        if (chunk.sampleRate() != sourceRate || chunk.channels() != channels) {
            throw new IllegalArgumentException("chunk is " + chunk.sampleRate() + " Hz x" + chunk.channels()
                    + ", the stream " + sourceRate + " Hz x" + channels);
        }
        if (table == null) {
            return chunk;
        }
        append(chunk);
        long inEnd = bufferStart + bufferFrames;
        // frame n is complete when its last tap, floor(n·M/L) + half, is inside the input so far
        long ready = ceilDiv((inEnd - table.half) * table.up, table.down);
        return emit(Math.max(nextOut, ready), inEnd);
    }

    /** Returns the output that is left; the stream takes no more input afterwards. */
    public AudioData finish() {
        if (finished) {
            return AudioData.wrap(new float[0], targetRate, channels);
        }
        finished = true;
        if (table == null) {
            return AudioData.wrap(new float[0], targetRate, channels);
        }
        long inEnd = bufferStart + bufferFrames;
        long total = (inEnd * targetRate + sourceRate / 2) / sourceRate;
        return emit(total, inEnd);
    }

    private AudioData emit(long until, long inEnd) {
        int count = (int) Math.max(0, until - nextOut);
        float[] out = new float[count * channels];
        for (int i = 0; i < count; i++) {
            Resampler.frame(table, buffer, bufferStart, inEnd, channels, nextOut + i, out, i * channels);
        }
        nextOut += count;
        dropBefore(nextOut * table.down / table.up - table.half + 1);
        return AudioData.wrap(out, targetRate, channels);
    }

    private void append(AudioData chunk) {
        int needed = (bufferFrames + chunk.frames()) * channels;
        if (needed > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
        }
        for (int i = 0; i < chunk.sampleCount(); i++) {
            buffer[bufferFrames * channels + i] = chunk.sampleAt(i);
        }
        bufferFrames += chunk.frames();
    }

    /** Forgets input frames before {@code frame}: no later output frame reaches back that far. */
    private void dropBefore(long frame) {
        int drop = (int) Math.min(bufferFrames, Math.max(0, frame - bufferStart));
        if (drop > 0) {
            System.arraycopy(buffer, drop * channels, buffer, 0, (bufferFrames - drop) * channels);
            bufferFrames -= drop;
            bufferStart += drop;
        }
    }

    private static long ceilDiv(long a, long b) {
        return a <= 0 ? 0 : (a + b - 1) / b;
    }
}
