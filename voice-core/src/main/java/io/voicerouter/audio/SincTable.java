package io.voicerouter.audio;

/**
 * Polyphase coefficients of a Kaiser-windowed sinc low-pass for one rate pair. Output frame n sits at
 * input position n·M/L (L/M the reduced rate ratio); its fractional part picks one of L phases, each a
 * row of {@code taps} coefficients centred on that position, so the filter has zero phase: no delay.
 * With more than {@link #MAX_EXACT_PHASES} phases (awkward ratios such as 44100 to 44101), or more than
 * {@link #MAX_ENTRIES} coefficients, the table holds fewer rows (plus one) and rows are interpolated
 * linearly.
 * Immutable; shared between threads.
 */
final class SincTable {
    static final int MAX_EXACT_PHASES = 4096;
    /** Largest table, in coefficients (8 MiB): extreme down-sampling ratios get fewer, interpolated phases. */
    static final int MAX_ENTRIES = 1 << 20;
    /** Passband to 0.45 of the lower rate, stopband from 0.5 (the lower Nyquist frequency). */
    static final double PASS_EDGE = 0.45;
    static final double STOP_EDGE = 0.50;
    /** Target stopband attenuation in dB; the Kaiser window's beta and length follow from it. */
    static final double ATTENUATION_DB = 110;

    final int inRate;
    final int outRate;
    final long up;    // L
    final long down;  // M
    final int phases; // rows, not counting the extra row for interpolation
    final boolean exact;
    final int taps;   // coefficients per row
    final int half;   // taps / 2: the row for position t starts at input index floor(t) - half + 1
    final double[] table;

    SincTable(int inRate, int outRate) {
        this.inRate = inRate;
        this.outRate = outRate;
        long g = gcd(inRate, outRate);
        this.up = outRate / g;
        this.down = inRate / g;
        double low = Math.min(inRate, outRate);
        double cutoffHz = low * (PASS_EDGE + STOP_EDGE) / 2;
        double transition = (STOP_EDGE - PASS_EDGE); // as a fraction of the lower rate
        double beta = 0.1102 * (ATTENUATION_DB - 8.7);
        // Kaiser's estimate of the length, in samples at the lower rate, then in input samples.
        double lengthLow = (ATTENUATION_DB - 7.95) / (2.285 * 2 * Math.PI * transition);
        double halfWidth = lengthLow / 2 * (inRate / low);
        this.half = (int) Math.ceil(halfWidth);
        this.taps = 2 * half;
        if ((long) taps * 65 > MAX_ENTRIES) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "Cannot resample %d Hz to %d Hz: ratios beyond about 100:1 are not supported", inRate, outRate));
        }
        this.exact = up <= MAX_EXACT_PHASES && up * taps <= MAX_ENTRIES;
        this.phases = exact ? (int) up : Math.max(64, Math.min(MAX_EXACT_PHASES, MAX_ENTRIES / taps - 1));

        double b = 2 * cutoffHz / inRate; // sinc(b·x) passes up to cutoffHz at the input rate
        double i0Beta = bessel0(beta);
        int rows = exact ? phases : phases + 1;
        this.table = new double[rows * taps];
        for (int p = 0; p < rows; p++) {
            double frac = (double) p / phases;
            double sum = 0;
            for (int j = 0; j < taps; j++) {
                double x = frac + half - 1 - j; // distance from the output position to input tap j
                double h = 0;
                if (Math.abs(x) < halfWidth) {
                    double u = x / halfWidth;
                    h = b * sinc(b * x) * bessel0(beta * Math.sqrt(1 - u * u)) / i0Beta;
                }
                table[p * taps + j] = h;
                sum += h;
            }
            // Unit DC gain in every phase: no ripple at the output rate from phase-to-phase gain differences.
            for (int j = 0; j < taps; j++) {
                table[p * taps + j] /= sum;
            }
        }
    }

    private static double sinc(double x) {
        if (x == 0) {
            return 1;
        }
        double px = Math.PI * x;
        return Math.sin(px) / px;
    }

    /** Zeroth-order modified Bessel function of the first kind, by its power series. */
    static double bessel0(double x) {
        double sum = 1;
        double term = 1;
        double q = x * x / 4;
        for (int k = 1; k < 200; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return sum;
    }

    static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
