package io.voicerouter.encoders.internal;

/**
 * Encodes FLAC frames (the FLAC format specification, RFC 9639) from 16-bit samples: fixed block
 * size, independent channels, and per channel the cheapest of a CONSTANT subframe (silence, common in
 * speech), a FIXED predictor of order 0-4 with partitioned Rice-coded residuals, or VERBATIM. No LPC:
 * a few percent larger than libFLAC's files, in exchange for a short, obviously correct encoder.
 */
public final class FlacFrames {
    public static final int BLOCK = 4096;
    static final int BITS = 16;
    private static final int MAX_RICE = 14; // 4-bit Rice parameters; 15 is the escape code

    private final int sampleRate;
    private final int channels;
    private final int maxOrder;
    private final int maxPartitionOrder;
    private final BitWriter w = new BitWriter();
    private long frameNumber;

    /** {@code level} 0-12 as libFLAC's: low levels search fewer predictors and partitions. */
    public FlacFrames(int sampleRate, int channels, int level) {
        this.sampleRate = sampleRate;
        this.channels = channels;
        this.maxOrder = level <= 1 ? 2 : 4;
        this.maxPartitionOrder = level <= 2 ? 3 : 8;
    }

    /** The STREAMINFO metadata block after "fLaC", the only (so the last) metadata block. */
    public static byte[] header(int sampleRate, int channels, int minFrame, int maxFrame, long totalFrames,
                                byte[] md5) {
        BitWriter h = new BitWriter();
        h.write('f', 8);
        h.write('L', 8);
        h.write('a', 8);
        h.write('C', 8);
        h.write(1, 1);        // last metadata block
        h.write(0, 7);        // STREAMINFO
        h.write(34, 24);
        h.write(BLOCK, 16);   // min block size (the last block does not count)
        h.write(BLOCK, 16);
        h.write(minFrame, 24);
        h.write(maxFrame, 24);
        h.write(sampleRate, 20);
        h.write(channels - 1, 3);
        h.write(BITS - 1, 5);
        h.write(totalFrames >>> 32, 4);
        h.write(totalFrames, 32);
        for (byte b : md5) {
            h.write(b, 8);
        }
        return java.util.Arrays.copyOf(h.buffer(), h.length());
    }

