package io.voicerouter.audio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResamplerTest {
    static final int[] RATES = {8000, 16000, 22050, 24000, 44100, 48000};

    static AudioData tone(double hz, int rate, double seconds, double amplitude) {
        int n = (int) Math.round(seconds * rate);
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            s[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return AudioData.mono(s, rate);
    }

    /** RMS over the middle half: away from the edges, where the filter hangs over silence. */
    static double middleRms(AudioData a, int channel) {
        int from = a.frames() / 4;
        int to = a.frames() * 3 / 4;
        double sum = 0;
        for (int i = from; i < to; i++) {
            double v = a.sampleAt(i * a.channels() + channel);
            sum += v * v;
        }
        return Math.sqrt(sum / (to - from));
    }

    static double db(double ratio) {
        return 20 * Math.log10(ratio);
    }

    static Stream<Arguments> ratePairs() {
        List<Arguments> pairs = new ArrayList<>();
        for (int a : RATES) {
            for (int b : RATES) {
                if (a != b) {
                    pairs.add(Arguments.of(a, b));
                }
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("ratePairs")
    void aOneKilohertzToneKeepsItsLevelAndLengthBetweenEveryPair(int from, int to) {
        AudioData in = tone(1000, from, 0.5, 0.5);
        AudioData out = Resampler.resample(in, to);

        assertThat(out.sampleRate()).isEqualTo(to);
        assertThat((double) out.frames()).isCloseTo(Math.round((double) in.frames() * to / from), org.assertj.core.data.Offset.offset(1.0));
        double change = db(middleRms(out, 0) / (0.5 / Math.sqrt(2)));
        assertThat(Math.abs(change)).as("level change %.4f dB", change).isLessThan(0.1);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"48000,22050", "44100,16000", "22050,24000", "16000,48000"})
    void theBriefsPairsKeepAToneWithinATenthOfADecibel(int from, int to) {
        AudioData out = Resampler.resample(tone(1000, from, 1.0, 0.5), to);
        double change = db(middleRms(out, 0) / (0.5 / Math.sqrt(2)));
        System.out.printf(Locale.ROOT, "level %d -> %d: %+.5f dB%n", from, to, change);
        assertThat(Math.abs(change)).isLessThan(0.1);
    }

    @ParameterizedTest(name = "{1} Hz at {0} -> {2}")
    @CsvSource({"48000,15000,22050", "44100,10000,16000", "48000,4100,8000", "22050,8500,16000", "48000,11100,22050",
            "44100,12500,24000", "24000,8200,16000"})
    void tonesAboveTheNewNyquistAreRemovedNotAliased(int from, double hz, int to) {
        AudioData in = tone(hz, from, 1.0, 0.5);
        AudioData out = Resampler.resample(in, to);
        double attenuation = db(middleRms(out, 0) / middleRms(in, 0));
        System.out.printf(Locale.ROOT, "alias %.0f Hz %d -> %d: %.1f dB%n", hz, from, to, attenuation);
        assertThat(attenuation).isLessThan(-60);
    }

    @Test
    void upsamplingCreatesNoImagesAboveTheOldNyquist() {
        // 7 kHz at 16 kHz; zero-stuffing would leave an image at 16 - 7 = 9 kHz.
        AudioData out = Resampler.resample(tone(7000, 16000, 1.0, 0.5), 48000);
        double image = goertzelAmplitude(out, 9000);
        double tone = goertzelAmplitude(out, 7000);
        System.out.printf(Locale.ROOT, "image 9000 Hz after 16000 -> 48000: %.1f dB%n", db(image / tone));
        assertThat(db(image / tone)).isLessThan(-60);
        assertThat(db(tone / 0.5)).isBetween(-0.1, 0.1);
    }

    /** Amplitude of the component at {@code hz} over the middle half (a single-bin DFT). */
    static double goertzelAmplitude(AudioData a, double hz) {
        int from = a.frames() / 4;
        int to = a.frames() * 3 / 4;
        double re = 0;
        double im = 0;
        for (int i = from; i < to; i++) {
            double ph = 2 * Math.PI * hz * i / a.sampleRate();
            re += a.sampleAt(i) * Math.cos(ph);
            im += a.sampleAt(i) * Math.sin(ph);
        }
        return 2 * Math.hypot(re, im) / (to - from);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("ratePairs")
    void theToneStaysInPhaseNoDelay(int from, int to) {
        double hz = 440;
        AudioData out = Resampler.resample(tone(hz, from, 0.5, 0.5), to);
        int lo = out.frames() / 4;
        int hi = out.frames() * 3 / 4;
        double re = 0;
        double im = 0;
        for (int i = lo; i < hi; i++) {
            double ph = 2 * Math.PI * hz * i / to;
            re += out.sampleAt(i) * Math.sin(ph);
            im += out.sampleAt(i) * Math.cos(ph);
        }
        double phase = Math.atan2(im, re); // 0 when the output is sin(2π f n / to), as the input was
        double shiftSamples = phase / (2 * Math.PI * hz) * to;
        assertThat(Math.abs(shiftSamples)).as("shift %.4f samples", shiftSamples).isLessThan(0.05);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"48000,22050", "44100,16000", "22050,24000", "16000,48000", "8000,44100", "44100,8000"})
    void aClickLandsOnTheSameInstant(int from, int to) {
        long g = SincTable.gcd(from, to);
        int step = (int) (from / g);       // input index whose time is a whole output index
        int at = step * Math.max(1, 4000 / step);
        float[] s = new float[at * 2 + 1];
        s[at] = 1f;
        AudioData out = Resampler.resample(AudioData.mono(s, from), to);
        int peak = 0;
        for (int i = 1; i < out.frames(); i++) {
            if (Math.abs(out.sampleAt(i)) > Math.abs(out.sampleAt(peak))) {
                peak = i;
            }
        }
        assertThat(peak).isEqualTo((int) ((long) at * to / from));
    }

    @Test
    void channelsAreResampledIndependently() {
        AudioData left = tone(500, 44100, 0.2, 0.4);
        AudioData right = tone(3000, 44100, 0.2, 0.3);
        float[] stereo = new float[left.frames() * 2];
        for (int i = 0; i < left.frames(); i++) {
            stereo[2 * i] = left.sampleAt(i);
            stereo[2 * i + 1] = right.sampleAt(i);
        }
        AudioData out = Resampler.resample(AudioData.of(stereo, 44100, 2), 16000);
        AudioData l = Resampler.resample(left, 16000);
        AudioData r = Resampler.resample(right, 16000);
        assertThat(out.channels()).isEqualTo(2);
        for (int i = 0; i < l.frames(); i++) {
            assertThat(out.sampleAt(2 * i)).isEqualTo(l.sampleAt(i));
            assertThat(out.sampleAt(2 * i + 1)).isEqualTo(r.sampleAt(i));
        }
    }

    @Test
    void awkwardRatiosUseInterpolatedPhasesAndStillBehave() {
        AudioData in = tone(1000, 44100, 0.5, 0.5);
        AudioData out = Resampler.resample(in, 44101); // 44101 phases: more than the table holds exactly
        assertThat(out.frames()).isEqualTo(Math.round(in.frames() * 44101.0 / 44100));
        assertThat(Math.abs(db(middleRms(out, 0) / middleRms(in, 0)))).isLessThan(0.01);
        double maxErr = 0;
        for (int i = out.frames() / 4; i < out.frames() * 3 / 4; i++) {
            maxErr = Math.max(maxErr, Math.abs(out.sampleAt(i) - 0.5 * Math.sin(2 * Math.PI * 1000 * i / 44101.0)));
        }
        System.out.printf(Locale.ROOT, "44100 -> 44101 max error %.2e (%.1f dB)%n", maxErr, db(maxErr / 0.5));
        assertThat(maxErr).isLessThan(1e-4);
    }

    @Test
    void extremeRatiosStayBoundedAndStillFilter() {
        // 44101 -> 1000: an exact table would need 1000 phases of ~6300 taps; it gets fewer, interpolated.
        SincTable t = new SincTable(44101, 1000);
        assertThat(t.exact).isFalse();
        assertThat(t.table.length).isLessThanOrEqualTo(SincTable.MAX_ENTRIES);
        AudioData in = tone(200, 44101, 2.0, 0.5);
        AudioData out = Resampler.resample(in, 1000);
        assertThat(Math.abs(db(middleRms(out, 0) / middleRms(in, 0)))).isLessThan(0.01);
        assertThat(db(middleRms(Resampler.resample(tone(700, 44101, 2.0, 0.5), 1000), 0) / middleRms(in, 0)))
                .isLessThan(-60);
    }

    @Test
    void realSpeechSurvivesAnUpAndDownTrip() {
        AudioData speech = WavCodec.read(WavFixturesTest.fixture("downloaded.wav")).audio(); // 22050 Hz
        AudioData back = Resampler.resample(Resampler.resample(speech, 48000), 22050);
        assertThat(back.frames()).isEqualTo(speech.frames());
        // Only the band between 0.45 and 0.5 of 22050 Hz may change; speech has almost nothing there.
        double err = 0;
        for (int i = 0; i < speech.frames(); i++) {
            double d = back.sampleAt(i) - speech.sampleAt(i);
            err += d * d;
        }
        double snr = db(speech.rms() / Math.sqrt(err / speech.frames()));
        System.out.printf(Locale.ROOT, "speech 22050 -> 48000 -> 22050: SNR %.1f dB%n", snr);
        assertThat(snr).isGreaterThan(40);
    }

    @Test
    void sameRateIsANoOpAndBadRatesAreRejected() {
        AudioData a = tone(100, 16000, 0.01, 0.1);
        assertThat(Resampler.resample(a, 16000)).isSameAs(a);
        assertThatThrownBy(() -> Resampler.resample(a, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Resampler.resample(a, 100)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("16000 Hz to 100 Hz");
        assertThat(Resampler.resample(AudioData.mono(new float[0], 16000), 8000).frames()).isZero();
        assertThat(Resampler.resample(AudioData.mono(new float[] {0.5f}, 16000), 48000).frames()).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("ratePairs")
    void aStreamInUnevenChunksGivesTheWholeBuffersSamplesExactly(int from, int to) {
        java.util.Random random = new java.util.Random(from * 31L + to);
        float[] s = new float[from / 3 * 2];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (random.nextGaussian() * 0.2);
        }
        AudioData whole = AudioData.of(s, from, 2);
        ResamplerStream stream = Resampler.stream(from, to, 2);
        AudioData joined = AudioData.wrap(new float[0], to, 2);
        int at = 0;
        while (at < whole.frames()) {
            int n = Math.min(whole.frames() - at, 1 + random.nextInt(from / 10));
            float[] chunk = new float[n * 2];
            System.arraycopy(s, at * 2, chunk, 0, n * 2);
            joined = joined.concat(stream.push(AudioData.of(chunk, from, 2)));
            at += n;
        }
        joined = joined.concat(stream.finish());
        assertThat(joined).isEqualTo(Resampler.resample(whole, to));
    }

    @Test
    void aStreamGivesOutputBeforeItsInputEnds() {
        ResamplerStream stream = Resampler.stream(22050, 48000, 1);
        AudioData first = stream.push(tone(440, 22050, 0.2, 0.5));
        assertThat(first.frames()).isGreaterThan(9000).isLessThan(9600);
        assertThat(stream.finish().frames()).isEqualTo(9600 - first.frames());
        assertThatThrownBy(() -> stream.push(tone(440, 22050, 0.1, 0.5))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aStreamRefusesAChunkOfAnotherRate() {
        ResamplerStream stream = Resampler.stream(22050, 48000, 1);
        assertThatThrownBy(() -> stream.push(tone(440, 24000, 0.1, 0.5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("24000 Hz");
    }
}
