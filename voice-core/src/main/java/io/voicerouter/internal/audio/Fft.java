package io.voicerouter.internal.audio;

/**
 * In-place iterative radix-2 complex FFT in double precision, for spectrogram frontends (mel
 * features of reference samples). One instance per size holds the twiddle factors and the
 * bit-reversal table; it is immutable, so one instance may be shared by many threads.
 *
 * <pre>{@code
 * Fft fft = new Fft(2048);
 * fft.transform(re, im);   // re, im: length 2048, overwritten by the spectrum X[k] = sum x[n] e^(-2 pi i k n / N)
 * }</pre>
 */
public final class Fft {
    private final int n;
    private final double[] cos;
    private final double[] sin;
    private final int[] reversed;

    /** @throws IllegalArgumentException unless {@code n} is a power of two of at least 2 */
    public Fft(int n) {
        if (n < 2 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("FFT size must be a power of two, got " + n);
        }
        this.n = n;
        cos = new double[n / 2];
        sin = new double[n / 2];
        for (int i = 0; i < n / 2; i++) {
            cos[i] = Math.cos(2 * Math.PI * i / n);
            sin[i] = -Math.sin(2 * Math.PI * i / n);
        }
        reversed = new int[n];
        int bits = Integer.numberOfTrailingZeros(n);
        for (int i = 0; i < n; i++) {
            reversed[i] = Integer.reverse(i) >>> (32 - bits);
        }
    }

    public int size() {
        return n;
    }

    /**
     * Replaces {@code (re, im)} by its forward transform (no scaling).
     *
     * @throws IllegalArgumentException when an array's length is not {@link #size()}
     */
    public void transform(double[] re, double[] im) {
        if (re.length != n || im.length != n) {
            throw new IllegalArgumentException("FFT of size " + n + " got arrays of " + re.length + " and " + im.length);
        }
        for (int i = 0; i < n; i++) {
            int j = reversed[i];
            if (j > i) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            int half = len >> 1;
            int step = n / len;
            for (int start = 0; start < n; start += len) {
                for (int k = 0; k < half; k++) {
                    double wr = cos[k * step];
                    double wi = sin[k * step];
                    int a = start + k;
                    int b = a + half;
                    double xr = re[b] * wr - im[b] * wi;
                    double xi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                }
            }
        }
    }
}
