package io.voicerouter.xtts;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The BPE against the reference encodings of tools/xtts/tiny_bpe.py on sentences in several languages. */
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
        assertThat(ids[0]).isGreaterThan(261); // a language token, after [START]
        assertThat(ids).containsSequence(1, 1, 1); // three unknown Cyrillic letters, not fused
        assertThat(ids[ids.length - 1]).isEqualTo(2); // [SPACE]
    }

    @Test
    void mergesBuildWholeWordsFromTheCorpus() throws Exception {
        BpeTokenizer t = tokenizer();
        assertThat(t.encode("the")).hasSize(1);
        assertThat(t.encode("the")).doesNotContain(1);
    }

    @Test
    void rejectsAnUnsupportedTokenizerModel(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path f = dir.resolve("vocab.json");
        Files.writeString(f, "{\"model\":{\"type\":\"WordPiece\",\"vocab\":{}}}");
        assertThatThrownBy(() -> BpeTokenizer.load(f)).hasMessageContaining("not BPE");
    }
}
