package io.voicerouter.provider.styletts2;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns phonemizer output into model calls: keeps only symbols in the model's vocabulary, makes
 * one call per sentence, and splits a sentence longer than {@code maxPhonemes} symbols on its last
 * word boundary (or, for a single endless word, anywhere). Stateless.
 */
final class PhonemeChunker {
    private PhonemeChunker() {
    }

    /** {@code phonemes} with every code point the vocabulary lacks removed. */
    static String filter(String phonemes, Map<Integer, Long> vocab) {
        StringBuilder sb = new StringBuilder();
        phonemes.codePoints().filter(vocab::containsKey).forEach(sb::appendCodePoint);
        return sb.toString().strip();
    }

    /**
     * One model call per sentence, so that streaming can start after the first sentence and
     * streamed and whole output are the same calls; a sentence over {@code maxPhonemes} is split.
     * Sentences with no known symbol are dropped.
     */
    static List<String> chunks(List<String> sentences, Map<Integer, Long> vocab, int maxPhonemes) {
        List<String> out = new ArrayList<>();
        for (String sentence : sentences) {
            out.addAll(splitLong(filter(sentence, vocab), maxPhonemes));
        }
        return out;
    }

    /** Token ids: a leading 0, the symbols, and a trailing 0 when {@code padEnd} (Kokoro). */
    static long[] tokens(String phonemes, Map<Integer, Long> vocab, boolean padEnd) {
        int[] cps = phonemes.codePoints().filter(vocab::containsKey).toArray();
        long[] out = new long[cps.length + (padEnd ? 2 : 1)];
        for (int i = 0; i < cps.length; i++) {
            out[i + 1] = vocab.get(cps[i]);
        }
        return out;
    }

    static int count(CharSequence s) {
        return Character.codePointCount(s, 0, s.length());
    }

    private static List<String> splitLong(String s, int max) {
        List<String> out = new ArrayList<>();
        String rest = s;
        while (count(rest) > max) {
            int cutIndex = rest.offsetByCodePoints(0, max);
            int space = rest.lastIndexOf(' ', cutIndex);
            int cut = space > 0 ? space : cutIndex;
            out.add(rest.substring(0, cut).strip());
            rest = rest.substring(cut).strip();
        }
        if (!rest.isEmpty()) {
            out.add(rest);
        }
        return out;
    }
}
