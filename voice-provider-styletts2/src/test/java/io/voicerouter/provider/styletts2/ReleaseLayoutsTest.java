package io.voicerouter.provider.styletts2;

import io.voicerouter.config.ProviderConfig;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.espeak.Phonemizer;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.ProviderHealth;
import io.voicerouter.spi.Settings;
import io.voicerouter.spi.SynthesisRequest;
import io.voicerouter.spi.TtsProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/**
 * Each public Kokoro release, laid out exactly as published (tools/styletts2/make_release_layouts.py:
 * the file names and the synthesis graph's input/output names and dtypes of each release), loads
 * unchanged and speaks. The graphs echo what they receive: the token ids, the 256 style values, the speed.
 */
class ReleaseLayoutsTest {
    /** Where phonemization is not under test. */
    private static final Phonemizer UNUSED = (text, voice) -> {
        throw new AssertionError("phonemes are given");
    };
    /** Misaki symbols: I (aɪ), ʤ, ᵊ, ɹ: all in Kokoro v1.0's vocabulary, none in plain espeak IPA. */
    private static final String MISAKI = "wˈI ʤˈʌʤ lˈɪTᵊl";

    static TtsProvider open(Path dir, Map<String, String> options, Phonemizer phonemizer) {
        ProviderContext.Builder b = ProviderContext.builder().option("styletts2.model_dir", dir.toString());
        options.forEach(b::option);
        TtsProvider p = new StyleTts2ProviderFactory(phonemizer).create(b.build());
        p.initialize();
        return p;
    }

    static SynthesisRequest request(TtsProvider p, String text, String language, Map<String, Object> settings) {
        ProviderConfig c = ProviderConfig.enabledDefault().withSettings(settings);
        return SynthesisRequest.of(text, language, c.voice(), Settings.resolve(p.capabilities().settings(), settings));
    }

    static Map<Integer, Long> kokoroVocab() throws Exception {
        return ModelConfig.read(TestData.path("releases/hexgrad-export-zh/config.json")).vocab();
    }

    /** Asserts the echo: padded ids of {@code phonemes}, the voice's row for their count (sign ±1), the speed. */
    static void assertEcho(float[] w, String phonemes, float sign, float speed, float tolerance) throws Exception {
        long[] ids = PhonemeChunker.tokens(phonemes, kokoroVocab(), true);
        int n = ids.length;
        assertThat(n).isEqualTo(phonemes.codePointCount(0, phonemes.length()) + 2);
        assertThat(w).hasSize(n + 256 + 1);
        for (int i = 0; i < n; i++) {
            assertThat((long) w[i]).as("token %d", i).isEqualTo(ids[i]);
        }
        int row = n - 2;
        for (int j = 0; j < 256; j += 17) {
            assertThat(w[n + j]).isCloseTo(sign * (row + j / 1000f), offset(tolerance));
        }
        assertThat(w[n + 256]).isEqualTo(speed);
    }

    @Test
    void onnxCommunityLayoutLoadsUnchangedWithTheVocabFromTokenizerJson() throws Exception {
        Path dir = TestData.path("releases/onnx-community-v1.0");
        try (TtsProvider p = open(dir, Map.of(), UNUSED)) {
            ProviderHealth h = p.health();
            assertThat(h.status()).as(h.toString()).isEqualTo(ProviderHealth.Status.UP);
            assertThat(h.attributes()).containsEntry("graph", "onnx/model.onnx").containsEntry("vocabulary", "tokenizer.json")
                    .containsEntry("phonemes", "misaki")
                    .containsEntry("signature", "input_ids:INT64, style:FLOAT, speed:FLOAT -> waveform");
            assertThat(p.capabilities().languages()).contains("en", "en-gb", "es", "fr", "hi", "it", "pt-br", "ja", "zh");
            // No voice named: Kokoro's default, af_heart, from voices/af_heart.bin.
            var out = p.synthesize(request(p, MISAKI, "en", Map.of("input_phonemes", true, "speed", 1.25)));
            assertEcho(out.audio().samples(), MISAKI, 1, 1.25f, 1e-4f);
            assertThat(out.metadata()).containsEntry("voice", "af_heart");
        }
        assertThat(Files.readString(dir.resolve("config.json"))).isEqualTo("{\n  \"model_type\": \"style_text_to_speech_2\"\n}");
    }

