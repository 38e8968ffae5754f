package io.voicerouter.provider.piper;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClauseSplitterTest {
    private static List<String> p(String s) {
        return PhonemeIds.codepoints(s);
    }

    @Test
    void splitsAtTheFirstClauseMarkThatLeavesTwoRealPieces() {
        String a = "ɐlðˈoʊ ðə fˈɔːɹkæst";  // 19 code points
        String b = "ðə skˈaɪ stˈeɪd klˈɪɹ";
        assertThat(ClauseSplitter.splitFirst(p(a + ", " + b + "."))).containsExactly(p(a + ","), p(b + "."));
        assertThat(ClauseSplitter.splitFirst(p(a + "; " + b + "."))).containsExactly(p(a + ";"), p(b + "."));
    }

    @Test
    void aShortLeadingClauseIsNotSplitOff() {
        String rest = "ðə skˈaɪ stˈeɪd klˈɪɹ ænd bɹˈaɪt, ænd ðə tʃˈɪldɹən plˈeɪd";
        List<List<String>> out = ClauseSplitter.splitFirst(p("wˈɛl, " + rest + "."));
        assertThat(out).hasSize(2);
        assertThat(String.join("", out.get(0))).startsWith("wˈɛl, ").endsWith(",");
    }

    @Test
    void sentencesWithoutAClauseOrTooShortStayWhole() {
        assertThat(ClauseSplitter.splitFirst(p("ðə kwˈɪk bɹˈaʊn fˈɑːks dʒˈʌmps ˌoʊvɚ ðə lˈeɪzi dˈɑːɡ.")))
                .hasSize(1);
        assertThat(ClauseSplitter.splitFirst(p("jˈɛs, aɪ nˈoʊ."))).hasSize(1);
        assertThat(ClauseSplitter.splitFirst(p("ðə kwˈɪk bɹˈaʊn fˈɑːks, jˈɛs."))).hasSize(1);
    }
}
