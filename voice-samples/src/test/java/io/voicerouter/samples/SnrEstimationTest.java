package io.voicerouter.samples;

import io.voicerouter.audio.Resampler;
import static org.assertj.core.api.Assertions.assertThat;

import io.voicerouter.audio.AudioData;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real speech with noise added at known SNRs. Truth = 10 log10(sum speech^2 / sum noise^2) over the
 * whole file, the quantity the noise-floor estimator targets. Babble = twelve time-shifted streams
 * of four recordings that are not part of the speech.
 */
class SnrEstimationTest {
    private static final double[] LEVELS = {0, 5, 10, 20, 30};
    private static final int RATE = 22_050;
    private static float[] speech;

    @BeforeAll
    static void load() {
        speech = Fixtures.concat(Fixtures.speech("exit.wav").samples(), Fixtures.speech("gpuavailable.wav").samples(),
                Fixtures.speech("multispeaker.wav").samples());
    }

    @Test
    void whiteNoiseWithinThreeDecibelsAndRanked() {
        check("white", Fixtures.whiteNoise(speech.length, 11));
    }

    @Test
    void babbleNoiseWithinThreeDecibelsAndRanked() {
        check("babble", babble(speech.length));
    }

    @Test
    void speechShapedNoiseWithinThreeDecibelsAndRanked() {
        check("speech-shaped", speechShaped(babble(speech.length), 13));
    }

    @Test
    void analyzerReportsTheEstimateAndWarnsBelowTwentyDecibels() {
        float[] noisy = Fixtures.mix(speech, Fixtures.whiteNoise(speech.length, 5), 10);
        try (VoiceSampleAnalyzer analyzer = VoiceSampleAnalyzer.create()) {
            SampleQualityReport report = analyzer.analyze(Fixtures.pcm16(AudioData.mono(noisy, RATE)));
            assertThat(report.metrics().snrDb()).isBetween(7.0, 13.0);
            assertThat(report.findings()).anySatisfy(f -> {
                assertThat(f.code()).isEqualTo("noise");
                assertThat(f.fix()).contains("quiet room");
            });
            SampleQualityReport clean = analyzer.analyze(Fixtures.pcm16(AudioData.mono(speech, RATE)));
            assertThat(clean.findings()).noneMatch(f -> f.code().equals("noise"));
            assertThat(clean.recordingScore()).isGreaterThan(report.recordingScore());
        }
    }

    private static void check(String kind, float[] noise) {
        List<Double> estimates = new ArrayList<>();
        StringBuilder log = new StringBuilder(kind);
        for (double level : LEVELS) {
            AudioData noisy = AudioData.mono(Fixtures.mix(speech, noise, level), RATE);
            double estimate = NoiseEstimator.snrDb(noisy);
            estimates.add(estimate);
            log.append(String.format(Locale.ROOT, " %.0f->%.1f (floor %.1f, wada %.1f)", level, estimate,
                    NoiseEstimator.floorSnrDb(noisy), NoiseEstimator.wadaSnrDb(noisy)));
            if (level >= 5) {
                assertThat(estimate).as(kind + " at " + level + " dB").isCloseTo(level,
                        org.assertj.core.data.Offset.offset(3.0));
            }
        }
        System.out.println(log);
        for (int i = 1; i < estimates.size(); i++) {
            assertThat(estimates.get(i)).as(kind + " ranking").isGreaterThan(estimates.get(i - 1));
        }
    }

    /**
     * Stationary speech-coloured Gaussian noise: white noise through a 64-tap FIR made of the
     * windowed autocorrelation of {@code shape}, whose response is the shape's smoothed long-term
     * power spectrum (so the noise follows that spectrum squared: steeper, still speech-like).
     */
    static float[] speechShaped(float[] shape, long seed) {
        float[] white = Fixtures.whiteNoise(shape.length, seed);
        int taps = 64;
        double[] acf = new double[taps];
        for (int k = 0; k < taps; k++) {
            double sum = 0;
            for (int i = 0; i + k < shape.length; i += 2) {
                sum += shape[i] * shape[i + k];
            }
            acf[k] = sum * (0.5 + 0.5 * Math.cos(Math.PI * k / taps));
        }
        float[] out = new float[shape.length];
        for (int i = 0; i < out.length; i++) {
            double y = 0;
            for (int k = 0; k < taps && k <= i; k++) {
                y += acf[k] * white[i - k];
            }
            out[i] = (float) y;
        }
        return out;
    }

    static float[] babble(int length) {
        String[] sources = {"starting_16k.wav", "success_16k.wav", "waiting_16k.wav", "downloaded.wav"};
        Random random = new Random(7);
        float[] out = new float[length];
        for (int stream = 0; stream < 12; stream++) {
            float[] x = Resampler.resample(Fixtures.speech(sources[stream % sources.length]).toMono(), RATE).samples();
            double gain = 1 / Math.sqrt(Fixtures.power(x));
            int shift = random.nextInt(x.length);
            for (int i = 0; i < length; i++) {
                out[i] += (float) (gain * x[(i + shift) % x.length]);
            }
        }
        return out;
    }
}
