package io.voicerouter.provider.xtts;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * BpeTokenizer against the Hugging Face tokenizers library itself (Rust, through DJL's binding, test
 * scope only) on the tiny vocabulary in XTTS v2's vocab.json format: full tokenizer.json with added
 * tokens whose ids sit among the BPE tokens, null normalizer, Whitespace pre-tokenizer. XTTS calls
 * {@code tokenizer.encode(txt).ids} with the library's defaults; so does this test.
 */
class BpeTokenizerLibraryTest {
    private static final Path VOCAB = Fixtures.tinyModel().resolve("vocab.json");
    private static HuggingFaceTokenizer library;
    private static BpeTokenizer ours;

    @BeforeAll
    static void load() throws Exception {
        // DJL's builder truncates at 512 by default, which the library (and XTTS) does not: turned off
        library = HuggingFaceTokenizer.builder().optTokenizerPath(VOCAB).optAddSpecialTokens(true)
                .optTruncation(false).optPadding(false).build();
        ours = BpeTokenizer.load(VOCAB);
    }

    @AfterAll
    static void close() {
        library.close();
    }

    private static int[] libraryIds(String text) {
        return Arrays.stream(library.encode(text).getIds()).mapToInt(Math::toIntExact).toArray();
    }

    /** Prepared texts: the reference sentences, then the corners of pre-tokenizing and added tokens. */
    private static List<String> cases() {
        List<String> texts = new ArrayList<>();
        for (JsonNode c : Fixtures.json("tokenizer/tokenizer_cases.json")) {
            texts.add(TextPreparer.prepare(c.get("text").asText(), c.get("language").asText()));
        }
        texts.addAll(List.of(
                "", "[SPACE]", "[en]", "[en][SPACE][SPACE]hello", "[SPAC", "[en", "en]", "ab[en]cd", "[START]the[STOP]",
                "[tr]i\u0307stanbul[SPACE]i\u0307", "\u0307", "[de]über[SPACE]straße", "[pt]não[SPACE]cão",
                "[en]abc123[SPACE]4.5[SPACE]1,000", "snake_case[SPACE]x_y", "[zh-cn]你好世界，再见。", "[ja]こんにちは",
                "[ru]привет,[SPACE]мир!", "[ar]مرحبا[SPACE]بالعالم", "[hi]नमस्ते[SPACE]दुनिया", "[ko]안녕하세요",
                "emoji[SPACE]\uD83D\uDE00\uD83D\uDC4D\uD83C\uDFFD!", "a\u00a0b\tc\nd  e", "zero\u200dwidth\u200bspace",
                "?!...;:--\"'", "it's[SPACE]don't", "the the the the", "ÀÉÎÕÜ[SPACE]àéîõü", "ﬁ[SPACE]Å[SPACE]Å",
                "test" + "[SPACE]the[SPACE]quick[SPACE]brown[SPACE]fox".repeat(120)));
        return texts;
    }

    @Test
    void givesTheLibrarysIdsOnEveryCase() {
        List<String> texts = cases();
        assertThat(texts).hasSizeGreaterThan(40);
        for (String text : texts) {
            assertThat(ours.encode(text)).as(text).containsExactly(libraryIds(text));
        }
        // the long case is not cut by the library's defaults, so the comparison covers all of it
        assertThat(libraryIds(texts.get(texts.size() - 1)).length).isGreaterThan(1000);
    }

    @Test
    void givesTheLibrarysIdsOnRandomTexts() {
        // pieces drawn with a fixed seed: vocabulary letters and merges' material, unknown letters, marks,
        // digits, punctuation runs, white space of several kinds, whole and broken added tokens
        String[] pieces = {"a", "e", "s", "t", "th", "the", "er", "o", "p", "ü", "ß", "ç", "ã", "ł", "ı", "i\u0307",
                "\u0307", "\u0301", "ж", "字", "\uD83D\uDE00", "1", "42", "_", "'", ".", ",", "?!", "-", "\"", " ", "  ",
                "\t", "\n", "\u00a0", "\u200b", "[SPACE]", "[en]", "[zh-cn]", "[START]", "[STOP]", "[UNK]", "[", "]",
                "[SPA", "en]", "[xx]"};
        java.util.Random random = new java.util.Random(20261206);
        for (int n = 0; n < 2000; n++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(25);
            for (int i = 0; i < length; i++) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            String t = text.toString();
            assertThat(ours.encode(t)).as("%s", t).containsExactly(libraryIds(t));
        }
    }

    @Test
    void theReferenceCasesOfOurPythonPortAreTheLibrarysToo() {
        for (JsonNode c : Fixtures.json("tokenizer/tokenizer_cases.json")) {
            assertThat(libraryIds(c.get("prepared").asText())).as(c.get("prepared").asText())
                    .containsExactly(GreedyDecodeTest.ints(c.get("ids")));
        }
    }

    @Test
    void aMergeNamingAnAbsentTokenIsRefusedByBothTheLibraryAndUs(@TempDir Path dir) throws Exception {
        // the old fixture's mistake: a merge ("ã o" there) whose result is not in the vocabulary
        ObjectNode root = (ObjectNode) new ObjectMapper().readTree(VOCAB.toFile());
        ObjectNode vocab = (ObjectNode) root.path("model").path("vocab");
        assertThat(vocab.has("q")).isTrue();
        assertThat(vocab.has("qz")).isFalse();
        ((ArrayNode) root.path("model").path("merges")).add("q z");
        Path bad = dir.resolve("vocab.json");
        new ObjectMapper().writeValue(bad.toFile(), root);

        assertThatThrownBy(() -> HuggingFaceTokenizer.newInstance(bad)).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> BpeTokenizer.load(bad)).isInstanceOf(VocabularyException.class)
                .hasMessageContaining("q z").hasMessageContaining("not in the vocabulary");
    }
}
