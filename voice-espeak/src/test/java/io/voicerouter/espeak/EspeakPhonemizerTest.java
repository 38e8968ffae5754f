package io.voicerouter.espeak;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class EspeakPhonemizerTest {
    private static EspeakPhonemizer phonemizer;

    @BeforeAll
    static void load() {
        assumeTrue(EspeakTestSupport.libraryAvailable(), "libespeak-ng is not installed");
        phonemizer = EspeakPhonemizer.load();
    }

    @Test
    void keepsPiperPunctuationAndSplitsSentences() {
        List<String> sentences = phonemizer.phonemize("Hello, world; this is: a test! Is it? Yes.", "en-us");

        assertThat(sentences).hasSize(3);
        String first = sentences.get(0);
        assertThat(first).endsWith("!");
        assertThat(first.indexOf(", ")).isPositive();
        assertThat(first.indexOf("; ")).isGreaterThan(first.indexOf(", "));
        assertThat(first.indexOf(": ")).isGreaterThan(first.indexOf("; "));
        assertThat(sentences.get(1)).endsWith("?").doesNotContain(" ?");
        assertThat(sentences.get(2)).endsWith(".");
        assertThat(String.join(" ", sentences)).contains("ˈ").doesNotContain("(").doesNotContain("\n");
    }

    /**
     * Ties as misaki reads them (phonemizer's tie='^'): one between the letters of one phoneme, none
     * between two phonemes spelled alike; the same IPA otherwise, sentences and punctuation included.
     */
    @Test
    void writesTiesBetweenTheLettersOfOnePhonemeWhenAsked() {
        Phonemizer tied = phonemizer.withTies().orElseThrow();
        String text = "Why judge a little bottle? Nutshell, church.";
        List<String> withTies = tied.phonemize(text, "en-us");
        assertThat(String.join(" ", withTies)).contains("a^ɪ").contains("d^ʒ").contains("t^ʃ").doesNotContain("\u0361");
        assertThat(withTies.stream().map(s -> s.replace("^", "")).toList()).isEqualTo(phonemizer.phonemize(text, "en-us"));
        assertThat(tied.withTies()).containsSame(tied);
        assertThat(tied.toString()).contains("tied");
    }

    @Test
    void readsNumbersAsWords() {
        String s = String.join(" ", phonemizer.phonemize("I have 42 apples.", "en-us"));
        // forty-two: no digit survives, and the sentence still ends where the text does.
        assertThat(s).doesNotContainPattern("[0-9]").endsWith(".").contains("fˈoːɹɾi");
    }

    @Test
    void returnsDecomposedUnicode() {
        String german = String.join(" ", phonemizer.phonemize("Ich habe Äpfel.", "de"));
        // "ich" is [ɪç]; Piper's phoneme ids are per code point of the decomposed form: c + U+0327.
        assertThat(german).isEqualTo(Normalizer.normalize(german, Normalizer.Form.NFD))
                .contains("c\u0327").doesNotContain("\u00e7");
    }

    @Test
    void dropsLanguageSwitchFlags() {
        String s = String.join(" ", phonemizer.phonemize("Das ist mein Computer und the Weekend.", "de"));
        assertThat(s).doesNotContain("(en)").doesNotContain("(de)").endsWith(".");
    }

    @Test
    void blankTextHasNoSentences() {
        assertThat(phonemizer.phonemize("   ", "en-us")).isEmpty();
        assertThat(phonemizer.phonemize("", "de")).isEmpty();
    }

    @Test
    void oddInputStaysSafe() {
        assertThat(phonemizer.phonemize("?! ... .", "en-us")).isEmpty();
        // A NUL would end the text for espeak: the words after it must still be there.
        assertThat(String.join(" ", phonemizer.phonemize("one\u0000two", "en-us"))).contains("wˈʌn").contains("tˈuː");
        assertThat(phonemizer.phonemize("Hello!!! World???", "en-us")).containsExactly("həlˈoʊ!", "wˈɜːld?");
        assertThat(phonemizer.phonemize("word ".repeat(2000), "en-us")).isNotEmpty()
                .allSatisfy(s -> assertThat(s).doesNotContain("  "));
    }

    @Test
    void unknownVoiceIsATypedError() {
        assertThatThrownBy(() -> phonemizer.phonemize("Hello.", "xx-nonexistent"))
                .isInstanceOf(EspeakVoiceNotFoundException.class)
                .hasMessageContaining("xx-nonexistent")
                .satisfies(e -> assertThat(((EspeakVoiceNotFoundException) e).voice()).isEqualTo("xx-nonexistent"));
        // espeak's state is still good afterwards.
        assertThat(phonemizer.phonemize("Hello.", "en-us")).hasSize(1);
    }

    @Test
    void acceptsLanguageTagsAndVariantsAsTheEspeakProgramDoes() {
        List<String> french = phonemizer.phonemize("Bonjour tout le monde.", "fr");
        assertThat(phonemizer.phonemize("Bonjour tout le monde.", "fr-fr")).isEqualTo(french);
        assertThat(phonemizer.phonemize("Bonjour tout le monde.", "fr-FR")).isEqualTo(french);
        assertThat(phonemizer.phonemize("Bonjour tout le monde.", "fr-fr+f3")).isEqualTo(french);
        List<String> german = phonemizer.phonemize("Guten Tag.", "de");
        assertThat(phonemizer.phonemize("Guten Tag.", "de-DE")).isEqualTo(german);
        // A tag-shaped name whose prefix is a language must not silently pick that language.
        assertThatThrownBy(() -> phonemizer.phonemize("Hei.", "no-such-voice"))
                .isInstanceOf(EspeakVoiceNotFoundException.class);
    }

    @Test
    void concurrentCallsGiveTheSameAnswersAsSequentialOnes() throws Exception {
        List<String[]> inputs = List.of(
                new String[]{"en-us", "Hello, world! How are you today? I have 42 apples."},
                new String[]{"de", "Wie geht es dir? Gut, danke! Ich habe 42 Äpfel."},
                new String[]{"fr", "Où est la gare ? C'est loin, très loin !"},
                new String[]{"es", "¿Cómo estás? Tengo 42 manzanas; bien: gracias."});
        List<List<String>> expected = new ArrayList<>();
        for (String[] in : inputs) {
            expected.add(phonemizer.phonemize(in[1], in[0]));
        }
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t;
                results.add(pool.submit(() -> {
                    start.await();
                    boolean same = true;
                    for (int round = 0; round < 25; round++) {
                        int i = (offset + round) % inputs.size();
                        same &= phonemizer.phonemize(inputs.get(i)[1], inputs.get(i)[0]).equals(expected.get(i));
                    }
                    return same;
                }));
            }
            start.countDown();
            for (Future<Boolean> r : results) {
                assertThat(r.get(2, TimeUnit.MINUTES)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closedHandleRefusesWorkButOthersGoOn() {
        EspeakPhonemizer other = EspeakPhonemizer.load();
        other.close();
        assertThatThrownBy(() -> other.phonemize("Hi.", "en-us")).isInstanceOf(IllegalStateException.class);
        assertThat(phonemizer.phonemize("Hi.", "en-us")).hasSize(1);
    }

    @Test
    void reportsVersionAndTerminatorPath() {
        assertThat(phonemizer.espeakVersion()).matches("\\d+\\.\\d+.*");
        // Debian 12's 1.51 lacks espeak_TextToPhonemesWithTerminator; 1.52 builds have it.
        if (phonemizer.espeakVersion().startsWith("1.51")) {
            assertThat(phonemizer.nativeClauseTerminators()).isFalse();
        }
    }
}