    /**
     * One frame of {@code frames} frames (at most {@link #BLOCK}) from interleaved 16-bit samples
     * starting at {@code offset}; the returned array is reused by the next call, its length is
     * {@link #frameLength()}.
     */
    public byte[] frame(int[] interleaved, int offset, int frames) {
        w.reset();
        w.write(0xFFF8, 16);                   // sync code, reserved 0, fixed block size
        w.write(0b0111, 4);                    // block size - 1 follows as 16 bits
        w.write(rateCode(sampleRate), 4);
        w.write(channels - 1, 4);              // independent channels
        w.write(0b100, 3);                     // 16 bits per sample
        w.write(0, 1);
        utf8(frameNumber++);
        w.write(frames - 1, 16);
        w.write(Crc.crc8(w.buffer(), w.length()), 8);
        int[] x = new int[frames];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < frames; i++) {
                x[i] = interleaved[offset + i * channels + c];
            }
            subframe(x);
        }
        w.align();
        w.write(Crc.crc16(w.buffer(), w.length()), 16);
        return w.buffer();
    }

    public int frameLength() {
        return w.length();
    }

    private void subframe(int[] x) {
        int n = x.length;
        boolean constant = true;
        for (int i = 1; i < n && constant; i++) {
            constant = x[i] == x[0];
        }
        if (constant) {
            w.write(0, 8);                      // pad bit, type CONSTANT, no wasted bits
            w.write(x[0], BITS);
            return;
        }
        long best = (long) n * BITS;            // VERBATIM
        int bestOrder = -1;
        int[][] residuals = new int[maxOrder + 1][];
        int[] bestPlan = null;
        for (int order = 0; order <= Math.min(maxOrder, n - 1); order++) {
            int[] r = residual(x, order);
            residuals[order] = r;
            int[] plan = ricePlan(r, order, n);
            long bits = (long) order * BITS + plan[plan.length - 1];
            if (bits < best) {
                best = bits;
                bestOrder = order;
                bestPlan = plan;
            }
        }
        if (bestOrder < 0) {
            w.write(0b00000010, 8);             // VERBATIM
            for (int v : x) {
                w.write(v, BITS);
            }
            return;
        }
        w.write(0b00010000 | bestOrder << 1, 8); // FIXED, order
        for (int i = 0; i < bestOrder; i++) {
            w.write(x[i], BITS);
        }
        writeResidual(residuals[bestOrder], bestOrder, n, bestPlan);
    }

    /** Fixed-predictor residuals for samples order..n-1. */
    private static int[] residual(int[] x, int order) {
        int n = x.length;
        int[] r = new int[n - order];
        for (int i = order; i < n; i++) {
            r[i - order] = switch (order) {
                case 0 -> x[i];
                case 1 -> x[i] - x[i - 1];
                case 2 -> x[i] - 2 * x[i - 1] + x[i - 2];
                case 3 -> x[i] - 3 * x[i - 1] + 3 * x[i - 2] - x[i - 3];
                default -> x[i] - 4 * x[i - 1] + 6 * x[i - 2] - 4 * x[i - 3] + x[i - 4];
            };
        }
        return r;
    }

    /**
     * The partition order and Rice parameters with the fewest estimated bits: {partition order,
     * k per partition..., total bits}.
     */
    private int[] ricePlan(int[] r, int order, int n) {
        int[] best = null;
        for (int p = 0; p <= maxPartitionOrder; p++) {
            int parts = 1 << p;
            if (n % parts != 0 || n / parts <= order) {
                break;
            }
            int[] plan = new int[parts + 2];
            plan[0] = p;
            long total = 6;                     // coding method and partition order
            int at = 0;
            for (int part = 0; part < parts; part++) {
                int count = n / parts - (part == 0 ? order : 0);
                long sum = 0;
                for (int i = at; i < at + count; i++) {
                    sum += zigzag(r[i]);
                }
                int k = 0;
                long bits = Long.MAX_VALUE;
                for (int kk = 0; kk <= MAX_RICE; kk++) {
                    long b = (long) count * (kk + 1) + (sum >>> kk);
                    if (b < bits) {
                        bits = b;
                        k = kk;
                    }
                }
                plan[1 + part] = k;
                total += 4 + bits;
                at += count;
            }
            plan[parts + 1] = (int) Math.min(Integer.MAX_VALUE, total);
            if (best == null || plan[parts + 1] < best[best.length - 1]) {
                best = plan;
            }
        }
        return best;
    }

    private void writeResidual(int[] r, int order, int n, int[] plan) {
        int p = plan[0];
        int parts = 1 << p;
        w.write(0, 2);                          // Rice coding, 4-bit parameters
        w.write(p, 4);
        int at = 0;
        for (int part = 0; part < parts; part++) {
            int k = plan[1 + part];
            int count = n / parts - (part == 0 ? order : 0);
            w.write(k, 4);
            for (int i = at; i < at + count; i++) {
                long u = zigzag(r[i]);
                w.unary(u >>> k);
                w.write(u, k);
            }
            at += count;
        }
    }

    private static long zigzag(int v) {
        return ((v << 1) ^ (v >> 31)) & 0xFFFFFFFFL; // residuals of 16-bit audio stay far below 2^30
    }

    /** The frame number as FLAC writes it: UTF-8's variable-length form, extended to 36 bits. */
    private void utf8(long v) {
        if (v < 0x80) {
            w.write(v, 8);
            return;
        }
        int extra = v < 0x800 ? 1 : v < 0x10000 ? 2 : v < 0x200000 ? 3 : v < 0x4000000 ? 4 : 5;
        int leadBits = 6 - extra;               // payload bits in the first byte
        int lead = (0xFF00 >> (extra + 1)) & 0xFF;
        w.write(lead | (v >>> (6 * extra)) & ((1 << leadBits) - 1), 8);
        for (int i = extra - 1; i >= 0; i--) {
            w.write(0x80 | (v >>> (6 * i)) & 0x3F, 8);
        }
    }

    private static int rateCode(int rate) {
        return switch (rate) {
            case 8000 -> 0b0100;
            case 16000 -> 0b0101;
            case 22050 -> 0b0110;
            case 24000 -> 0b0111;
            case 32000 -> 0b1000;
            case 44100 -> 0b1001;
            case 48000 -> 0b1010;
            case 96000 -> 0b1011;
            default -> 0b0000;                  // from STREAMINFO
        };
    }
}
