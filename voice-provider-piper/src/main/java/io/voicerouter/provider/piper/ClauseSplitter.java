package io.voicerouter.provider.piper;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits a long first sentence at a clause boundary, so a stream's first audio comes from a short
 * piece (what RealtimeTTS and Pipecat do for first audio). Works on the phonemes espeak-ng returns,
 * which keep the text's clause punctuation. A piece ends after its punctuation mark, so the model
 * still hears the pause there; the space after the mark is dropped, as a sentence start has none.
 */
final class ClauseSplitter {
    /** Clause marks in espeak-ng's output: comma, semicolon, colon and the dashes. */
    private static final Set<String> MARKS = Set.of(",", ";", ":", "—", "–");
    /**
     * The shortest piece worth making alone, in phonemes (about a second of speech): a shorter first
     * piece would gain little time and sound clipped ("Well,").
     */
    static final int MIN_PIECE = 16;

    private ClauseSplitter() {
    }

    /**
     * {@code phonemes} as one or two pieces: split at the first clause mark that leaves at least
     * {@link #MIN_PIECE} phonemes on each side, else whole.
     */
    static List<List<String>> splitFirst(List<String> phonemes) {
        for (int i = MIN_PIECE - 1; i < phonemes.size() - MIN_PIECE; i++) {
            if (MARKS.contains(phonemes.get(i))) {
                int rest = i + 1;
                while (rest < phonemes.size() && phonemes.get(rest).isBlank()) {
                    rest++;
                }
                if (phonemes.size() - rest < MIN_PIECE) {
                    break;
                }
                List<List<String>> out = new ArrayList<>(2);
                out.add(List.copyOf(phonemes.subList(0, i + 1)));
                out.add(List.copyOf(phonemes.subList(rest, phonemes.size())));
                return out;
            }
        }
        return List.of(phonemes);
    }
}
