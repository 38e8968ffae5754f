package io.voicerouter.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The MP3 and the WAV of one recording give the same report, within what lossy coding changes. */
class Mp3WavAgreementTest {
    private static VoiceSampleAnalyzer analyzer;

    @BeforeAll
    static void setUp() {
        analyzer = VoiceSampleAnalyzer.create();
    }

    @AfterAll
    static void tearDown() {
        analyzer.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"joined_22k", "joined_noisy_22k"})
    void sameReport(String name) {
        SampleQualityReport wav = analyzer.analyze(SampleDecoder.decode(Fixtures.bytes(name + ".wav")));
        SampleQualityReport mp3 = analyzer.analyze(SampleDecoder.decode(Fixtures.bytes(name + ".mp3")));
        System.out.println(name + " wav " + wav.toJson().replaceAll("\\s+", " "));
        System.out.println(name + " mp3 " + mp3.toJson().replaceAll("\\s+", " "));
        assertThat(mp3.format().container()).isEqualTo("mp3");
        assertThat(mp3.format().sampleRate()).isEqualTo(wav.format().sampleRate());
        assertThat(mp3.durationSeconds()).isCloseTo(wav.durationSeconds(), within(0.001));
        SampleMetrics w = wav.metrics();
        SampleMetrics m = mp3.metrics();
        // above 40 dB both are "no audible noise"; MP3 zeroes some of the quietest frames
        assertThat(Math.min(40, m.snrDb())).isCloseTo(Math.min(40, w.snrDb()), within(3.0));
        assertThat(m.integratedLufs()).isCloseTo(w.integratedLufs(), within(0.5));
        assertThat(m.loudnessRangeLu()).isCloseTo(w.loudnessRangeLu(), within(1.0));
        assertThat(m.speechRatio()).isCloseTo(w.speechRatio(), within(0.05));
        assertThat(m.leadingSilenceSeconds()).isCloseTo(w.leadingSilenceSeconds(), within(0.07));
        assertThat(m.trailingSilenceSeconds()).isCloseTo(w.trailingSilenceSeconds(), within(0.07));
        assertThat(m.clipRuns()).isEqualTo(w.clipRuns());
        assertThat(m.dcOffset()).isCloseTo(w.dcOffset(), within(0.002));
        assertThat(mp3.recordingScore()).isCloseTo(wav.recordingScore(), within(0.05));
        assertThat(codes(mp3.findings())).isEqualTo(codes(wav.findings()));
        for (ProviderAssessment pw : wav.providers()) {
            ProviderAssessment pm = mp3.provider(pw.providerId()).orElseThrow();
            assertThat(pm.usable()).isEqualTo(pw.usable());
            assertThat(pm.score()).isCloseTo(pw.score(), within(0.08));
        }
    }

    @Test
    void gaplessInfoRestoresTheOriginalLengthAndAlignment() {
        float[] wav = SampleDecoder.decode(Fixtures.bytes("joined_22k.wav")).audio().samples();
        float[] mp3 = SampleDecoder.decode(Fixtures.bytes("joined_22k.mp3")).audio().samples();
        assertThat(mp3.length).isEqualTo(wav.length);
        int bestLag = 0;
        double best = Double.NEGATIVE_INFINITY;
        for (int lag = -600; lag <= 600; lag++) {
            double c = 0;
            for (int i = 2000; i < wav.length - 2000; i += 3) {
                c += wav[i] * mp3[i + lag];
            }
            if (c > best) {
                best = c;
                bestLag = lag;
            }
        }
        assertThat(bestLag).isBetween(-1, 1);
    }

    @Test
    void decodesMpeg1StereoAt48kHz() {
        DecodedSample d = SampleDecoder.decode(Fixtures.bytes("waiting_48k_stereo.mp3"));
        assertThat(d.audio().sampleRate()).isEqualTo(48_000);
        assertThat(d.audio().channels()).isEqualTo(2);
        assertThat(d.format().bitrateKbps()).isEqualTo(128);
        // the source's exact length: 114720 frames, encoder delay and padding removed
        assertThat(d.audio().frames()).isEqualTo(114_720);
    }

    private static Set<String> codes(List<Finding> findings) {
        return findings.stream().map(Finding::code).filter(c -> !c.equals("lossy_format"))
                .collect(Collectors.toSet());
    }
}