    @Test
    void onnxCommunityVariantsAreChosenByModelFileOrFoundAlone(@TempDir Path tmp) throws Exception {
        Path dir = TestData.path("releases/onnx-community-v1.0");
        try (TtsProvider p = open(dir, Map.of("styletts2.model_file", "onnx/model_fp16.onnx"), UNUSED)) {
            assertThat(p.health().attributes()).containsEntry("graph", "onnx/model_fp16.onnx");
            float[] w = p.synthesize(request(p, MISAKI, "en", Map.of("input_phonemes", true))).audio().samples();
            assertEcho(w, MISAKI, 1, 1f, 0.5f); // the style went through float16 inside the graph
        }
        // A download of one variant has only that graph under onnx/: it is found without the option.
        Path only = copy(dir, tmp.resolve("fp16"), "onnx/model.onnx", "onnx/model_quantized.onnx");
        try (TtsProvider p = open(only, Map.of(), UNUSED)) {
            assertThat(p.health().attributes()).containsEntry("graph", "onnx/model_fp16.onnx");
        }
        Path two = copy(dir, tmp.resolve("two"), "onnx/model.onnx");
        try (TtsProvider p = open(two, Map.of(), UNUSED)) {
            assertThat(p.health().status()).isEqualTo(ProviderHealth.Status.DOWN);
            assertThat(p.health().detail()).contains("onnx/model_fp16.onnx").contains("onnx/model_quantized.onnx")
                    .contains("styletts2.model_file");
        }
    }

    @Test
    void kokoroOnnxLayoutNeedsNoConfigTheBundledVocabIsKokoros() throws Exception {
        Path dir = TestData.path("releases/kokoro-onnx-v1.0");
        assertThat(dir.resolve("config.json")).doesNotExist();
        try (TtsProvider p = open(dir, Map.of(), UNUSED)) {
            assertThat(p.health().attributes()).containsEntry("graph", "kokoro-v1.0.onnx")
                    .containsEntry("vocabulary", "bundled Kokoro-82M v1.0 vocabulary")
                    .containsEntry("signature", "tokens:INT64, style:FLOAT, speed:FLOAT -> audio");
            float[] w = p.synthesize(request(p, MISAKI, "en-gb", Map.of("input_phonemes", true, "voice", "bf_emma")))
                    .audio().samples();
            assertEcho(w, MISAKI, -1, 1f, 1e-4f);
        }
    }

    @Test
    void hexgradExportTakesAnInt32SpeedAndItsInt64DurationOutputIsIgnored() throws Exception {
        Path dir = TestData.path("releases/hexgrad-export-zh");
        try (TtsProvider p = open(dir, Map.of(), UNUSED)) {
            assertThat(p.health().status()).as(p.health().toString()).isEqualTo(ProviderHealth.Status.UP);
            assertThat(p.health().attributes()).containsEntry("graph", "kokoro.onnx")
                    .containsEntry("signature", "input_ids:INT64, style:FLOAT, speed:INT32 -> waveform");
            var out = p.synthesize(request(p, MISAKI, "zh", Map.of("input_phonemes", true, "voice", "zf_xiaoxiao",
                    "speed", 1.6)));
            assertEcho(out.audio().samples(), MISAKI, 1, 2f, 1e-4f); // int32 speed: rounded
            assertThat(out.metadata()).containsEntry("speed", "2");
        }
    }

