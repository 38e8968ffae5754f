package io.voicerouter.samples;

import io.voicerouter.audio.AudioData;
import java.util.Arrays;

/**
 * ITU-R BS.1770-4 loudness: K-weighting (the pre-filter shelf and the RLB high-pass, designed for
 * any sample rate by the bilinear transform, as libebur128 does), 400 ms gated blocks for the
 * integrated loudness and EBU Tech 3342 loudness range over 3 s short-term windows. All channels
 * are weighted 1.0 (mono and stereo voice recordings; no surround or LFE handling).
 */
final class Loudness {
    /** Loudness reported for silence, where no block passes the absolute gate. */
    static final double SILENCE_LUFS = -70.0;
    private static final double ABSOLUTE_GATE = -70.0;
    private static final double SUB_BLOCK_SECONDS = 0.1;

    /** Sum over channels of the mean square of the K-weighted signal in each 100 ms sub-block. */
    private final double[] subBlockPower;

    private Loudness(double[] subBlockPower) {
        this.subBlockPower = subBlockPower;
    }

    static Loudness measure(AudioData audio) {
        int ch = audio.channels();
        int rate = audio.sampleRate();
        int frames = audio.frames();
        int sub = (int) Math.round(rate * SUB_BLOCK_SECONDS);
        int blocks = frames / sub;
        double[] power = new double[blocks];
        for (int c = 0; c < ch; c++) {
            Biquad shelf = Biquad.preFilter(rate);
            Biquad highPass = Biquad.rlbFilter(rate);
            double acc = 0;
            int b = 0;
            int inBlock = 0;
            for (int f = 0; f < blocks * sub; f++) {
                double y = highPass.next(shelf.next(audio.sampleAt(f * ch + c)));
                acc += y * y;
                if (++inBlock == sub) {
                    power[b++] += acc / sub;
                    acc = 0;
                    inBlock = 0;
                }
            }
        }
        return new Loudness(power);
    }

    static double lufs(double power) {
        return power <= 0 ? Double.NEGATIVE_INFINITY : -0.691 + 10 * Math.log10(power);
    }

    /** Gated integrated loudness in LUFS, or {@link #SILENCE_LUFS} when nothing passes the gate. */
    double integrated() {
        double[] blocks = windowPowers(4, 1);
        double ungated = gatedMean(blocks, Double.NEGATIVE_INFINITY);
        if (Double.isNaN(ungated)) {
            return SILENCE_LUFS;
        }
        double gated = gatedMean(blocks, lufs(ungated) - 10);
        return Double.isNaN(gated) ? SILENCE_LUFS : lufs(gated);
    }

    /** Mean power of the blocks above the absolute gate and {@code relativeGate} (LUFS); NaN when none is. */
    private static double gatedMean(double[] blocks, double relativeGate) {
        double sum = 0;
        int n = 0;
        for (double p : blocks) {
            double l = lufs(p);
            if (l > ABSOLUTE_GATE && l > relativeGate) {
                sum += p;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** EBU Tech 3342 loudness range in LU: 10th to 95th percentile of gated 3 s short-term loudness. */
    double range() {
        double[] blocks = windowPowers(30, 1);
        double ungated = gatedMean(blocks, Double.NEGATIVE_INFINITY);
        if (Double.isNaN(ungated)) {
            return 0;
        }
        double relativeGate = lufs(ungated) - 20;
        double[] kept = Arrays.stream(blocks).map(Loudness::lufs)
                .filter(l -> l > ABSOLUTE_GATE && l > relativeGate).sorted().toArray();
        if (kept.length < 2) {
            return 0;
        }
        return percentile(kept, 0.95) - percentile(kept, 0.10);
    }

    /** Loudness of each window of {@code windowSeconds}, every {@code hopSeconds}, in LUFS. */
    double[] windows(double windowSeconds, double hopSeconds) {
        int w = Math.max(1, (int) Math.round(windowSeconds / SUB_BLOCK_SECONDS));
        int h = Math.max(1, (int) Math.round(hopSeconds / SUB_BLOCK_SECONDS));
        return Arrays.stream(windowPowers(w, h)).map(Loudness::lufs).toArray();
    }

    static double subBlockSeconds() {
        return SUB_BLOCK_SECONDS;
    }

    private double[] windowPowers(int width, int hop) {
        if (subBlockPower.length < width) {
            return new double[0];
        }
        int count = (subBlockPower.length - width) / hop + 1;
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            double s = 0;
            for (int j = 0; j < width; j++) {
                s += subBlockPower[i * hop + j];
            }
            out[i] = s / width;
        }
        return out;
    }

    private static double percentile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /** Direct-form I biquad with BS.1770's K-weighting designs. */
    static final class Biquad {
        private final double b0;
        private final double b1;
        private final double b2;
        private final double a1;
        private final double a2;
        private double x1;
        private double x2;
        private double y1;
        private double y2;

        private Biquad(double b0, double b1, double b2, double a1, double a2) {
            this.b0 = b0;
            this.b1 = b1;
            this.b2 = b2;
            this.a1 = a1;
            this.a2 = a2;
        }

        /** Stage 1: the +4 dB high shelf modelling the head. */
        static Biquad preFilter(int rate) {
            double f0 = 1681.974450955533;
            double gainDb = 3.999843853973347;
            double q = 0.7071752369554196;
            double k = Math.tan(Math.PI * f0 / rate);
            double vh = Math.pow(10, gainDb / 20);
            double vb = Math.pow(vh, 0.4996667741545416);
            double a0 = 1 + k / q + k * k;
            return new Biquad((vh + vb * k / q + k * k) / a0, 2 * (k * k - vh) / a0, (vh - vb * k / q + k * k) / a0,
                    2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0);
        }

        /** Stage 2: the revised low-frequency B-curve high-pass. */
        static Biquad rlbFilter(int rate) {
            double f0 = 38.13547087602444;
            double q = 0.5003270373238773;
            double k = Math.tan(Math.PI * f0 / rate);
            double a0 = 1 + k / q + k * k;
            return new Biquad(1, -2, 1, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0);
        }

        double next(double x) {
            double y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
            x2 = x1;
            x1 = x;
            y2 = y1;
            y1 = y;
            return y;
        }
    }
}
