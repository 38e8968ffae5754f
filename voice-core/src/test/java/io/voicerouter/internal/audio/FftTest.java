package io.voicerouter.internal.audio;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FftTest {

    @Test
    void matchesTheDirectDftOnRandomInput() {
        for (int n : new int[] {2, 8, 64, 2048}) {
            SplittableRandom random = new SplittableRandom(n);
            double[] re = new double[n];
            double[] im = new double[n];
            for (int i = 0; i < n; i++) {
                re[i] = random.nextDouble(-1, 1);
                im[i] = random.nextDouble(-1, 1);
            }
            double[] xr = re.clone();
            double[] xi = im.clone();
            new Fft(n).transform(xr, xi);
            double worst = 0;
            for (int k = 0; k < n; k++) {
                double sr = 0;
                double si = 0;
                for (int t = 0; t < n; t++) {
                    double a = -2 * Math.PI * ((long) k * t % n) / n;
                    sr += re[t] * Math.cos(a) - im[t] * Math.sin(a);
                    si += re[t] * Math.sin(a) + im[t] * Math.cos(a);
                }
                worst = Math.max(worst, Math.hypot(xr[k] - sr, xi[k] - si));
            }
            assertThat(worst).as("n=%d", n).isLessThan(1e-9 * n);
        }
    }

    @Test
    void aCosineLandsInItsTwoBins() {
        int n = 256;
        double[] re = new double[n];
        for (int i = 0; i < n; i++) {
            re[i] = Math.cos(2 * Math.PI * 5 * i / n);
        }
        double[] im = new double[n];
        new Fft(n).transform(re, im);
        assertThat(re[5]).isCloseTo(n / 2.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(re[n - 5]).isCloseTo(n / 2.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Math.hypot(re[6], im[6])).isLessThan(1e-9);
    }

    @Test
    void sizesMustBePowersOfTwoAndArraysMustFit() {
        assertThatThrownBy(() -> new Fft(1000)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1000");
        assertThatThrownBy(() -> new Fft(1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Fft(8).transform(new double[8], new double[4]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8");
    }
}
