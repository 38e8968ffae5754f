package io.voicerouter.provider.styletts2;

import io.voicerouter.audio.AudioData;
import io.voicerouter.config.ProviderConfig;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.espeak.Phonemizer;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.ProviderHealth;
import io.voicerouter.spi.Settings;
import io.voicerouter.spi.SynthesisOutput;
import io.voicerouter.spi.SynthesisRequest;
import io.voicerouter.spi.TtsProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/**
 * The provider end to end on the probe model, whose "waveform" is the token ids it received,
 * then the 256 style values, then the speed. The probe voices' row r holds r + j/1000.
 */
class StyleTts2ProviderTest {
    private static final List<String> VOICES_ASKED = new ArrayList<>();
    /** Where phonemization is not under test: returns fixed IPA and records the espeak voice asked for. */
    private static final Phonemizer FIXED = (text, voice) -> {
        synchronized (VOICES_ASKED) {
            VOICES_ASKED.add(voice);
        }
        return List.of("hɛlˈoʊ 1€", "wˈɜːld.");
    };
    private static TtsProvider provider;

    @BeforeAll
    static void open() {
        provider = new StyleTts2ProviderFactory(FIXED).create(ProviderContext.builder()
                .option("styletts2.model_dir", TestData.path("probe").toString()).build());
        provider.initialize();
    }

    @AfterAll
    static void close() {
        provider.close();
    }

    static SynthesisRequest request(String text, ProviderConfig config, Map<String, Object> settings) {
        ProviderConfig c = config.withSettings(settings);
        return SynthesisRequest.of(text, "en", c.voice(), Settings.resolve(provider.capabilities().settings(), settings));
    }

    static Map<Integer, Long> vocab() {
        try {
            return ModelConfig.read(TestData.path("probe/config.json")).vocab();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void capabilitiesDescribeALocalCloningProviderAndTheModelsLanguages() {
        var caps = provider.capabilities();
        assertThat(caps.id()).isEqualTo("styletts2");
        assertThat(caps.displayName()).isEqualTo("StyleTTS2");
        assertThat(caps.sampleRate()).isEqualTo(24_000);
        assertThat(caps.sampleRequirements()).contains(new io.voicerouter.spi.SampleRequirements(3, 5, 8, 10));
        assertThat(caps.languages()).containsExactlyInAnyOrder("en", "fr");
        assertThat(caps.settings()).extracting(s -> s.name()).contains("alpha", "beta", "diffusion_steps",
                "embedding_scale", "speed", "voice");
        assertThat(provider.health().status()).isEqualTo(ProviderHealth.Status.UP);
        assertThat(provider.health().attributes()).containsEntry("device", "cpu");
    }

    @Test
    void tokensStyleRowAndSpeedReachTheSynthesisGraph() {
        String phonemes = "hɛlˈoʊ wˈɜːld";
        SynthesisOutput out = provider.synthesize(request(phonemes, ProviderConfig.enabledDefault(),
                Map.of("input_phonemes", true, "speed", 1.25, "voice", "bm_probe")));
        float[] w = out.audio().samples();
        long[] expectedTokens = PhonemeChunker.tokens(phonemes, vocab(), true);
        int n = expectedTokens.length;
        assertThat(n).isEqualTo(phonemes.codePointCount(0, phonemes.length()) + 2);
        assertThat(w).hasSize(n + 256 + 1);
        assertThat(w[0]).isZero();
        assertThat(w[n - 1]).isZero();
        for (int i = 0; i < n; i++) {
            assertThat((long) w[i]).isEqualTo(expectedTokens[i]);
        }
        int row = n - 2; // Kokoro picks the style row by the phoneme count, pads excluded
        for (int j = 0; j < 256; j++) {
            assertThat(w[n + j]).isCloseTo(-(row + j / 1000f), offset(1e-4f));
        }
        assertThat(w[n + 256]).isEqualTo(1.25f);
        assertThat(out.metadata()).containsEntry("voice", "bm_probe").containsEntry("chunks", "1");
    }

    @Test
    void voiceIdAndModelDefaultChooseThePremadeVoice() {
        float[] byId = provider.synthesize(request("a", ProviderConfig.enabledDefault().withVoiceId("bm_probe"),
                Map.of("input_phonemes", true))).audio().samples();
        float[] byDefault = provider.synthesize(request("a", ProviderConfig.enabledDefault(),
                Map.of("input_phonemes", true))).audio().samples();
        assertThat(byId[3]).isCloseTo(-1f, offset(1e-6f)); // row 1, value 0 of bm_probe
        assertThat(byDefault[3]).isCloseTo(1f, offset(1e-6f)); // af_probe, the config's default_voice
        assertThatThrownBy(() -> provider.synthesize(request("a", ProviderConfig.enabledDefault(),
                Map.of("input_phonemes", true, "voice", "nobody"))))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_INPUT))
                .hasMessageContaining("af_probe");
    }