    @Test
    void japaneseAndChineseNeedPhonemesOtherLanguagesNeedAKnownCode() {
        Phonemizer never = (text, voice) -> {
            throw new AssertionError("espeak must not be asked for " + voice);
        };
        try (TtsProvider p = open(TestData.path("releases/onnx-community-v1.0"), Map.of(), never)) {
            for (String lang : List.of("ja", "zh", "zh-CN")) {
                assertThatThrownBy(() -> p.synthesize(request(p, "你好", lang, Map.of())))
                        .isInstanceOfSatisfying(ProviderException.class,
                                e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNSUPPORTED_LANGUAGE))
                        .hasMessageContaining("misaki").hasMessageContaining("input_phonemes=true");
            }
            assertThatThrownBy(() -> p.synthesize(request(p, "Hallo", "de", Map.of())))
                    .isInstanceOfSatisfying(ProviderException.class,
                            e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNSUPPORTED_LANGUAGE));
        }
    }

    @Test
    void misakiMappingAppliesToEspeakOutputAndCanBeTurnedOff() throws Exception {
        List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        Phonemizer espeakLike = (text, voice) -> {
            asked.add(voice);
            return List.of("wˈaɪ dʒˈʌdʒ lˈɪɾəl"); // voice-espeak's untied IPA for "why judge little"
        };
        try (TtsProvider p = open(TestData.path("releases/onnx-community-v1.0"), Map.of(), espeakLike)) {
            float[] mapped = p.synthesize(request(p, "why judge little", "en", Map.of())).audio().samples();
            assertEcho(mapped, MISAKI, 1, 1f, 1e-4f);
            float[] raw = p.synthesize(request(p, "why judge little", "en-gb", Map.of("misaki_mapping", false)))
                    .audio().samples();
            assertEcho(raw, "wˈaɪ dʒˈʌdʒ lˈɪɾəl", 1, 1f, 1e-4f);
            assertThat(asked).containsExactly("en-us", "en-gb");
        }
        // The router hands over bare "en": a British voice (b...) picks en-gb, as Kokoro's pipelines do.
        asked.clear();
        try (TtsProvider p = open(TestData.path("releases/kokoro-onnx-v1.0"), Map.of(), espeakLike)) {
            p.synthesize(request(p, "why", "en", Map.of("voice", "bf_emma")));
            p.synthesize(request(p, "why", "en", Map.of("voice", "af_heart")));
            assertThat(asked).containsExactly("en-gb", "en-us");
        }
    }

    @Test
    void graphsThatBreakTheContractAreTypedNonRetryableErrors(@TempDir Path tmp) throws Exception {
        for (String bad : List.of("int-waveform", "no-speed")) {
            Path dir = Files.createDirectories(tmp.resolve(bad));
            Files.copy(TestData.path("contract/" + bad + ".onnx"), dir.resolve("model.onnx"));
            try (TtsProvider p = open(dir, Map.of(), UNUSED)) {
                assertThat(p.health().status()).isEqualTo(ProviderHealth.Status.DOWN);
                assertThatThrownBy(() -> p.synthesize(request(p, MISAKI, "en", Map.of("input_phonemes", true))))
                        .isInstanceOfSatisfying(ModelContractException.class, e -> {
                            assertThat(e.kind()).isEqualTo(ErrorKind.MISCONFIGURED);
                            assertThat(e.kind().category()).isEqualTo(ErrorKind.Category.BROKEN);
                        })
                        .hasMessageContaining(bad.equals("no-speed") ? "expected input_ids (or tokens), style and speed"
                                : "output 'waveform' is INT64");
            }
        }
        // A style of the wrong size shows only when the graph runs: the same typed error, per request.
        Path dir = Files.createDirectories(tmp.resolve("style-128").resolve("voices"));
        Files.copy(TestData.path("contract/style-128.onnx"), dir.getParent().resolve("model.onnx"));
        Files.copy(TestData.path("releases/onnx-community-v1.0/voices/af_heart.bin"), dir.resolve("af_heart.bin"));
        try (TtsProvider p = open(dir.getParent(), Map.of(), UNUSED)) {
            assertThat(p.health().status()).isEqualTo(ProviderHealth.Status.UP);
            assertThatThrownBy(() -> p.synthesize(request(p, MISAKI, "en", Map.of("input_phonemes", true))))
                    .isInstanceOfSatisfying(ModelContractException.class,
                            e -> assertThat(e.kind()).isEqualTo(ErrorKind.MISCONFIGURED))
                    .hasMessageContaining("refused its inputs");
        }
    }

    @Test
    void espeakIpaIsComposedOnlyWhereTheVocabularyHasTheComposedSymbol() throws Exception {
        Map<Integer, Long> vocab = kokoroVocab();
        // voice-espeak's NFD: c + cedilla (Kokoro has ç), i + tilde (Kokoro has no ĩ, but has the tilde).
        assertThat(SpeechPlan.composeKnown("c\u0327a h\u02C8i\u0303di", vocab)).isEqualTo("\u00E7a h\u02C8i\u0303di");
    }

    private static Path copy(Path from, Path to, String... leaveOut) throws Exception {
        List<String> skip = List.of(leaveOut);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String rel = from.relativize(f).toString().replace('\\', '/');
                if (!skip.contains(rel)) {
                    Files.createDirectories(to.resolve(rel).getParent());
                    Files.copy(f, to.resolve(rel));
                }
            }
        }
        return to;
    }
}
