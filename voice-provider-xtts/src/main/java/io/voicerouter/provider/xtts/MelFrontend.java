package io.voicerouter.provider.xtts;

import io.voicerouter.internal.audio.Fft;

/**
 * Power mel spectrograms computed exactly as {@code torchaudio.transforms.MelSpectrogram} does
 * (centered frames with reflect padding, periodic window centered in the FFT frame, |X|^2, HTK mel
 * scale, triangular filters, optional Slaney area normalization), in double precision.
 * Two fixed configurations feed the XTTS encoders; see {@link #conditioning()} and {@link #speaker()}.
 * Immutable and thread-safe.
 */
final class MelFrontend {
    enum Window { HANN, HAMMING }

    private final int sampleRate;
    private final int nFft;
    private final int hop;
    private final double[] window; // nFft long, the win_length window zero-padded on both sides
    private final double[][] filters; // [nMels][nFft/2+1]

    MelFrontend(int sampleRate, int nFft, int winLength, int hop, int nMels, double fMin, double fMax,
                Window windowKind, boolean slaneyNorm) {
        this.sampleRate = sampleRate;
        this.nFft = nFft;
        this.hop = hop;
        this.window = new double[nFft];
        int left = (nFft - winLength) / 2;
        for (int i = 0; i < winLength; i++) {
            double phase = 2 * Math.PI * i / winLength; // periodic window, as torch's default
            window[left + i] = windowKind == Window.HANN ? 0.5 - 0.5 * Math.cos(phase) : 0.54 - 0.46 * Math.cos(phase);
        }
        this.filters = melFilters(sampleRate, nFft / 2 + 1, nMels, fMin, fMax, slaneyNorm);
    }

    /** XTTS's conditioning mel: 22.05 kHz, n_fft 2048, window 1024, hop 256, 80 bands 0-8 kHz, Slaney norm. */
    static MelFrontend conditioning() {
        return new MelFrontend(22050, 2048, 1024, 256, 80, 0, 8000, Window.HANN, true);
    }

    /** The speaker encoder's mel: 16 kHz, n_fft 512, Hamming window 400, hop 160, 64 bands 0-8 kHz. */
    static MelFrontend speaker() {
        return new MelFrontend(16000, 512, 400, 160, 64, 0, 8000, Window.HAMMING, false);
    }

    int sampleRate() {
        return sampleRate;
    }

    int bands() {
        return filters.length;
    }

    /** Number of frames for {@code samples} input samples (torch's centered framing). */
    int frames(int samples) {
        return samples / hop + 1;
    }

    /** The power mel spectrogram, [bands][frames]. */
    double[][] power(float[] x) {
        int pad = nFft / 2;
        if (x.length <= pad) {
            throw new IllegalArgumentException("need more than " + pad + " samples for reflect padding, got " + x.length);
        }
        int frames = frames(x.length);
        double[][] mel = new double[filters.length][frames];
        Fft fft = new Fft(nFft);
        double[] re = new double[nFft];
        double[] im = new double[nFft];
        double[] spec = new double[nFft / 2 + 1];
        for (int f = 0; f < frames; f++) {
            int start = f * hop - pad;
            for (int i = 0; i < nFft; i++) {
                re[i] = reflect(x, start + i) * window[i];
                im[i] = 0;
            }
            fft.transform(re, im);
            for (int k = 0; k < spec.length; k++) {
                spec[k] = re[k] * re[k] + im[k] * im[k];
            }
            for (int m = 0; m < filters.length; m++) {
                double[] w = filters[m];
                double acc = 0;
                for (int k = 0; k < spec.length; k++) {
                    acc += w[k] * spec[k];
                }
                mel[m][f] = acc;
            }
        }
        return mel;
    }

    /**
     * XTTS's {@code wav_to_mel_cloning}: log of the power mel clamped at 1e-5, each band divided by
     * the model's mel statistics ({@code mel_norms}). Returns [80][frames] as float.
     */
    float[][] conditioningMel(float[] wav22k, float[] melNorms) {
        if (melNorms.length != filters.length) {
            throw new IllegalArgumentException("mel statistics have " + melNorms.length + " bands, need " + filters.length);
        }
        double[][] p = power(wav22k);
        float[][] out = new float[p.length][p[0].length];
        for (int m = 0; m < p.length; m++) {
            for (int t = 0; t < p[m].length; t++) {
                out[m][t] = (float) (Math.log(Math.max(p[m][t], 1e-5)) / melNorms[m]);
            }
        }
        return out;
    }

    /**
     * The speaker encoder's input: pre-emphasis 0.97 (reflect-padded first sample, as Coqui's
     * PreEmphasis), then the power mel. The export's speaker_encoder.onnx takes this ("mel_spec") and
     * applies log(mel + 1e-6) and the instance norm itself.
     */
    float[][] speakerMel(float[] wav16k) {
        double[][] p = power(preEmphasis(wav16k, 0.97));
        float[][] out = new float[p.length][p[0].length];
        for (int m = 0; m < p.length; m++) {
            for (int t = 0; t < p[m].length; t++) {
                out[m][t] = (float) p[m][t];
            }
        }
        return out;
    }

    static float[] preEmphasis(float[] x, double coefficient) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            double prev = i == 0 ? (x.length > 1 ? x[1] : 0) : x[i - 1];
            y[i] = (float) (x[i] - coefficient * prev);
        }
        return y;
    }

    private static double reflect(float[] x, int i) {
        int n = x.length;
        while (i < 0 || i >= n) {
            i = i < 0 ? -i : 2 * (n - 1) - i;
        }
        return x[i];
    }

    private static double hzToMel(double hz) {
        return 2595.0 * Math.log10(1.0 + hz / 700.0);
    }

    private static double melToHz(double mel) {
        return 700.0 * (Math.pow(10, mel / 2595.0) - 1.0);
    }

    /** torchaudio.functional.melscale_fbanks with mel_scale "htk", transposed to [nMels][nFreqs]. */
    static double[][] melFilters(int sampleRate, int nFreqs, int nMels, double fMin, double fMax, boolean slaney) {
        double[] freqs = new double[nFreqs];
        double nyquist = sampleRate / 2; // integer division, as torchaudio's sample_rate // 2
        for (int i = 0; i < nFreqs; i++) {
            freqs[i] = nyquist * i / (nFreqs - 1);
        }
        double mMin = hzToMel(fMin);
        double mMax = hzToMel(fMax);
        double[] fPts = new double[nMels + 2];
        for (int i = 0; i < fPts.length; i++) {
            fPts[i] = melToHz(mMin + (mMax - mMin) * i / (nMels + 1));
        }
        double[][] fb = new double[nMels][nFreqs];
        for (int m = 0; m < nMels; m++) {
            double lower = fPts[m + 1] - fPts[m];
            double upper = fPts[m + 2] - fPts[m + 1];
            double enorm = slaney ? 2.0 / (fPts[m + 2] - fPts[m]) : 1.0;
            for (int k = 0; k < nFreqs; k++) {
                double down = (freqs[k] - fPts[m]) / lower;
                double up = (fPts[m + 2] - freqs[k]) / upper;
                fb[m][k] = Math.max(0, Math.min(down, up)) * enorm;
            }
        }
        return fb;
    }
}
