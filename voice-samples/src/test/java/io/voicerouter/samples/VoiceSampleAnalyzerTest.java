package io.voicerouter.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voicerouter.audio.AudioData;
import io.voicerouter.error.UnknownProviderException;
import io.voicerouter.spi.ProviderCapabilities;
import io.voicerouter.spi.SampleRequirements;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class VoiceSampleAnalyzerTest {
    private static VoiceSampleAnalyzer analyzer;

    @BeforeAll
    static void setUp() {
        analyzer = VoiceSampleAnalyzer.create();
    }

    @AfterAll
    static void tearDown() {
        analyzer.close();
    }

    @Test
    void reportSerializesToSnakeCaseJson() throws Exception {
        SampleQualityReport r = analyzer.analyze(SampleDecoder.decode(Fixtures.bytes("exit.wav")), List.of("styletts2"));
        JsonNode json = new ObjectMapper().readTree(r.toJson());
        assertThat(json.get("quality_score").asDouble()).isEqualTo(r.qualityScore(), org.assertj.core.data.Offset.offset(0.001));
        assertThat(json.at("/format/sample_rate").asInt()).isEqualTo(22_050);
        assertThat(json.at("/noise/snr_db").isNumber()).isTrue();
        assertThat(json.at("/loudness/integrated_lufs").asDouble()).isBetween(-18.0, -16.0);
        assertThat(json.at("/speech/speech_ratio").asDouble()).isBetween(0.8, 1.0);
        assertThat(json.at("/providers/0/provider").asText()).isEqualTo("styletts2");
        assertThat(json.at("/providers/0/duration_fit").asText()).isEqualTo("optimal");
        assertThat(json.get("findings").isArray()).isTrue();
    }

    @Test
    void unknownProviderIsATypedError() {
        DecodedSample s = SampleDecoder.decode(Fixtures.bytes("exit.wav"));
        assertThatThrownBy(() -> analyzer.analyze(s, List.of("piper")))
                .isInstanceOf(UnknownProviderException.class).hasMessageContaining("xtts_v2");
    }

    @Test
    void usesAnInstalledProvidersDeclaredRequirements() {
        ProviderCapabilities caps = ProviderCapabilities.builder("my_cloner")
                .sampleRequirements(new SampleRequirements(1, 2, 3, 4)).sampleRate(24_000).build();
        try (VoiceSampleAnalyzer custom = VoiceSampleAnalyzer.builder().provider(caps).build()) {
            assertThat(custom.profiles()).containsKeys("xtts_v2", "styletts2", "my_cloner");
            assertThat(custom.profiles().get("my_cloner").sampleRates()).containsExactly(24_000);
            SampleQualityReport r = custom.analyze(SampleDecoder.decode(Fixtures.bytes("downloaded.wav")),
                    List.of("my_cloner"));
            assertThat(r.provider("my_cloner").orElseThrow().durationFit())
                    .isEqualTo(ProviderAssessment.DurationFit.OPTIMAL);
        }
    }

    @Test
    void silenceAndTinySamplesGiveAReportNotAnException() throws Exception {
        SampleQualityReport silent = analyzer.analyze(
                Fixtures.pcm16(AudioData.silence(Duration.ofSeconds(4), 22_050, 1)));
        assertThat(silent.findings()).anyMatch(f -> f.code().equals("no_speech")
                && f.severity() == Finding.Severity.ERROR);
        assertThat(silent.metrics().integratedLufs()).isEqualTo(-70);
        assertThat(silent.recordingScore()).isLessThan(0.5);
        new ObjectMapper().readTree(silent.toJson());
        SampleQualityReport tiny = analyzer.analyze(Fixtures.pcm16(AudioData.mono(new float[800], 16_000)));
        assertThat(tiny.durationSeconds()).isEqualTo(0.05);
        assertThat(tiny.providers()).allMatch(p -> !p.usable());
    }

    @Test
    void oneAnalyzerServesManyThreads() throws Exception {
        DecodedSample sample = SampleDecoder.decode(Fixtures.bytes("multispeaker.wav"));
        String expected = analyzer.analyze(sample).toJson();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> analyzer.analyze(sample).toJson()));
            }
            for (Future<String> f : results) {
                assertThat(f.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
