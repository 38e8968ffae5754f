package io.voicerouter.provider.styletts2;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicerouter.config.ProviderConfig;
import io.voicerouter.espeak.EspeakPhonemizer;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.ProviderHealth;
import io.voicerouter.spi.Settings;
import io.voicerouter.spi.SynthesisRequest;
import io.voicerouter.spi.TtsProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The factory's own phonemizer is the real espeak-ng (installed here and in CI): English and German
 * text becomes IPA inside the model's vocabulary, and the probe model echoes the token ids it got.
 */
class EspeakPhonemizationTest {
    @TempDir
    static Path dir;
    private static TtsProvider provider;
    private static Map<Integer, Long> vocab;

    @BeforeAll
    static void open() throws IOException {
        // The probe model with German added to its languages.
        try (Stream<Path> files = Files.list(TestData.path("probe"))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = (ObjectNode) json.readTree(dir.resolve("config.json").toFile());
        config.putObject("languages").put("en", "en-us").put("de", "de");
        json.writeValue(dir.resolve("config.json").toFile(), config);
        vocab = ModelConfig.read(dir.resolve("config.json")).vocab();
        provider = new StyleTts2ProviderFactory().create(ProviderContext.builder()
                .option("styletts2.model_dir", dir.toString()).build());
        provider.initialize();
    }

    @AfterAll
    static void close() {
        provider.close();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "en | en-us | The quick brown fox jumps over the lazy dog, doesn't it?",
        "de | de    | Ich spreche ein bisschen Deutsch, und wie geht es dir heute?"})
    void textIsPhonemizedIntoTheVocabularyAndItsTokensReachTheGraph(String language, String voice, String text) {
        assertThat(provider.health().status()).isEqualTo(ProviderHealth.Status.UP);
        List<String> sentences = EspeakPhonemizer.load().phonemize(text, voice).stream()
                .map(s -> Normalizer.normalize(s, Normalizer.Form.NFC)).toList();
        assertThat(sentences).hasSize(1); // one sentence: one model call, so the probe echoes all tokens
        String ipa = sentences.get(0);
        assertThat(ipa.codePoints().filter(c -> !vocab.containsKey(c)).toArray())
                .as("symbols of %s outside the vocabulary", ipa).isEmpty();
        assertThat(ipa).contains("ˈ"); // espeak-ng's stress marks are kept
        if (language.equals("de")) {
            assertThat(ipa).as("precomposed ç, as Kokoro's vocabulary has it").contains("ç");
        }
        long[] expected = PhonemeChunker.tokens(ipa, vocab, true);

        float[] w = provider.synthesize(SynthesisRequest.of(text, language, ProviderConfig.enabledDefault().voice(),
                Settings.resolve(provider.capabilities().settings(), Map.of()))).audio().samples();
        assertThat(w).hasSize(expected.length + 256 + 1);
        for (int i = 0; i < expected.length; i++) {
            assertThat((long) w[i]).as("token %d of %s", i, ipa).isEqualTo(expected[i]);
        }
    }

    /**
     * A Kokoro v1.0 release (onnx-community's layout) with the real espeak-ng: English IPA reaches the
     * graph as misaki's symbols (I for aɪ, ʤ for dʒ, ɹ for r), and with the mapping off as raw IPA.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"en | en-us", "en-GB | en-gb", "es | es", "fr | fr-fr", "it | it",
        "pt-BR | pt-br", "hi | hi"})
    void kokoroV1GetsMisakisSymbolsFromRealEspeak(String language, String voice) throws IOException {
        String text = language.equals("hi") ? "नमस्ते आप कैसे हैं" : "Why judge a little bottle by its bright colour";
        Map<Integer, Long> kokoro = ModelConfig.load(TestData.path("releases/onnx-community-v1.0")).vocab();
        try (TtsProvider p = new StyleTts2ProviderFactory().create(ProviderContext.builder()
                .option("styletts2.model_dir", TestData.path("releases/onnx-community-v1.0").toString()).build())) {
            p.initialize();
            List<String> sentences = EspeakPhonemizer.load().phonemize(text, voice).stream()
                    .map(s -> SpeechPlan.composeKnown(s, kokoro)).toList();
            // with the mapping on, the provider asks espeak-ng for ties, as misaki does
            List<String> tied = EspeakPhonemizer.load().withTies().orElseThrow().phonemize(text, voice).stream()
                    .map(s -> SpeechPlan.composeKnown(s, kokoro)).toList();
            assertThat(sentences).hasSize(1);
            assertThat(tied).hasSize(1);
            assertThat(tied.get(0).replace("^", "")).isEqualTo(sentences.get(0));
            String misaki = MisakiMapping.fromTiedEspeak(tied.get(0), voice);
            if (language.startsWith("en")) {
                assertThat(misaki).contains("I").contains("ʤ").doesNotContain("aɪ").doesNotContain("dʒ");
            }
            for (boolean mapped : new boolean[] {true, false}) {
                long[] expected = PhonemeChunker.tokens(mapped ? misaki : sentences.get(0), kokoro, true);
                float[] w = p.synthesize(SynthesisRequest.of(text, language, ProviderConfig.enabledDefault().voice(),
                        Settings.resolve(p.capabilities().settings(), Map.of("misaki_mapping", mapped))))
                        .audio().samples();
                assertThat(w).hasSize(expected.length + 256 + 1);
                for (int i = 0; i < expected.length; i++) {
                    assertThat((long) w[i]).as("token %d of %s", i, misaki).isEqualTo(expected[i]);
                }
            }
        }
    }
}
