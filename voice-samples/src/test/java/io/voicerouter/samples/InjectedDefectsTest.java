package io.voicerouter.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.voicerouter.audio.AudioData;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Defects injected into a clean recording are each found, measured and explained. */
class InjectedDefectsTest {
    private static final int RATE = 22_050;
    private static VoiceSampleAnalyzer analyzer;
    private static float[] speech;
    private static SampleQualityReport baseline;

    @BeforeAll
    static void setUp() {
        analyzer = VoiceSampleAnalyzer.create();
        speech = Fixtures.speech("joined_22k.wav").samples();
        baseline = analyze(speech);
    }

    @AfterAll
    static void tearDown() {
        analyzer.close();
    }

    @Test
    void cleanRecordingHasNoDefectFindings() {
        assertThat(codes(baseline)).doesNotContain("clipping", "dc_offset", "loud_burst", "leading_silence",
                "trailing_silence", "noise");
        assertThat(baseline.metrics().clipRuns()).isZero();
        assertThat(baseline.recordingScore()).isGreaterThan(0.95);
    }

    @Test
    void clippingIsCountedAndItsLongestRunMeasured() {
        float[] loud = new float[speech.length];
        int expected = 0;
        int longest = 0;
        int run = 0;
        for (int i = 0; i < speech.length; i++) {
            double v = speech[i] * 4.0;
            loud[i] = (float) Math.max(-1, Math.min(1, v));
            if (Math.abs(v) >= 1) {
                expected++;
                longest = Math.max(longest, ++run);
            } else {
                run = 0;
            }
        }
        SampleQualityReport r = analyze(loud);
        assertThat(r.metrics().clippedSamples()).isCloseTo(expected, within(Math.max(5, expected / 100)));
        assertThat(r.metrics().longestClipRun()).isCloseTo(longest, within(2));
        assertThat(r.metrics().clipRuns()).isPositive();
        assertThat(finding(r, "clipping").fix()).contains("lower the input gain");
        assertThat(r.recordingScore()).isLessThan(baseline.recordingScore() - 0.15);
    }

    @Test
    void dcOffsetIsMeasured() {
        float[] shifted = new float[speech.length];
        for (int i = 0; i < speech.length; i++) {
            shifted[i] = speech[i] * 0.5f + 0.05f;
        }
        SampleQualityReport r = analyze(shifted);
        assertThat(r.metrics().dcOffset()).isCloseTo(0.05 + baseline.metrics().dcOffset() * 0.5, within(0.001));
        assertThat(finding(r, "dc_offset").message()).contains("5.0%");
    }

    @Test
    void loudBurstIsFoundWhereItIs() {
        float[] burst = speech.clone();
        float[] noise = Fixtures.whiteNoise(RATE / 2, 3);
        int at = 6 * RATE;
        for (int i = 0; i < noise.length; i++) {
            burst[at + i] = (float) Math.max(-1, Math.min(1, burst[at + i] + 0.5 * noise[i]));
        }
        SampleQualityReport r = analyze(burst);
        assertThat(r.metrics().loudSegments()).isNotEmpty();
        TimeRange where = r.metrics().loudSegments().get(0);
        assertThat(where.startSeconds()).isBetween(5.0, 6.5);
        assertThat(where.endSeconds()).isBetween(6.0, 7.5);
        assertThat(r.metrics().tooLoudShare()).isPositive();
        assertThat(finding(r, "loud_burst").fix()).contains("at 5.").doesNotContain("NaN");
    }

    @Test
    void leadingAndTrailingSilenceAreMeasuredAndTrimmingIsSuggested() {
        float[] quietRoom = Fixtures.whiteNoise(3 * RATE, 9);
        for (int i = 0; i < quietRoom.length; i++) {
            quietRoom[i] *= 0.001f; // -60 dBFS room tone, not digital silence
        }
        float[] tail = java.util.Arrays.copyOf(quietRoom, 2 * RATE);
        SampleQualityReport r = analyze(Fixtures.concat(quietRoom, speech, tail));
        double lead = 3.0 + baseline.metrics().leadingSilenceSeconds();
        double trail = 2.0 + baseline.metrics().trailingSilenceSeconds();
        assertThat(r.metrics().leadingSilenceSeconds()).isCloseTo(lead, within(0.15));
        assertThat(r.metrics().trailingSilenceSeconds()).isCloseTo(trail, within(0.15));
        assertThat(finding(r, "leading_silence").fix()).isEqualTo(
                String.format(java.util.Locale.ROOT, "trim %.1f s of silence at the start",
                        r.metrics().leadingSilenceSeconds() - 0.25));
        assertThat(finding(r, "trailing_silence").fix()).endsWith("s of silence at the end");
        assertThat(r.metrics().speechRatio()).isLessThan(baseline.metrics().speechRatio());
        // the usable duration discounts the silence, so XTTS sees the same speech as before
        assertThat(r.provider("xtts_v2").orElseThrow().usableSeconds())
                .isCloseTo(baseline.provider("xtts_v2").orElseThrow().usableSeconds(), within(0.3));
    }

    @Test
    void longPauseIsLocated() {
        float[] pause = new float[3 * RATE];
        int half = 7 * RATE;
        float[] x = Fixtures.concat(java.util.Arrays.copyOf(speech, half), pause,
                java.util.Arrays.copyOfRange(speech, half, speech.length));
        SampleQualityReport r = analyze(x);
        assertThat(r.metrics().longestPauseSeconds()).isBetween(3.0, 4.0);
        assertThat(r.metrics().longestPause().startSeconds()).isBetween(6.3, 7.2);
        assertThat(codes(r)).contains("long_pause");
    }

    private static SampleQualityReport analyze(float[] samples) {
        return analyzer.analyze(Fixtures.pcm16(AudioData.mono(samples, RATE)));
    }

    private static List<String> codes(SampleQualityReport r) {
        return r.findings().stream().map(Finding::code).toList();
    }

    private static Finding finding(SampleQualityReport r, String code) {
        return r.findings().stream().filter(f -> f.code().equals(code)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + code + " finding in " + r.toJson()));
    }
}