    @Test
    void phonemizerOutputIsFilteredToTheVocabularyAndGetsTheLanguagesEspeakVoice() {
        SynthesisOutput out = provider.synthesize(SynthesisRequest.of("Bonjour", "fr-CA",
                ProviderConfig.enabledDefault().voice(), Settings.resolve(provider.capabilities().settings(), Map.of())));
        synchronized (VOICES_ASKED) {
            assertThat(VOICES_ASKED).last().isEqualTo("fr-fr");
        }
        // "1" and "€" are not in the vocabulary and are dropped; each sentence is its own model call.
        long[] first = PhonemeChunker.tokens("hɛlˈoʊ", vocab(), true);
        long[] second = PhonemeChunker.tokens("wˈɜːld.", vocab(), true);
        assertThat(first).hasSize(6 + 2);
        assertThat(out.metadata()).containsEntry("chunks", "2");
        float[] w = out.audio().samples();
        assertThat(w).hasSize(first.length + 256 + 1 + second.length + 256 + 1);
        for (int i = 0; i < first.length; i++) { // the outer start is not faded
            assertThat((long) w[i]).isEqualTo(first[i]);
        }
    }

    @Test
    void unsupportedLanguageIsTyped() {
        assertThatThrownBy(() -> provider.synthesize(SynthesisRequest.of("hola", "es",
                ProviderConfig.enabledDefault().voice(), Settings.resolve(provider.capabilities().settings(), Map.of()))))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNSUPPORTED_LANGUAGE));
    }

    @Test
    void aReferenceSampleGivesItsEncodedStyleAndIsEncodedOnce() {
        StyleTts2Provider fresh = new StyleTts2Provider(ProviderContext.builder()
                .option("styletts2.model_dir", TestData.path("probe").toString()).build(), TestData.NO_ESPEAK);
        try {
            ProviderConfig cloned = ProviderConfig.enabledDefault()
                    .withVoiceSample(TestData.path("ref24k.wav").toUri().toString(), 6.1);
            float[] expectedStyle = TestData.floats("style_expected.f32");
            Map<String, Object> settings = Map.of("input_phonemes", true, "diffusion_steps", 0);
            for (int repeat = 0; repeat < 2; repeat++) {
                float[] w = fresh.synthesize(SynthesisRequest.of("a", "en", cloned.withSettings(settings).voice(),
                        Settings.resolve(fresh.capabilities().settings(), settings))).audio().samples();
                int n = 3;
                for (int j = 0; j < 256; j++) {
                    assertThat(w[n + j]).as("style %d", j).isCloseTo(expectedStyle[j], offset(1e-4f));
                }
            }
            assertThat(fresh.cachedReferenceStyles()).isEqualTo(1);
            // A plain path names the same sample, so the cache still holds one style.
            fresh.synthesize(SynthesisRequest.of("a", "en", ProviderConfig.enabledDefault().withVoiceSample(
                    TestData.path("ref24k.wav").toString(), 6.1).withSettings(settings).voice(),
                    Settings.resolve(fresh.capabilities().settings(), settings)));
            assertThat(fresh.cachedReferenceStyles()).isEqualTo(1);
            assertThat(fresh.voiceIdentity(request("a", cloned, Map.of()))).startsWith("sample:");
        } finally {
            fresh.close();
        }
    }

    @Test
    void diffusionBlendsTimbreByAlphaAndProsodyByBeta() {
        ProviderConfig cloned = ProviderConfig.enabledDefault().withVoiceSample(TestData.path("ref24k.wav").toString(), 6.1);
        float[] ref = TestData.floats("style_expected.f32");
        float[] keepRef = provider.synthesize(request("a", cloned, Map.of("input_phonemes", true,
                "diffusion_steps", 5, "alpha", 0.0, "beta", 0.0))).audio().samples();
        float[] sampled = provider.synthesize(request("a", cloned, Map.of("input_phonemes", true,
                "diffusion_steps", 5, "alpha", 1.0, "beta", 1.0))).audio().samples();
        float[] timbreOnly = provider.synthesize(request("a", cloned, Map.of("input_phonemes", true,
                "diffusion_steps", 5, "alpha", 1.0, "beta", 0.0))).audio().samples();
        float[] again = provider.synthesize(request("a", cloned, Map.of("input_phonemes", true,
                "diffusion_steps", 5, "alpha", 1.0, "beta", 1.0))).audio().samples();
        int n = 3;
        double moved = 0;
        for (int j = 0; j < 256; j++) {
            assertThat(keepRef[n + j]).isCloseTo(ref[j], offset(1e-4f));
            moved += Math.abs(sampled[n + j] - ref[j]);
            float expectTimbre = j < 128 ? sampled[n + j] : ref[j];
            assertThat(timbreOnly[n + j]).isCloseTo(expectTimbre, offset(1e-4f));
        }
        assertThat(moved / 256).as("the sampled style differs from the reference").isGreaterThan(1e-3);
        assertThat(again).as("deterministic for the cache").isEqualTo(sampled);
    }

    @Test
    void seedTemperatureIsReadAsAlpha() {
        ProviderConfig cloned = ProviderConfig.enabledDefault().withVoiceSample(TestData.path("ref24k.wav").toString(), 6.1);
        Map<String, Object> viaTemperature = new HashMap<>(Map.of("input_phonemes", true, "diffusion_steps", 5,
                "beta", 0.0, "temperature", 1.0));
        float[] t = provider.synthesize(request("a", cloned, viaTemperature)).audio().samples();
        float[] a = provider.synthesize(request("a", cloned, Map.of("input_phonemes", true, "diffusion_steps", 5,
                "beta", 0.0, "alpha", 1.0))).audio().samples();
        assertThat(t).isEqualTo(a);
    }

    @Test
    void samplesOutside3To10SecondsGetTheAdviceNotACrash() {
        assertThatThrownBy(() -> provider.synthesize(request("a", ProviderConfig.enabledDefault()
                .withVoiceSample(TestData.path("short.wav").toString(), 2.1), Map.of("input_phonemes", true))))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_INPUT))
                .hasMessageContaining("sample is 2.1 s; StyleTTS2 needs 3-10 s, best 5-8 s: record about 3 more seconds");
        assertThatThrownBy(() -> provider.synthesize(request("a", ProviderConfig.enabledDefault()
                .withVoiceSample(TestData.path("long.wav").toString(), 14.5), Map.of("input_phonemes", true))))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_INPUT))
                .hasMessageContaining("sample is 14.5 s; StyleTTS2 needs 3-10 s, best 5-8 s: cut about 6 seconds");
        assertThat(((StyleTts2Provider) provider).health().isUsable()).isTrue();
    }

    @Test
    void anAcceptedButShortSampleIsUsedWithAdviceInTheMetadata() {
        SynthesisOutput out = provider.synthesize(request("a", ProviderConfig.enabledDefault()
                .withVoiceSample(TestData.path("acceptable.wav").toString(), 4.3), Map.of("input_phonemes", true)));
        assertThat(out.metadata()).containsEntry("voice", "sample")
                .containsEntry("sample_advice", "sample is 4.3 s; StyleTTS2 works best with 5-8 s");
        SynthesisOutput optimal = provider.synthesize(request("a", ProviderConfig.enabledDefault()
                .withVoiceSample(TestData.path("ref24k.wav").toString(), 6.1), Map.of("input_phonemes", true)));
        assertThat(optimal.metadata()).doesNotContainKey("sample_advice");
    }

    @Test
    void unreadableOrUnsupportedSamplesAreBadInput() {
        assertThatThrownBy(() -> provider.synthesize(request("a", ProviderConfig.enabledDefault()
                .withVoiceSample(TestData.path("probe/config.json").toString(), 5), Map.of("input_phonemes", true))))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_INPUT))
                .hasMessageContaining("not a readable WAV or MP3");
        assertThatThrownBy(() -> provider.synthesize(request("a", ProviderConfig.enabledDefault()
                .withVoiceSample("ftp://example.com/s.wav", 5), Map.of("input_phonemes", true))))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_INPUT));
        assertThatThrownBy(() -> provider.synthesize(request("a", ProviderConfig.enabledDefault()
                .withVoiceSample("/no/such/sample.wav", 5), Map.of("input_phonemes", true))))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_INPUT));
    }

    @Test
    void missingModelIsModelMissingAndHealthDown(@org.junit.jupiter.api.io.TempDir Path empty) {
        for (ProviderContext ctx : List.of(ProviderContext.builder().build(),
                ProviderContext.builder().option("styletts2.model_dir", empty.toString()).build())) {
            TtsProvider p = new StyleTts2ProviderFactory(FIXED).create(ctx);
            p.initialize();
            assertThat(p.health().status()).isEqualTo(ProviderHealth.Status.DOWN);
            assertThatThrownBy(() -> p.synthesize(SynthesisRequest.of("hi", "en", ProviderConfig.enabledDefault().voice(),
                    Settings.resolve(p.capabilities().settings(), Map.of()))))
                    .isInstanceOfSatisfying(ProviderException.class,
                            e -> assertThat(e.kind()).isEqualTo(ErrorKind.MODEL_MISSING));
            p.close();
        }
    }

    @Test
    void withoutAPhonemizerOnlyIpaInputWorks() {
        TtsProvider p = new StyleTts2Provider(ProviderContext.builder()
                .option("styletts2.model_dir", TestData.path("probe").toString()).build(), TestData.NO_ESPEAK);
        try {
            assertThatThrownBy(() -> p.synthesize(SynthesisRequest.of("hi", "en", ProviderConfig.enabledDefault().voice(),
                    Settings.resolve(p.capabilities().settings(), Map.of()))))
                    .isInstanceOfSatisfying(ProviderException.class,
                            e -> assertThat(e.kind()).isEqualTo(ErrorKind.MISCONFIGURED))
                    .hasMessageContaining("input_phonemes").hasMessageContaining("espeak-ng is not available");
            assertThat(p.health().status()).isEqualTo(ProviderHealth.Status.DEGRADED);
            assertThat(p.health().detail()).contains("espeak-ng");
            AudioData ok = p.synthesize(SynthesisRequest.of("hi", "en", ProviderConfig.enabledDefault().voice(),
                    Settings.resolve(p.capabilities().settings(), Map.of("input_phonemes", true)))).audio();
            assertThat(ok.sampleCount()).isEqualTo(4 + 256 + 1);
        } finally {
            p.close();
        }
    }

    @Test
    void anInt32SpeedGraphGetsAWholeSpeed() {
        try (TtsProvider p = new StyleTts2Provider(ProviderContext.builder()
                .option("styletts2.model_dir", TestData.path("probe_int_speed").toString()).build(), TestData.NO_ESPEAK)) {
            Map<String, Object> settings = Map.of("input_phonemes", true, "speed", 1.8);
            SynthesisOutput out = p.synthesize(SynthesisRequest.of("ab", "en",
                    ProviderConfig.enabledDefault().withSettings(settings).voice(),
                    Settings.resolve(p.capabilities().settings(), settings)));
            float[] w = out.audio().samples();
            assertThat(w).hasSize(4 + 256 + 1);
            assertThat(w[4 + 256]).isEqualTo(2f);
            assertThat(out.metadata()).containsEntry("speed", "2");
        }
    }

    @Test
    void aClosedProviderRefusesWork() {
        TtsProvider p = new StyleTts2Provider(ProviderContext.builder()
                .option("styletts2.model_dir", TestData.path("probe").toString()).build(), TestData.NO_ESPEAK);
        p.initialize();
        p.close();
        assertThatThrownBy(() -> p.synthesize(SynthesisRequest.of("a", "en", ProviderConfig.enabledDefault().voice(),
                Settings.resolve(p.capabilities().settings(), Map.of("input_phonemes", true)))))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.MISCONFIGURED))
                .hasMessageContaining("closed");
    }

    @Test
    void devicesComeFromVoiceOnnx_autoFallsBackToCpu_anExplicitMissingGpuIsMisconfigured() {
        org.junit.jupiter.api.Assumptions.assumeFalse(io.voicerouter.onnx.OnnxSessions.cudaAvailable(),
                "this test needs the CPU-only ONNX Runtime");
        try (TtsProvider auto = new StyleTts2Provider(ProviderContext.builder()
                .option("styletts2.model_dir", TestData.path("probe").toString())
                .option("styletts2.device", "auto").build(), TestData.NO_ESPEAK)) {
            auto.initialize();
            assertThat(auto.health().attributes()).containsEntry("device", "cpu");
        }
        try (TtsProvider cuda = new StyleTts2Provider(ProviderContext.builder()
                .option("styletts2.model_dir", TestData.path("probe").toString())
                .option("styletts2.device", "cuda:0").build(), TestData.NO_ESPEAK)) {
            cuda.initialize();
            assertThat(cuda.health().status()).isEqualTo(ProviderHealth.Status.DOWN);
            assertThatThrownBy(() -> cuda.synthesize(SynthesisRequest.of("a", "en", ProviderConfig.enabledDefault().voice(),
                    Settings.resolve(cuda.capabilities().settings(), Map.of("input_phonemes", true)))))
                    .isInstanceOfSatisfying(ProviderException.class,
                            e -> assertThat(e.kind()).isEqualTo(ErrorKind.MISCONFIGURED))
                    .hasMessageContaining("styletts2.device");
        }
    }

    @Test
    void theServiceLoaderFindsTheFactory() {
        assertThat(io.voicerouter.spi.ProviderLoader.factories()).containsKey("styletts2");
    }
}
