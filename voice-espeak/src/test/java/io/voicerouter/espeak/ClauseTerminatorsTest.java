package io.voicerouter.espeak;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 1.51 fallback: the clause terminator read back from the text espeak consumed. The spans are
 * the ones espeak-ng 1.51 really consumes (it reads one character of the next clause ahead).
 */
class ClauseTerminatorsTest {

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "`Hello,   w`      | `, `",
            "`orld; t`         | `; `",
            "`his is: a`       | `: `",
            "` test! I`        | `!`",
            "`s it? Y`         | `?`",
            "`es. D`           | `.`",
            "`Quoted.\"`       | `.`",
            "` (Paren.)`       | `.`",
            "`eñor! ¿`         | `!`",
            "`ait— w`          | `; `",
            "`ne... t`         | ``",
            "`wo… t`           | ``",
            "`hat?! 3`         | `!`",
            "`words and more w`| ``",
            "`حالك؟ ع`         | `?`",
            "`مرحبا، ك`        | `, `",
            "`ፈረስ፣ ሰ`         | `, `",
            "`元気ですか？り`    | ``",
            "`こんにちは、元`    | ``",
            "`हैं। म`           | ``",
            "`Γεια σου\u037e Έ` | `?`",
    })
    void punctuationOfAClauseFollowedByAnother(String consumed, String punctuation) {
        assertThat(ClauseTerminators.punctuation(ClauseTerminators.terminatorOf(consumed, false)))
                .isEqualTo(punctuation);
    }

    @Test
    void sentenceEndsAtFullStopsQuestionsExclamationsAndParagraphs() {
        assertThat(ClauseTerminators.endsSentence(ClauseTerminators.terminatorOf("es. D", false))).isTrue();
        assertThat(ClauseTerminators.endsSentence(ClauseTerminators.terminatorOf("s it? Y", false))).isTrue();
        assertThat(ClauseTerminators.endsSentence(ClauseTerminators.terminatorOf(" test! I", false))).isTrue();
        assertThat(ClauseTerminators.endsSentence(ClauseTerminators.terminatorOf("first part\n\nS", false))).isTrue();
        assertThat(ClauseTerminators.endsSentence(ClauseTerminators.terminatorOf("中文。你", false))).isTrue();
        assertThat(ClauseTerminators.endsSentence(ClauseTerminators.terminatorOf("元気ですか？り", false))).isTrue();
        assertThat(ClauseTerminators.endsSentence(ClauseTerminators.terminatorOf("こんにちは、元", false))).isFalse();
        assertThat(ClauseTerminators.punctuation(ClauseTerminators.terminatorOf("中文。你", false))).isEmpty();

        assertThat(ClauseTerminators.endsSentence(ClauseTerminators.terminatorOf("Hello,   w", false))).isFalse();
        assertThat(ClauseTerminators.endsSentence(ClauseTerminators.terminatorOf("ne... t", false))).isFalse();
        assertThat(ClauseTerminators.endsSentence(ClauseTerminators.terminatorOf("a long clause w", false))).isFalse();
    }

    @Test
    void lastClauseHasNoLookAhead() {
        assertThat(ClauseTerminators.punctuation(ClauseTerminators.terminatorOf("the end.", true))).isEqualTo(".");
        assertThat(ClauseTerminators.punctuation(ClauseTerminators.terminatorOf("really?\"", true))).isEqualTo("?");
        assertThat(ClauseTerminators.punctuation(ClauseTerminators.terminatorOf("trailing,", true))).isEqualTo(", ");
        assertThat(ClauseTerminators.punctuation(ClauseTerminators.terminatorOf("no mark", true))).isEmpty();
        assertThat(ClauseTerminators.endsSentence(ClauseTerminators.terminatorOf("no mark", true))).isTrue();
    }

    @Test
    void nativeTerminatorsMapAsPiperMapsThem() {
        assertThat(ClauseTerminators.punctuation(ClauseTerminators.CLAUSE_PERIOD)).isEqualTo(".");
        assertThat(ClauseTerminators.punctuation(ClauseTerminators.CLAUSE_QUESTION)).isEqualTo("?");
        assertThat(ClauseTerminators.punctuation(ClauseTerminators.CLAUSE_EXCLAMATION)).isEqualTo("!");
        assertThat(ClauseTerminators.punctuation(ClauseTerminators.CLAUSE_COMMA)).isEqualTo(", ");
        assertThat(ClauseTerminators.punctuation(ClauseTerminators.CLAUSE_COLON)).isEqualTo(": ");
        assertThat(ClauseTerminators.punctuation(ClauseTerminators.CLAUSE_SEMICOLON)).isEqualTo("; ");
        // Bits above the type (speak punctuation name, dot after last word) are masked off.
        assertThat(ClauseTerminators.punctuation(ClauseTerminators.CLAUSE_COMMA | 0x00400000)).isEqualTo(", ");
        assertThat(ClauseTerminators.punctuation(ClauseTerminators.CLAUSE_SEMICOLON | 0x00200000 | 0x00008000)).isEmpty();
    }

    @Test
    void sentencesJoinClausesWithPiperPunctuation() {
        List<String> sentences = EspeakPhonemizer.sentences(List.of(
                new Clause("həlˈoʊ", ", ", false),
                new Clause("wˈɜːld", "!", true),
                new Clause("(en)ðə(de) ɪz", "?", true),
                new Clause("wˈʌn", "", false),
                new Clause("tˈuː", ".", true)));
        assertThat(sentences).containsExactly("həlˈoʊ, wˈɜːld!", "ðə ɪz?", "wˈʌn tˈuː.");
    }
}
