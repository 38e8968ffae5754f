package io.voicerouter.espeak;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The phonemizer agrees with what {@code espeak-ng -q --ipa -v <voice>} prints for the same text.
 *
 * <p>The two differ in form, not in phonemes, and the comparison normalizes exactly that:
 * <ul>
 *   <li>Clause boundaries. The program prints each clause on its own line; the phonemizer joins
 *       clauses into sentences with Piper's punctuation ({@code . ? !}, or {@code , : ;} and a
 *       space). Both are cut back into clauses (program: lines; phonemizer: at that punctuation) and
 *       compared clause by clause, in order.</li>
 *   <li>Language switch flags such as {@code (en)...(de)}, which the program prints and Piper removes.</li>
 *   <li>Unicode form: the phonemizer returns NFD (Piper's one-code-point-per-phoneme form), the
 *       program prints NFC.</li>
 *   <li>The tonic of a clause with no primary stress. The program prints phonemes from espeak's
 *       synthesis path, whose intonation step promotes the last stressed syllable (or the last
 *       syllable) of such a clause to primary stress ({@code ɪz ɪt} prints as {@code ɪz ˈɪt}).
 *       Piper voices were trained on {@code espeak_TextToPhonemes}, which stops before that step,
 *       so the phonemizer keeps the unpromoted stress. Only for a clause whose phonemizer output has
 *       no {@code ˈ} are stress marks ignored, and the program's line must then hold exactly one
 *       {@code ˈ}; every other clause must match exactly.</li>
 * </ul>
 */
class EspeakPhonemizerCliTest {
    private static EspeakPhonemizer phonemizer;

    @BeforeAll
    static void load() {
        assumeTrue(EspeakCli.available(), "the espeak-ng program is not installed");
        phonemizer = EspeakPhonemizer.load();
    }

    static Stream<Arguments> sentences() {
        return Stream.of(
                Arguments.of("en-us", "I have 42 apples."),
                Arguments.of("en-us", "Hello, world; this is: a test! Is it? Yes."),
                Arguments.of("en-us", "Is it raining in London today?"),
                Arguments.of("en-us", "Wait, what? That costs 3.50 dollars, and 1,200 people paid it!"),
                Arguments.of("en-us", "Dr. Smith arrived at 10:30 on May 5th, didn't he?"),
                Arguments.of("en-us", "The year 1999 was \"strange\" (really)."),
                Arguments.of("de", "Ich habe 42 Äpfel."),
                Arguments.of("de", "Wie geht es dir? Gut, danke!"),
                Arguments.of("de", "Das ist mein Haus; es ist groß: sehr groß."),
                Arguments.of("de", "Am Montag kommen 1250 Gäste, oder nicht?"),
                Arguments.of("fr", "J'ai 42 pommes, et toi ?"),
                Arguments.of("fr", "Où est la gare ? C'est loin !"),
                Arguments.of("fr", "Il fait beau; allons-y: maintenant."),
                Arguments.of("es", "¿Cómo estás? Tengo 42 manzanas."),
                Arguments.of("es", "¡Hola, señor! Bien; gracias: adiós."),
                Arguments.of("es", "El tren sale a las 10:30, ¿verdad?"),
                Arguments.of("it", "Ho 42 mele, e tu? Benissimo!"),
                Arguments.of("ru", "Привет, мир! Как дела? У меня 42 яблока."),
                Arguments.of("pt-br", "Olá, tudo bem? Eu tenho 42 anos; obrigado: tchau!"),
                Arguments.of("nl", "Hallo, hoe gaat het? Ik heb 42 appels!"),
                // Arabic comma and question mark, Greek question mark, Devanagari danda.
                Arguments.of("ar", "مرحبا، كيف حالك؟ عندي 42 تفاحة."),
                Arguments.of("el", "Γεια σου, τι κάνεις\u037e Έχω 42 μήλα."),
                Arguments.of("hi", "नमस्ते, आप कैसे हैं? मेरे पास 42 सेब हैं।"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("sentences")
    void matchesTheEspeakProgram(String voice, String text) throws Exception {
        List<String> expected = new ArrayList<>();
        for (String line : EspeakCli.ipaLines(voice, text)) {
            String clause = normalize(line);
            if (!clause.isEmpty()) {
                expected.add(clause);
            }
        }
        List<String> actual = clausesOf(phonemizer.phonemize(text, voice));

        assertThat(actual).as("clauses of %s", text).hasSameSizeAs(expected);
        for (int i = 0; i < actual.size(); i++) {
            String ours = actual.get(i);
            String theirs = expected.get(i);
            if (ours.contains("ˈ")) {
                assertThat(ours).as("clause %d of %s", i, text).isEqualTo(theirs);
            } else {
                assertThat(theirs.chars().filter(c -> c == 'ˈ').count()).as("tonic of clause %d of %s", i, text)
                        .isEqualTo(1);
                assertThat(withoutStress(ours)).as("clause %d of %s", i, text).isEqualTo(withoutStress(theirs));
            }
        }
    }

    /** Cuts phonemizer sentences back into clauses at the punctuation Piper appended. */
    static List<String> clausesOf(List<String> sentences) {
        List<String> out = new ArrayList<>();
        for (String sentence : sentences) {
            for (String clause : sentence.split("[.?!,:;]")) {
                String c = clause.strip();
                if (!c.isEmpty()) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    private static String normalize(String cliLine) {
        String noFlags = cliLine.replaceAll("\\([^)]*\\)", "");
        return Normalizer.normalize(noFlags.strip(), Normalizer.Form.NFD);
    }

    private static String withoutStress(String s) {
        return s.replace("ˈ", "").replace("ˌ", "");
    }
}
