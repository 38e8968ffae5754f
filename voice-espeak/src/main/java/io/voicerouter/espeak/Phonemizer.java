package io.voicerouter.espeak;

import java.util.List;
import java.util.Optional;

/**
 * Turns text into IPA phonemes the way Piper voices were trained: one string per sentence, with
 * stress marks, and clause punctuation kept as Piper keeps it ({@code . ? !} appended to the
 * sentence, {@code , : ;} appended followed by a space). Thread-safe.
 */
public interface Phonemizer {
    /**
     * @param text  the text to phonemize
     * @param voice an espeak-ng voice name such as {@code en-us} or {@code de}
     * @return one IPA string per sentence, in order
     */
    List<String> phonemize(String text, String voice);

    /**
     * This phonemizer writing a {@code ^} tie between the letters of one multi-letter phoneme
     * ({@code a^ɪ}, {@code t^ʃ}, {@code ə^l} for a syllabic l) and nothing between two phonemes
     * that happen to be spelled alike ({@code aɪ} across a syllable seam), as espeak-ng marks them.
     * This is what misaki (Kokoro's G2P) reads: phonemizer's {@code tie='^'}. Empty when the
     * phonemizer cannot tell the two apart.
     */
    default Optional<Phonemizer> withTies() {
        return Optional.empty();
    }
}
