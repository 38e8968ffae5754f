package io.voicerouter.provider.styletts2;

import io.voicerouter.internal.audio.Fft;

/**
 * StyleTTS2's reference pre-processing: silence trimmed as {@code librosa.effects.trim(top_db=30)}
 * does it, then the 80-band log mel of {@code torchaudio.transforms.MelSpectrogram(n_mels=80,
 * n_fft=2048, win_length=1200, hop_length=300)} normalised as {@code (log(1e-5 + mel) + 4) / 4}.
 *
 * <p>The transform is built upstream without {@code sample_rate}, so torchaudio's default of
 * 16 kHz shapes the filterbank (HTK mel scale, 0-8000 Hz, no normalisation) although the audio is
 * 24 kHz; we reproduce that, because the trained encoders expect it. Computed in double precision.
 * Stateless and thread-safe.
 */
final class MelFrontend {
    /** The rate the StyleTTS2 encoders were trained on; reference samples are resampled to it. */
    static final int SAMPLE_RATE = 24_000;
    static final int N_FFT = 2048;
    static final int WIN_LENGTH = 1200;
    static final int HOP = 300;
    static final int N_MELS = 80;
    private static final int FILTERBANK_RATE = 16_000;
    private static final double TRIM_TOP_DB = 30.0;
    private static final int TRIM_FRAME = 2048;
    private static final int TRIM_HOP = 512;

    private static final double[][] FILTERBANK = filterbank();
    private static final double[] WINDOW = window();
    private static final Fft FFT = new Fft(N_FFT);

    private MelFrontend() {
    }

    /** The [start, end) sample range that {@code librosa.effects.trim(y, top_db=30)} keeps. */
    static int[] trimBounds(float[] y) {
        int pad = TRIM_FRAME / 2;
        int frames = 1 + (y.length + 2 * pad - TRIM_FRAME) / TRIM_HOP;
        double[] mse = new double[frames];
        double max = 0;
        for (int f = 0; f < frames; f++) {
            double sum = 0;
            int from = f * TRIM_HOP - pad;
            for (int k = 0; k < TRIM_FRAME; k++) {
                int i = from + k;
                if (i >= 0 && i < y.length) {
                    sum += (double) y[i] * y[i];
                }
            }
            mse[f] = sum / TRIM_FRAME;
            max = Math.max(max, mse[f]);
        }
        double amin = 1e-10;
        double ref = 10 * Math.log10(Math.max(amin, max));
        int first = -1;
        int last = -1;
        for (int f = 0; f < frames; f++) {
            if (10 * Math.log10(Math.max(amin, mse[f])) - ref > -TRIM_TOP_DB) {
                if (first < 0) {
                    first = f;
                }
                last = f;
            }
        }
        if (first < 0) {
            return new int[] {0, 0};
        }
        return new int[] {first * TRIM_HOP, Math.min(y.length, (last + 1) * TRIM_HOP)};
    }

    static float[] trim(float[] y) {
        int[] b = trimBounds(y);
        return java.util.Arrays.copyOfRange(y, b[0], b[1]);
    }

    /**
     * The normalised log mel, {@code [80][frames]} with {@code frames = 1 + n / 300}.
     *
     * @throws IllegalArgumentException when the audio is too short for reflect padding (n <= 1024)
     */
    static float[][] logMel(float[] y) {
        int pad = N_FFT / 2;
        if (y.length <= pad) {
            throw new IllegalArgumentException("audio too short for the mel frontend: " + y.length + " samples");
        }
        int frames = 1 + y.length / HOP;
        int bins = N_FFT / 2 + 1;
        int winOffset = (N_FFT - WIN_LENGTH) / 2;
        float[][] out = new float[N_MELS][frames];
        double[] re = new double[N_FFT];
        double[] im = new double[N_FFT];
        double[] power = new double[bins];
        for (int t = 0; t < frames; t++) {
            java.util.Arrays.fill(im, 0);
            for (int k = 0; k < N_FFT; k++) {
                int w = k - winOffset;
                re[k] = w >= 0 && w < WIN_LENGTH ? reflect(y, t * HOP + k - pad) * WINDOW[w] : 0;
            }
            FFT.transform(re, im);
            for (int b = 0; b < bins; b++) {
                power[b] = re[b] * re[b] + im[b] * im[b];
            }
            for (int m = 0; m < N_MELS; m++) {
                double[] filter = FILTERBANK[m];
                double sum = 0;
                for (int b = 0; b < bins; b++) {
                    sum += filter[b] * power[b];
                }
                out[m][t] = (float) ((Math.log(1e-5 + sum) + 4.0) / 4.0);
            }
        }
        return out;
    }

    private static double reflect(float[] y, int i) {
        int n = y.length;
        if (i < 0) {
            i = -i;
        } else if (i >= n) {
            i = 2 * (n - 1) - i;
        }
        return y[i];
    }

    /** torchaudio's {@code melscale_fbanks(1025, 0, 8000, 80, 16000, norm=None, mel_scale="htk")}, transposed. */
    private static double[][] filterbank() {
        int bins = N_FFT / 2 + 1;
        double[] freqs = new double[bins];
        for (int b = 0; b < bins; b++) {
            freqs[b] = (double) (FILTERBANK_RATE / 2) * b / (bins - 1);
        }
        double mMin = hzToMel(0);
        double mMax = hzToMel(FILTERBANK_RATE / 2.0);
        double[] fPts = new double[N_MELS + 2];
        for (int i = 0; i < fPts.length; i++) {
            double mel = mMin + (mMax - mMin) * i / (N_MELS + 1);
            fPts[i] = 700.0 * (Math.pow(10, mel / 2595.0) - 1.0);
        }
        double[][] fb = new double[N_MELS][bins];
        for (int m = 0; m < N_MELS; m++) {
            for (int b = 0; b < bins; b++) {
                double down = (fPts[m] - freqs[b]) * -1.0 / (fPts[m + 1] - fPts[m]);
                double up = (fPts[m + 2] - freqs[b]) / (fPts[m + 2] - fPts[m + 1]);
                fb[m][b] = Math.max(0, Math.min(down, up));
            }
        }
        return fb;
    }

    private static double hzToMel(double f) {
        return 2595.0 * Math.log10(1.0 + f / 700.0);
    }

    private static double[] window() {
        double[] w = new double[WIN_LENGTH];
        for (int n = 0; n < WIN_LENGTH; n++) {
            w[n] = 0.5 - 0.5 * Math.cos(2 * Math.PI * n / WIN_LENGTH);
        }
        return w;
    }
}
