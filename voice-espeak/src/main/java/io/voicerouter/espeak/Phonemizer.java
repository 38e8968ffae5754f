package io.voicerouter.espeak;

import java.util.List;

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
}
