package io.voicerouter.text;

import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextSegmenterTest {
    private static final String FAMILY = "\uD83D\uDC69\u200D\uD83D\uDC69\u200D\uD83D\uDC67\u200D\uD83D\uDC66"; // 25 bytes
    private static final String FLAG = "\uD83C\uDDE9\uD83C\uDDEA"; // 8 bytes, two code points, one grapheme

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Every piece ends and starts on a grapheme boundary of the whole text. */
    private static void assertGraphemeCuts(String text, List<String> pieces) {
        java.util.Set<Integer> boundaries = new java.util.HashSet<>();
        Matcher g = Pattern.compile("\\X").matcher(text);
        boundaries.add(0);
        while (g.find()) {
            boundaries.add(g.end());
        }
        int from = 0;
        for (String p : pieces) {
            int at = text.indexOf(p, from);
            assertThat(at).as("piece is a substring in order: %s", p).isGreaterThanOrEqualTo(0);
            assertThat(boundaries).as("cut before %s", p).contains(at, at + p.length());
            from = at + p.length();
        }
    }

    @Test
    void unitsMeasureCodePointsBytesAndEscapedBytes() {
        String s = "a\u00e9\u65e5\uD83D\uDE00&\"<"; // 1 + 2 + 3 + 4 bytes, then markup
        assertThat(TextUnit.CHARACTERS.measure(s)).isEqualTo(7);
        assertThat(TextUnit.UTF8_BYTES.measure(s)).isEqualTo(utf8(s)).isEqualTo(13);
        assertThat(TextUnit.XML_ESCAPED_UTF8_BYTES.measure(s)).isEqualTo(utf8("a\u00e9\u65e5\uD83D\uDE00&amp;&quot;&lt;"));
        assertThat(TextUnit.XML_ESCAPED_UTF8_BYTES.measure("a\u0001b")).as("forbidden control replaced by a space").isEqualTo(3);
        assertThat(TextLimit.utf8Bytes(5000)).hasToString("5000 UTF-8 bytes");
        assertThatThrownBy(() -> TextLimit.characters(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void textThatFitsIsOnePieceStrippedAndBlankTextNone() {
        TextLimit limit = TextLimit.characters(100);
        assertThat(TextSegmenter.pieces("  Hello there. How are you?  ", limit, Locale.ENGLISH))
                .containsExactly("Hello there. How are you?");
        assertThat(TextSegmenter.pieces(" \n ", limit, Locale.ENGLISH)).isEmpty();
        assertThat(TextSegmenter.sentencePieces("Hello there. How are you?", limit, Locale.ENGLISH))
                .containsExactly("Hello there.", "How are you?");
    }

    @Test
    void longTextIsPackedFromWholeSentencesKeepingWhatWasBetweenThem() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            b.append("Sentence number ").append(i).append(" is here.  ");
        }
        String text = b.toString().strip();
        List<String> pieces = TextSegmenter.pieces(text, TextLimit.characters(200), Locale.ENGLISH);
        assertThat(pieces).hasSizeGreaterThan(3).allSatisfy(p -> {
            assertThat(p.length()).isLessThanOrEqualTo(200);
            assertThat(p).startsWith("Sentence number").endsWith("is here.");
        });
        assertThat(pieces.get(0)).contains("here.  Sentence");
        assertThat(String.join("  ", pieces)).isEqualTo(text);
        // Packed greedily: no two neighbours would have fitted together.
        for (int i = 1; i < pieces.size(); i++) {
            assertThat((pieces.get(i - 1) + "  " + pieces.get(i)).length()).isGreaterThan(200);
        }
    }

    @Test
    void cjkAtTheByteLimitIsCutByBytesWithoutInsertingSpaces() {
        String text = "日本語の文章です。".repeat(230); // 27 bytes a sentence, 6,210 in all
        List<String> pieces = TextSegmenter.pieces(text, TextLimit.utf8Bytes(5000), Locale.JAPANESE);
        assertThat(pieces).hasSize(2).allSatisfy(p -> assertThat(utf8(p)).isLessThanOrEqualTo(5000));
        assertThat(String.join("", pieces)).isEqualTo(text);
        assertThat(utf8(pieces.get(0))).as("filled up to the last whole sentence").isGreaterThan(5000 - 27);
        // The same text counted in characters (2,070) fits whole.
        assertThat(TextSegmenter.pieces(text, TextLimit.characters(5000), Locale.JAPANESE)).containsExactly(text);
    }

    @Test
    void aSentenceLongerThanTheLimitIsCutAtAClauseThenASpace() {
        String clause = "the first part of this sentence, " + "word ".repeat(30) + "end.";
        List<String> atClause = TextSegmenter.pieces(clause, TextLimit.characters(60), Locale.ENGLISH);
        assertThat(atClause.get(0)).isEqualTo("the first part of this sentence,");
        assertThat(atClause).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(60)
                .isPositive()).allSatisfy(p -> assertThat(p).doesNotStartWith(" ").doesNotEndWith(" "));
        String words = "One short sentence. " + "Word ".repeat(1200).strip() + ". Last one.";
        List<String> pieces = TextSegmenter.pieces(words, TextLimit.utf8Bytes(500), Locale.ENGLISH);
        assertThat(pieces).allSatisfy(p -> assertThat(p).matches("(?s)^[A-Z].*[a-z.]$").doesNotContain("Wor ", " ord"));
        assertThat(String.join(" ", pieces)).isEqualTo(words);
    }

    @Test
    void cjkClauseCommaIsABreakAndEscapingCostsCount() {
        String text = "これは長い文です、" .repeat(40) + "終わり。";
        List<String> pieces = TextSegmenter.pieces(text, TextLimit.utf8Bytes(100), Locale.JAPANESE);
        assertThat(pieces).allSatisfy(p -> assertThat(utf8(p)).isLessThanOrEqualTo(100));
        assertThat(pieces.subList(0, pieces.size() - 1)).allSatisfy(p -> assertThat(p).endsWith("、"));
        assertThat(String.join("", pieces)).isEqualTo(text);

        String amps = ("&&&&&&&&&& ".repeat(40).strip() + ". ").repeat(6).strip();
        TextLimit escaped = TextLimit.xmlEscapedUtf8Bytes(1000);
        List<String> cut = TextSegmenter.pieces(amps, escaped, Locale.ENGLISH);
        assertThat(cut).allSatisfy(p -> assertThat(escaped.measure(p)).isLessThanOrEqualTo(1000));
        assertThat(String.join(" ", cut)).isEqualTo(amps);
    }

    @Test
    void emojiAreNeverCutInsideTheirSequenceAtAnyByteLimit() {
        String text = ("Hi " + FAMILY + FLAG + "\uD83D\uDE00e\u0301").repeat(50); // no spaces near the cuts' ends
        String dense = (FAMILY + FLAG + "\uD83D\uDE00e\u0301\u65e5").repeat(60);
        for (int l = 40; l <= 130; l += 7) {
            int limit = l;
            for (String t : List.of(text, dense)) {
                List<String> pieces = TextSegmenter.pieces(t, TextLimit.utf8Bytes(limit), Locale.ROOT);
                assertThat(pieces).allSatisfy(p -> assertThat(utf8(p)).isLessThanOrEqualTo(limit));
                assertGraphemeCuts(t, pieces);
                assertThat(String.join("", pieces).replace(" ", "")).isEqualTo(t.replace(" ", ""));
            }
        }
    }

    @Test
    void aGraphemeLongerThanTheLimitIsCutBetweenCodePointsOnlyThenAndACharacterTooLongIsAnError() {
        List<String> pieces = TextSegmenter.pieces(FAMILY, TextLimit.utf8Bytes(8), Locale.ROOT);
        assertThat(String.join("", pieces)).isEqualTo(FAMILY);
        assertThat(pieces).allSatisfy(p -> {
            assertThat(utf8(p)).isLessThanOrEqualTo(8);
            assertThat(Character.isLowSurrogate(p.charAt(0))).isFalse();
            assertThat(Character.isHighSurrogate(p.charAt(p.length() - 1))).isFalse();
        });
        assertThat(TextSegmenter.pieces("\uD83D\uDE00\uD83D\uDE01\uD83D\uDE02", TextLimit.utf8Bytes(4), Locale.ROOT))
                .containsExactly("\uD83D\uDE00", "\uD83D\uDE01", "\uD83D\uDE02");
        assertThatThrownBy(() -> TextSegmenter.pieces("日本", TextLimit.utf8Bytes(2), Locale.ROOT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("U+65E5").hasMessageContaining("3 long");
    }

    @Test
    void sentencePiecesAreOneASentenceWithLongOnesCut() {
        String text = "Short one. " + "A much longer sentence, with a clause, goes on and on here. Last.";
        List<String> pieces = TextSegmenter.sentencePieces(text, TextLimit.characters(30), Locale.ENGLISH);
        assertThat(pieces.get(0)).isEqualTo("Short one.");
        assertThat(pieces.get(pieces.size() - 1)).isEqualTo("Last.");
        assertThat(pieces).hasSizeGreaterThan(3).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(30));
        assertThat(String.join(" ", pieces)).isEqualTo(text);
    }

    @Test
    void aProviderCalledDirectlyRefusesTextOverItsLimitNamingTheUnit() {
        TextLimit limit = TextLimit.utf8Bytes(6);
        limit.requireFits("p", "日本");
        assertThatThrownBy(() -> limit.requireFits("p", "日本語"))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_INPUT))
                .hasMessageContaining("9 UTF-8 bytes").hasMessageContaining("at most 6 UTF-8 bytes");
    }
}
