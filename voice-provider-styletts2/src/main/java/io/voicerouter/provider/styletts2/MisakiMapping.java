package io.voicerouter.provider.styletts2;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * espeak-ng IPA to the symbols Kokoro v1.0 was trained on (misaki's), as misaki's own espeak code
 * maps them: {@code EspeakFallback} for English (en-us, en-gb) and {@code EspeakG2P} for the other
 * espeak languages (es, fr-fr, hi, it, pt-br), both in their Kokoro v1.0 form ({@code version=None}).
 * Written from reading hexgrad/misaki's {@code misaki/espeak.py}; checked against pairs that misaki's
 * code itself made ({@code tools/styletts2/make_misaki_reference.py}).
 *
 * <p>misaki reads espeak-ng output with a {@code ^} tie between the letters of one phoneme
 * ({@code a^ɪ} is one diphthong, {@code aɪ} two phonemes). voice-espeak's phonemizer gives IPA
 * without ties, so {@link #restoreTies} puts them back: always for the pairs that are one phoneme
 * in espeak's English and Romance inventories, and by context for {@code əl} and {@code ːɹ}, which
 * espeak writes both ways. That context rule is a heuristic; the module README gives its measured
 * agreement with the tied path. Stateless and thread-safe.
 */
final class MisakiMapping {
    /** EspeakFallback.E2M in misaki's order: longest key first, ties kept in insertion order. */
    private static final List<String[]> ENGLISH = List.of(
            r("ʔˌn\u0329", "ʔn"), r("ʔn\u0329", "ʔn"),
            r("a^ɪ", "I"), r("a^ʊ", "W"), r("d^ʒ", "ʤ"), r("e^ɪ", "A"), r("t^ʃ", "ʧ"), r("ɔ^ɪ", "Y"), r("ə^l", "ᵊl"),
            r("ʲo", "jo"), r("ʲə", "jə"),
            r("e", "A"), r("ʲ", ""), r("ɚ", "əɹ"), r("r", "ɹ"), r("x", "k"), r("ç", "k"), r("ɐ", "ə"), r("ɬ", "l"),
            r("\u0303", ""));
    /** EspeakG2P.e2m for version None, sorted as misaki sorts it. */
    private static final List<String[]> OTHER = List.of(
            r("a^ɪ", "I"), r("a^ʊ", "W"), r("d^z", "ʣ"), r("d^ʒ", "ʤ"), r("e^ɪ", "A"), r("o^ʊ", "O"), r("s^s", "S"),
            r("t^s", "ʦ"), r("t^ʃ", "ʧ"), r("ɔ^ɪ", "Y"), r("ə^ʊ", "Q"));
    private static final Pattern SYLLABIC = Pattern.compile("(\\S)\u0329");
    /** Pairs espeak always writes tied (one phoneme), per inventory. */
    private static final List<String> TIED_ENGLISH_US = List.of("aɪ", "aʊ", "eɪ", "ɔɪ", "dʒ", "tʃ", "oʊ", "iə");
    private static final List<String> TIED_ENGLISH_GB = List.of("aɪ", "aʊ", "eɪ", "ɔɪ", "dʒ", "tʃ", "eə", "əʊ");
    private static final List<String> TIED_OTHER = List.of("aɪ", "aʊ", "dz", "dʒ", "eɪ", "oʊ", "ss", "ts", "tʃ", "ɔɪ", "əʊ");
    private static final String VOWELS = "aeiouyɑɐɒæɔəɛɜɪʊʌᵻɚøœɯɤɨʉ";
    private static final String STRESS = "ˈˌ";

    private MisakiMapping() {
    }

    private static String[] r(String from, String to) {
        return new String[] {from, to};
    }

    /** Whether misaki maps espeak output for this espeak voice: English and Kokoro's espeak languages. */
    static boolean english(String espeakVoice) {
        return espeakVoice.toLowerCase(Locale.ROOT).startsWith("en");
    }

    static boolean british(String espeakVoice) {
        String v = espeakVoice.toLowerCase(Locale.ROOT);
        return v.startsWith("en-gb") || v.equals("en") || v.startsWith("en-uk") || v.startsWith("en+");
    }

    /** Maps untied espeak IPA (voice-espeak's output) spoken with {@code espeakVoice}. */
    static String fromEspeak(String ipa, String espeakVoice) {
        return fromTiedEspeak(restoreTies(ipa, espeakVoice), espeakVoice);
    }

    /** Maps espeak IPA with {@code ^} ties exactly as misaki does. */
    static String fromTiedEspeak(String tied, String espeakVoice) {
        return english(espeakVoice) ? fallback(tied, british(espeakVoice)) : espeakG2P(tied);
    }

    /** misaki's EspeakFallback.__call__ after the backend, for one or more words. */
    static String fallback(String ps, boolean british) {
        ps = ps.strip();
        for (String[] rule : ENGLISH) {
            ps = ps.replace(rule[0], rule[1]);
        }
        ps = SYLLABIC.matcher(ps).replaceAll("ᵊ$1").replace("\u0329", "");
        if (british) {
            ps = ps.replace("e^ə", "ɛː").replace("iə", "ɪə").replace("ə^ʊ", "Q");
        } else {
            ps = ps.replace("o^ʊ", "O").replace("ɜːɹ", "ɜɹ").replace("ɜː", "ɜɹ").replace("ɪə", "iə").replace("ː", "");
        }
        ps = ps.replace("o", "ɔ"); // misaki: "for espeak < 1.52"
        ps = ps.replace("ɾ", "T").replace("ʔ", "t"); // misaki applies these unless version == '2.0'
        return ps.replace("^", "");
    }

    /** misaki's EspeakG2P.__call__ after the backend (version None: Kokoro v1.0). */
    static String espeakG2P(String ps) {
        ps = ps.strip();
        for (String[] rule : OTHER) {
            ps = ps.replace(rule[0], rule[1]);
        }
        return ps.replace("^", "").replace("-", "");
    }

    /**
     * Puts back the {@code ^} ties espeak-ng writes between the letters of one phoneme, from IPA
     * without them. Exact for the pairs that are always one phoneme; by context for syllabic
     * {@code əl} (tied after a consonant when no vowel follows), {@code ːɹ} (tied unless a vowel
     * follows: then the ɹ opens the next syllable) and British {@code iə} (tied when stressed).
     * {@code tʃ} is tied always, although espeak writes t + ʃ across a morpheme seam ("nutshell").
     */
    static String restoreTies(String ipa, String espeakVoice) {
        boolean english = english(espeakVoice);
        List<String> pairs = !english ? TIED_OTHER : british(espeakVoice) ? TIED_ENGLISH_GB : TIED_ENGLISH_US;
        StringBuilder out = new StringBuilder(ipa.length() + 16);
        int n = ipa.length();
        for (int i = 0; i < n; i++) {
            char c = ipa.charAt(i);
            out.append(c);
            if (i + 1 >= n || (i > 0 && out.length() >= 2 && out.charAt(out.length() - 2) == '^')) {
                continue; // the second letter of a tied pair never starts another
            }
            char next = ipa.charAt(i + 1);
            String pair = "" + c + next;
            if (pairs.contains(pair)) {
                out.append('^');
            } else if (english && pair.equals("əl") && consonant(i > 0 ? ipa.charAt(i - 1) : ' ')
                    && !vowelFollows(ipa, i + 2)) {
                out.append('^');
            } else if (english && pair.equals("ːɹ") && !vowelFollows(ipa, i + 2)) {
                out.append('^');
            } else if (english && pair.equals("iə") && i > 0 && STRESS.indexOf(ipa.charAt(i - 1)) >= 0) {
                out.append('^'); // British NEAR (stressed i^ə); an unstressed "-ier" is i + ə
            }
        }
        return out.toString();
    }

    private static boolean consonant(char c) {
        return Character.isLetter(c) && VOWELS.indexOf(c) < 0 && c != 'ː';
    }

    /** Whether a vowel comes next at {@code i}, a stress mark before it allowed. */
    private static boolean vowelFollows(String s, int i) {
        if (i < s.length() && STRESS.indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        return i < s.length() && VOWELS.indexOf(s.charAt(i)) >= 0;
    }
}
