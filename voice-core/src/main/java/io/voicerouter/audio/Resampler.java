package io.voicerouter.audio;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Band-limited sample-rate conversion between any two rates: a polyphase Kaiser-windowed sinc filter
 * (see {@link SincTable}) whose passband reaches 0.45 of the lower rate and whose stopband starts at
 * the lower Nyquist frequency with about 110 dB of attenuation, so downsampling does not alias and
 * upsampling does not image. The filter is symmetric and centred: output frame n is the band-limited
 * input at time n / targetRate, with no delay. Stateless and thread-safe; filter tables for the rate
 * pairs in use are cached.
 *
 * <p>The input is treated as silent outside its ends, so the first and last ~64 output samples (at the
 * lower rate) see a filter that is only partly inside the signal, as with every linear-phase resampler
 * that keeps the length.
 */
public final class Resampler {
    private static final int MAX_CACHED_TABLES = 32;
    private static final int MAX_CACHED_ENTRIES = 1 << 18;
    private static final Map<Long, SincTable> TABLES = new ConcurrentHashMap<>();

    private Resampler() {
    }

    /**
     * Converts {@code audio} to {@code targetRate}, every channel alike. The result has
     * round(frames · targetRate / sourceRate) frames. Returns {@code audio} itself when the rate is
     * already {@code targetRate}.
     *
     * @throws IllegalArgumentException for a non-positive rate or a down-sampling ratio beyond about
     *                                  100:1 (48000 Hz to below ~450 Hz), whose filter would not fit a sane table
     */
    public static AudioData resample(AudioData audio, int targetRate) {
        Objects.requireNonNull(audio, "audio");
        if (targetRate <= 0) {
            throw new IllegalArgumentException("targetRate must be positive: " + targetRate);
        }
        int sourceRate = audio.sampleRate();
        if (sourceRate == targetRate) {
            return audio;
        }
        int channels = audio.channels();
        long inFrames = audio.frames();
        long outFrames = (inFrames * targetRate + sourceRate / 2) / sourceRate;
        if (outFrames * channels > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Resampled audio would have " + outFrames * channels + " samples");
        }
        SincTable t = table(sourceRate, targetRate);
        float[] in = audio.samples();
        float[] out = new float[(int) (outFrames * channels)];
        for (int n = 0; n < outFrames; n++) {
            frame(t, in, 0, inFrames, channels, n, out, n * channels);
        }
        return AudioData.wrap(out, targetRate, channels);
    }

    /**
     * A resampler for audio that arrives in chunks (a streaming synthesis): each chunk gives every
     * output frame whose filter taps it completes, and {@link ResamplerStream#finish()} the rest. The
     * frames, joined, equal {@link #resample} of the joined input, sample for sample.
     *
     * @throws IllegalArgumentException as {@link #resample} does, or for a non-positive channel count
     */
    public static ResamplerStream stream(int sourceRate, int targetRate, int channels) {
        if (sourceRate <= 0 || targetRate <= 0 || channels <= 0) {
            throw new IllegalArgumentException("rates and channels must be positive: " + sourceRate + " Hz to "
                    + targetRate + " Hz, " + channels + " channels");
        }
        return new ResamplerStream(sourceRate == targetRate ? null : table(sourceRate, targetRate),
                sourceRate, targetRate, channels);
    }

    /**
     * Output frame {@code n}, every channel, into {@code out} at {@code outPos}. {@code in} holds
     * input frames from {@code inStart} on (earlier ones are gone and, by then, never needed);
     * {@code inEnd} is where the signal stops (taps at or past it read silence).
     */
    static void frame(SincTable t, float[] in, long inStart, long inEnd, int channels, long n, float[] out,
                      int outPos) {
        long num = n * t.down;             // input position n·M/L as an integer part and a remainder
        long k0 = num / t.up;
        long rem = num % t.up;
        long first = k0 - t.half + 1;      // input frame under coefficient 0
        int row;
        double w;
        if (t.exact) {
            row = (int) rem;
            w = 0;
        } else {
            double pos = (double) rem * t.phases / t.up;
            row = (int) pos;
            w = pos - row;
        }
        int base = row * t.taps;
        int lo = (int) Math.max(0, -first);                 // skip taps before the signal
        int hi = (int) Math.min(t.taps, inEnd - first);     // and after it
        int offset = (int) (first - inStart);
        for (int c = 0; c < channels; c++) {
            double acc;
            if (w == 0) {
                acc = dot(t.table, base, in, offset * channels + c, channels, lo, hi);
            } else {
                acc = 0;
                int next = base + t.taps;
                for (int j = lo; j < hi; j++) {
                    double h = t.table[base + j] + w * (t.table[next + j] - t.table[base + j]);
                    acc += h * in[(offset + j) * channels + c];
                }
            }
            out[outPos + c] = (float) acc;
        }
    }

    /**
     * Taps {@code lo..hi} of the row at {@code base} against every {@code stride}-th input sample
     * from {@code at}. Four partial sums: one running sum waits for each addition's latency in turn
     * (the JIT may not reorder floating-point sums), which made resampling a streamed slice cost
     * four times its arithmetic; the order is fixed, so the result does not depend on the caller.
     */
    private static double dot(double[] table, int base, float[] in, int at, int stride, int lo, int hi) {
        double a0 = 0;
        double a1 = 0;
        double a2 = 0;
        double a3 = 0;
        int j = lo;
        for (; j + 3 < hi; j += 4) {
            int i = at + j * stride;
            a0 += table[base + j] * in[i];
            a1 += table[base + j + 1] * in[i + stride];
            a2 += table[base + j + 2] * in[i + 2 * stride];
            a3 += table[base + j + 3] * in[i + 3 * stride];
        }
        for (; j < hi; j++) {
            a0 += table[base + j] * in[at + j * stride];
        }
        return (a0 + a1) + (a2 + a3);
    }

    static SincTable table(int in, int out) {
        long key = (long) in << 32 | out;
        SincTable t = TABLES.get(key);
        if (t == null) {
            t = new SincTable(in, out);
            if (t.table.length > MAX_CACHED_ENTRIES) {
                return t; // an extreme ratio: not worth keeping megabytes around for
            }
            if (TABLES.size() >= MAX_CACHED_TABLES) {
                TABLES.clear(); // a process uses a handful of rate pairs; this only guards against churn
            }
            TABLES.put(key, t);
        }
        return t;
    }
}
