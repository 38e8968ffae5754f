package io.voicerouter.samples;

import io.voicerouter.audio.AudioData;
import java.util.Arrays;

/**
 * Blind signal-to-noise estimation on mono audio.
 *
 * <p>The main estimate is a noise-floor estimator: the signal is cut into 100 ms frames, the
 * noise power is the mean power of the quietest {@value #FLOOR_FRACTION_PERCENT}% of frames (the
 * pauses every natural recording has), and SNR = 10 log10((P_total - P_noise) / P_noise) over the
 * whole file: the ratio of speech energy to noise energy, which is how the tests define the truth.
 * On the shared speech recordings it stays within about 1.5 dB of the truth for white,
 * speech-shaped and many-talker babble noise from 5 to 30 dB (see SnrEstimationTest). It needs
 * pauses: a recording with none reads as noisier than it is, which errs on the side of a warning.
 *
 * <p>WADA-SNR (Kim and Stern, 2008) is computed as well. On these recordings it reads 2-6 dB low
 * above 20 dB, because clean speech here is less peaky than its Gamma(0.4) model assumes, but it
 * is better than the floor at low SNR, where babble fills the pauses; {@link #snrDb} blends the
 * two below 20 dB.
 */
final class NoiseEstimator {
    static final double MAX_SNR_DB = 100;
    private static final int FLOOR_FRACTION_PERCENT = 6;
    private static final double FRAME_SECONDS = 0.1;
    private static final int WADA_MIN_DB = -20;
    private static final double BLEND_TOP_DB = 20;
    private static final double BLEND_BOTTOM_DB = 10;

    /** G = log(E|x|) - E(log|x|) for SNR -20..100 dB in 1 dB steps (tools/wada_snr_table.py). */
    private static final double[] WADA_G = {
            0.409700, 0.409790, 0.409712, 0.409705, 0.409699, 0.409759, 0.409993, 0.410277,
            0.410871, 0.411495, 0.412354, 0.413771, 0.415445, 0.417578, 0.420456, 0.424082,
            0.428854, 0.434606, 0.442185, 0.451152, 0.462002, 0.474485, 0.488966, 0.505135,
            0.523473, 0.543425, 0.565393, 0.588726, 0.613641, 0.640390, 0.667734, 0.695875,
            0.724473, 0.753575, 0.782936, 0.812288, 0.841679, 0.870895, 0.899750, 0.928039,
            0.956134, 0.983202, 1.009844, 1.035749, 1.060599, 1.084746, 1.108212, 1.131111,
            1.153112, 1.174017, 1.194373, 1.213804, 1.232709, 1.250659, 1.267957, 1.284633,
            1.300548, 1.315811, 1.330295, 1.344163, 1.357492, 1.370405, 1.382593, 1.394415,
            1.405660, 1.416491, 1.426848, 1.436772, 1.445980, 1.454948, 1.463508, 1.471728,
            1.479531, 1.487008, 1.494101, 1.501042, 1.507464, 1.513795, 1.519811, 1.525534,
            1.530984, 1.536152, 1.540963, 1.545649, 1.550168, 1.554538, 1.558747, 1.562690,
            1.566402, 1.570035, 1.573485, 1.576733, 1.579945, 1.582938, 1.585765, 1.588438,
            1.591014, 1.593481, 1.595886, 1.598151, 1.600362, 1.602464, 1.604421, 1.606347,
            1.608141, 1.609806, 1.611457, 1.613011, 1.614519, 1.615924, 1.617313, 1.618627,
            1.619864, 1.621069, 1.622179, 1.623279, 1.624288, 1.625274, 1.626203, 1.627106,
            1.627989,
    };

    private NoiseEstimator() {
    }

    /**
     * The reported SNR: the noise-floor estimate above 20 dB; below, blended with WADA-SNR, which
     * is the better of the two when noise fills the pauses (at 10 dB and under, their mean).
     */
    static double snrDb(AudioData mono) {
        double floor = floorSnrDb(mono);
        double wada = wadaSnrDb(mono);
        if (Double.isNaN(floor) || Double.isNaN(wada) || floor >= BLEND_TOP_DB) {
            return floor;
        }
        double w = Math.max(0, Math.min(1, (floor - BLEND_BOTTOM_DB) / (BLEND_TOP_DB - BLEND_BOTTOM_DB)));
        return w * floor + (1 - w) * (floor + wada) / 2;
    }

    /**
     * SNR in dB from the noise floor; {@link #MAX_SNR_DB} for digital silence between words, NaN
     * for audio shorter than 0.2 s or entirely silent.
     */
    static double floorSnrDb(AudioData mono) {
        int frameLen = Math.max(1, (int) Math.round(mono.sampleRate() * FRAME_SECONDS));
        int frames = mono.frames() / frameLen;
        if (frames < 2) {
            return Double.NaN;
        }
        double mean = 0;
        for (int i = 0; i < frames * frameLen; i++) {
            mean += mono.sampleAt(i);
        }
        mean /= frames * frameLen;
        double[] power = new double[frames];
        for (int f = 0; f < frames; f++) {
            double s = 0;
            for (int i = f * frameLen; i < (f + 1) * frameLen; i++) {
                double v = mono.sampleAt(i) - mean;
                s += v * v;
            }
            power[f] = s / frameLen;
        }
        double total = Arrays.stream(power).average().orElse(0);
        if (total <= 0) {
            return Double.NaN; // digital silence: there is neither signal nor noise to compare
        }
        double[] sorted = power.clone();
        Arrays.sort(sorted);
        int k = Math.max(1, frames * FLOOR_FRACTION_PERCENT / 100);
        double noise = 0;
        for (int i = 0; i < k; i++) {
            noise += sorted[i];
        }
        noise /= k;
        return toDb(total - noise, noise);
    }

    /** WADA-SNR in dB. */
    static double wadaSnrDb(AudioData mono) {
        int n = mono.frames();
        if (n == 0) {
            return Double.NaN;
        }
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += mono.sampleAt(i);
        }
        mean /= n;
        double peak = 0;
        for (int i = 0; i < n; i++) {
            peak = Math.max(peak, Math.abs(mono.sampleAt(i) - mean));
        }
        if (peak == 0) {
            return Double.NaN;
        }
        double sumAbs = 0;
        double sumLog = 0;
        for (int i = 0; i < n; i++) {
            double a = Math.max(Math.abs(mono.sampleAt(i) - mean) / peak, 1e-10);
            sumAbs += a;
            sumLog += Math.log(a);
        }
        double g = Math.log(sumAbs / n) - sumLog / n;
        if (g <= WADA_G[0]) {
            return WADA_MIN_DB;
        }
        double best = WADA_G[0];
        for (int i = 1; i < WADA_G.length; i++) {
            // the Monte-Carlo table wobbles where it is flat; treat it as its running maximum
            double gi = Math.max(best, WADA_G[i]);
            if (g <= gi) {
                double frac = gi == best ? 0 : (g - best) / (gi - best);
                return WADA_MIN_DB + i - 1 + frac;
            }
            best = gi;
        }
        return WADA_MIN_DB + WADA_G.length - 1;
    }

    private static double toDb(double signal, double noise) {
        if (noise <= 0) {
            return MAX_SNR_DB;
        }
        if (signal <= 0) {
            return -MAX_SNR_DB;
        }
        return Math.min(MAX_SNR_DB, 10 * Math.log10(signal / noise));
    }
}
