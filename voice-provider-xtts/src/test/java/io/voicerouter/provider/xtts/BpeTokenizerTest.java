package io.voicerouter.provider.xtts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The BPE against the reference encodings of tools/xtts/tiny_bpe.py on sentences in several languages, and
 * what it refuses to load (BpeTokenizerLibraryTest holds it against the tokenizers library itself).
 */
class BpeTokenizerTest {
    private static BpeTokenizer tokenizer() throws Exception {
        return BpeTokenizer.load(Fixtures.tinyModel().resolve("vocab.json"));
    }

    @Test
    void matchesTheReferenceTokenizerOnEveryCase() throws Exception {
        BpeTokenizer t = tokenizer();
        JsonNode cases = Fixtures.json("tokenizer/tokenizer_cases.json");
        assertThat(cases.size()).isGreaterThanOrEqualTo(10);
        for (JsonNode c : cases) {
            String prepared = TextPreparer.prepare(c.get("text").asText(), c.get("language").asText());
            assertThat(prepared).as(c.get("text").asText()).isEqualTo(c.get("prepared").asText());
            assertThat(t.encode(prepared)).as(prepared).containsExactly(GreedyDecodeTest.ints(c.get("ids")));
        }
    }

    @Test
    void splitsAddedTokensAndMapsUnknownCharactersToUnk() throws Exception {
        BpeTokenizer t = tokenizer();
        int[] ids = t.encode("[en]мир[SPACE]");
        assertThat(ids[0]).isEqualTo(259); // [en], at its XTTS v2 id
        assertThat(ids).containsSequence(1, 1, 1); // three unknown Cyrillic letters, not fused
        assertThat(ids[ids.length - 1]).isEqualTo(2); // [SPACE]
    }

    @Test
    void mergesBuildWholeWordsFromTheCorpus() throws Exception {
        BpeTokenizer t = tokenizer();
        assertThat(t.encode("the")).hasSize(1);
        assertThat(t.encode("the")).doesNotContain(1);
    }

    private static Path variant(Path dir, String member, String json) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root =
                (ObjectNode) mapper.readTree(Fixtures.tinyModel().resolve("vocab.json").toFile());
        ObjectNode target = root;
        String[] path = member.split("\\.");
        for (int i = 0; i < path.length - 1; i++) {
            target = (ObjectNode) target.path(path[i]);
        }
        target.set(path[path.length - 1], mapper.readTree(json));
        Path f = dir.resolve(member + ".json");
        mapper.writeValue(f.toFile(), root);
        return f;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "normalizer|{\"type\":\"NFKC\"}|normalizer",
            "normalizer|{\"type\":\"Sequence\",\"normalizers\":[{\"type\":\"Lowercase\"}]}|normalizer",
            "pre_tokenizer|{\"type\":\"ByteLevel\",\"add_prefix_space\":false}|pre_tokenizer",
            "pre_tokenizer|{\"type\":\"Sequence\",\"pretokenizers\":[{\"type\":\"Whitespace\"}]}|pre_tokenizer",
            "post_processor|{\"type\":\"TemplateProcessing\"}|post_processor",
            "truncation|{\"max_length\":512}|truncation",
            "model.type|\"WordPiece\"|model",
            "model.dropout|0.1|model.dropout",
            "model.fuse_unk|true|model.fuse_unk",
            "model.byte_fallback|true|model.byte_fallback",
            "model.continuing_subword_prefix|\"##\"|model.continuing_subword_prefix"})
    void refusesWhatItDoesNotImplementWithATypedError(String member, String json, String component,
                                                      @TempDir Path dir) throws Exception {
        Path f = variant(dir, member, json);
        assertThatThrownBy(() -> BpeTokenizer.load(f)).isInstanceOfSatisfying(UnsupportedVocabularyException.class,
                e -> {
                    assertThat(e.component()).isEqualTo(component);
                    assertThat(e.getMessage()).contains(component).contains("not supported");
                });
    }

    @Test
    void refusesAddedTokensWithStripRules(@TempDir Path dir) throws Exception {
        Path f = variant(dir, "added_tokens", "[{\"id\":2,\"content\":\"[SPACE]\",\"lstrip\":true}]");
        assertThatThrownBy(() -> BpeTokenizer.load(f)).isInstanceOf(UnsupportedVocabularyException.class)
                .hasMessageContaining("[SPACE]").hasMessageContaining("lstrip");
    }

    @Test
    void acceptsWhatXttsShips(@TempDir Path dir) throws Exception {
        // null members and a dropout of 0 change nothing; merges may also be written as pairs (tokenizers >= 0.20)
        assertThat(BpeTokenizer.load(variant(dir, "model.dropout", "0.0")).encode("the")).hasSize(1);
        Path pairs = variant(dir, "model.merges", "[[\"t\",\"h\"],[\"th\",\"e\"]]");
        assertThat(BpeTokenizer.load(pairs).encode("the")).containsExactly(tokenizer().encode("the"));
    }
}
