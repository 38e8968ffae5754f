package io.voicerouter.cloud;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextChunksTest {
    @Test
    void textThatFitsIsOnePieceStripped() {
        assertThat(TextChunks.byChars("  Hello there. How are you?  ", 100, Locale.ENGLISH))
                .containsExactly("Hello there. How are you?");
        assertThat(TextChunks.byChars(" \n ", 100, Locale.ENGLISH)).isEmpty();
    }

    @Test
    void longTextIsCutAtSentencesIntoSubstringsOfTheInput() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            b.append("Sentence number ").append(i).append(" is here.  ");
        }
        String text = b.toString().strip();
        List<String> pieces = TextChunks.byChars(text, 200, Locale.ENGLISH);
        assertThat(pieces).hasSizeGreaterThan(3).allSatisfy(p -> {
            assertThat(p.length()).isLessThanOrEqualTo(200);
            assertThat(p).startsWith("Sentence number").endsWith("is here.");
            assertThat(text).contains(p);
        });
        // The double spaces between packed sentences are kept: nothing is re-spaced.
        assertThat(pieces.get(0)).contains("here.  Sentence");
        assertThat(String.join("  ", pieces)).isEqualTo(text);
    }

    @Test
    void noSpaceIsInsertedBetweenSentencesOfTextWithoutSpaces() {
        String text = "日本語の文章です。".repeat(100);
        List<String> pieces = TextChunks.byChars(text, 50, Locale.JAPANESE);
        assertThat(pieces).allSatisfy(p -> assertThat(p).doesNotContain(" ").hasSizeLessThanOrEqualTo(50));
        assertThat(String.join("", pieces)).isEqualTo(text);
    }

    @Test
    void utf8LimitCountsBytesNotCharacters() {
        String text = "日本語の文章です。".repeat(100); // 3 bytes per character
        List<String> pieces = TextChunks.byUtf8Bytes(text, 300, Locale.JAPANESE);
        assertThat(pieces).hasSizeGreaterThan(2).allSatisfy(p ->
                assertThat(TextChunks.utf8Length(p)).isLessThanOrEqualTo(300));
        assertThat(String.join("", pieces)).isEqualTo(text);
    }

    @Test
    void aCostThatGrowsOnEscapingCutsFinerAndPacksBackTogether() {
        String text = ("&&&&&&&&&& ".repeat(40).strip() + ". ").repeat(6).strip();
        List<String> pieces = TextChunks.split(text, 3000, Locale.ENGLISH, s -> Xml.escape(s).length(), 1000);
        assertThat(pieces).allSatisfy(p -> assertThat(Xml.escape(p).length()).isLessThanOrEqualTo(1000));
        assertThat(String.join(" ", pieces)).isEqualTo(text);
        // Packed greedily: no two neighbours would have fitted together.
        for (int i = 1; i < pieces.size(); i++) {
            assertThat(Xml.escape(pieces.get(i - 1) + " " + pieces.get(i)).length()).isGreaterThan(1000);
        }
    }

    @Test
    void wordsAreNotCutWhenSentencesOrSpacesAllowIt() {
        String text = "One short sentence. " + "Word ".repeat(1200).strip() + ". Last one.";
        List<String> pieces = TextChunks.byUtf8Bytes(text, 500, Locale.ENGLISH);
        assertThat(pieces).allSatisfy(p -> assertThat(p).matches("(?s)^[A-Z].*[a-z.]$").doesNotContain("Wor ", " ord"));
    }

    @Test
    void surrogatePairsAreNeverCutEvenAtTinyLimits() {
        String text = "\uD83D\uDE00\uD83D\uDE01\uD83D\uDE02";
        List<String> pieces = TextChunks.byUtf8Bytes(text, 4, Locale.ROOT);
        assertThat(pieces).containsExactly("\uD83D\uDE00", "\uD83D\uDE01", "\uD83D\uDE02");
    }

    @Test
    void impossibleLimitsFailClearly() {
        assertThatThrownBy(() -> TextChunks.byChars("x", 0, Locale.ROOT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TextChunks.byUtf8Bytes("日本", 2, Locale.ROOT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one character costs 3");
    }
}
