package io.voicerouter.samples;

import io.voicerouter.audio.WavCodec;
import io.voicerouter.audio.SampleFormat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.voicerouter.audio.AudioData;
import io.voicerouter.config.LanguagePreferences;
import io.voicerouter.config.ProviderConfig;
import io.voicerouter.config.VoiceConfig;
import io.voicerouter.config.VoiceSample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VoiceSampleLibraryTest {
    private static final Instant NOW = Instant.parse("2025-10-20T18:00:00Z");
    private static VoiceSampleAnalyzer analyzer;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        analyzer = VoiceSampleAnalyzer.create();
    }

    @AfterAll
    static void tearDown() {
        analyzer.close();
    }

    private VoiceSampleLibrary library() {
        return VoiceSampleLibrary.create(SampleStore.open(dir), analyzer, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static VoiceConfig config() {
        return new VoiceConfig(Optional.of("xtts_v2"), Map.of("xtts_v2", ProviderConfig.enabledDefault()),
                List.of("xtts_v2", "piper"), Optional.of(LanguagePreferences.of("de", List.of("de", "en"))),
                List.of(), Map.of(), Map.of());
    }

    @Test
    void addsASampleAndAssignsItToAProvider() {
        byte[] wav = Fixtures.bytes("joined_22k.wav");
        AddedSample added = library().add(config(), wav,
                AddSampleOptions.builder().assignTo("xtts_v2").notes("studio, neutral").build());
        VoiceSample s = added.sample();
        assertThat(s.id()).isEqualTo("sample_1");
        assertThat(s.url()).isEqualTo(added.stored().uri().toString());
        assertThat(s.duration()).contains(14.49);
        assertThat(s.language()).contains("de");
        assertThat(s.qualityScore().orElseThrow()).isCloseTo(added.report().qualityScore(), within(0.005))
                .isGreaterThan(0.9);
        assertThat(s.uploadedAt()).contains(NOW);
        assertThat(s.notes()).contains("studio, neutral");
        assertThat(s.extra()).containsEntry("sha256", SampleStore.sha256(wav));
        assertThat(added.config().voiceSamples()).containsExactly(s);
        ProviderConfig xtts = added.config().provider("xtts_v2").orElseThrow();
        assertThat(xtts.voiceSampleUrl()).contains(s.url());
        assertThat(xtts.voiceSampleDuration()).contains(14.49);
        assertThat(added.config().fallbackChain()).containsExactly("xtts_v2", "piper");

        AddedSample second = library().add(added.config(), Fixtures.bytes("exit.wav"),
                AddSampleOptions.builder().url("https://cdn.example/exit.wav").language("en").build());
        assertThat(second.sample().id()).isEqualTo("sample_2");
        assertThat(second.config().voiceSamples()).hasSize(2);
        assertThat(second.config().provider("xtts_v2").orElseThrow().voiceSampleUrl()).contains(s.url());
    }

    @Test
    void addsFromAnAllowedFileUrl() throws Exception {
        Path uploads = Files.createDirectories(dir.resolve("uploads"));
        Path file = Files.write(uploads.resolve("me.wav"), Fixtures.bytes("exit.wav"));
        SampleFetcher fetcher = SampleFetcher.create(FetchPolicy.builder().allowFileRoot(uploads).build());
        VoiceSampleLibrary library = VoiceSampleLibrary.create(SampleStore.open(dir.resolve("store")), analyzer,
                Clock.fixed(NOW, ZoneOffset.UTC));
        AddedSample added = library.add(config(), file.toUri(), fetcher,
                AddSampleOptions.builder().assignTo("styletts2").build());
        assertThat(added.sample().url()).isEqualTo(file.toUri().toString());
        assertThat(added.config().provider("styletts2").orElseThrow().voiceSampleUrl())
                .contains(file.toUri().toString());
        assertThat(added.stored().path()).startsWith(dir.resolve("store"));
    }

    @Test
    void refusesToAssignASampleTheProviderCannotUse() {
        assertThatThrownBy(() -> library().add(config(), Fixtures.bytes("joined_22k.wav"),
                AddSampleOptions.builder().assignTo("styletts2").build()))
                .isInstanceOfSatisfying(SampleRejectedException.class, e -> {
                    assertThat(e.providerId()).isEqualTo("styletts2");
                    assertThat(e.getMessage()).contains("too long");
                    assertThat(e.report().provider("styletts2").orElseThrow().usable()).isFalse();
                });
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void picksTheBestSampleWithinTheProvidersRange() {
        List<SampleCandidate> candidates = List.of(
                new SampleCandidate("long", SampleDecoder.decode(Fixtures.bytes("joined_22k.wav"))),
                new SampleCandidate("six", SampleDecoder.decode(Fixtures.bytes("exit.wav"))),
                new SampleCandidate("short", SampleDecoder.decode(Fixtures.bytes("downloaded.wav"))));
        SampleSelection styletts = library().select(SampleProfile.STYLETTS2, candidates).orElseThrow();
        assertThat(styletts.sampleIds()).containsExactly("six");
        assertThat(styletts.joined()).isFalse();
        assertThat(styletts.audio().sampleRate()).isEqualTo(24_000);
        SampleSelection xtts = library().select(SampleProfile.XTTS_V2, candidates).orElseThrow();
        assertThat(xtts.sampleIds()).containsExactly("long");
        assertThat(xtts.audio().sampleRate()).isEqualTo(22_050);
    }

    @Test
    void joinsShortSamplesWhenNoneAloneIsLongEnough() {
        List<SampleCandidate> candidates = List.of(
                new SampleCandidate("a", SampleDecoder.decode(Fixtures.bytes("exit.wav"))),
                new SampleCandidate("b", SampleDecoder.decode(Fixtures.bytes("multispeaker.wav"))),
                new SampleCandidate("c", SampleDecoder.decode(Fixtures.bytes("downloaded.wav"))));
        SampleSelection xtts = library().select(SampleProfile.XTTS_V2, candidates).orElseThrow();
        assertThat(xtts.joined()).isTrue();
        assertThat(xtts.sampleIds()).hasSizeGreaterThanOrEqualTo(2).doesNotHaveDuplicates();
        assertThat(xtts.seconds()).isBetween(6.0, 30.0);
        assertThat(xtts.score()).isBetween(0.5, 1.0);
        // the joined audio is loudness-matched: every part sits near the -20 LUFS target
        assertThat(Loudness.measure(xtts.audio()).integrated()).isCloseTo(-20, within(1.5));

        Optional<SampleSelection> tooLittle = library().select(SampleProfile.XTTS_V2,
                List.of(new SampleCandidate("c", SampleDecoder.decode(Fixtures.bytes("downloaded.wav")))));
        assertThat(tooLittle).isEmpty();
    }

    @Test
    void cleanedCopyIsAddedAndTheOriginalKept() throws Exception {
        float[] speech = Fixtures.speech("exit.wav").samples();
        float[] padded = Fixtures.concat(new float[3 * 22_050], speech);
        for (int i = 0; i < padded.length; i++) {
            padded[i] = padded[i] * 0.3f + 0.04f;
        }
        byte[] original = WavCodec.write(AudioData.mono(padded, 22_050), SampleFormat.PCM_16);
        AddedSample added = library().addCleaned(config(), original, CleanupOptions.ALL, AddSampleOptions.defaults());
        SampleMetrics m = added.report().metrics();
        assertThat(Math.abs(m.dcOffset())).isLessThan(0.002);
        assertThat(m.leadingSilenceSeconds()).isLessThan(0.6);
        assertThat(m.integratedLufs()).isCloseTo(-20, within(0.7));
        assertThat(added.sample().duration().orElseThrow()).isLessThan(padded.length / 22_050.0 - 2.5);
        String originalHash = SampleStore.sha256(original);
        assertThat(added.sample().extra()).containsEntry("cleaned_from", originalHash);
        assertThat(SampleStore.open(dir).read(originalHash)).contains(original);
        assertThat(Files.exists(added.stored().path())).isTrue();
    }

    @Test
    void preparesConditioningAudioAtEachRate() {
        AudioData stereo48k = AudioData.of(new float[96_000], 48_000, 2);
        Map<Integer, AudioData> xtts = SampleProfile.XTTS_V2.prepare(stereo48k);
        assertThat(xtts.keySet()).containsExactly(22_050, 16_000);
        assertThat(xtts.get(16_000).channels()).isEqualTo(1);
        assertThat(xtts.get(16_000).durationSeconds()).isCloseTo(1.0, within(0.01));
    }
}
