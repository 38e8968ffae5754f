package io.voicerouter.provider.ibm;

import io.voicerouter.text.SentenceSplitter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;

/** Splits text at sentence boundaries so that every piece fits one request, as the service measures it. */
final class TextChunks {
    private TextChunks() {
    }

    /**
     * Pieces of at most {@code maxChars} characters whose {@code cost} (escaped size, bytes) is at
     * most {@code maxCost}, packing whole sentences greedily. Text that fits is sent untouched; the
     * pieces of longer text are joined by single spaces, as {@link SentenceSplitter} does.
     */
    static List<String> split(String text, int maxChars, Locale locale, ToIntFunction<String> cost, int maxCost) {
        if (text.length() <= maxChars && cost.applyAsInt(text) <= maxCost) {
            return List.of(text.strip());
        }
        List<String> units = new ArrayList<>();
        for (String sentence : SentenceSplitter.sentences(text, locale)) {
            units.addAll(fit(sentence, maxChars, locale, cost, maxCost));
        }
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String unit : units) {
            if (current.length() > 0) {
                String joined = current + " " + unit;
                if (joined.length() <= maxChars && cost.applyAsInt(joined) <= maxCost) {
                    current.append(' ').append(unit);
                    continue;
                }
                out.add(current.toString());
                current.setLength(0);
            }
            current.append(unit);
        }
        if (current.length() > 0) {
            out.add(current.toString());
        }
        return out;
    }

    /** One sentence in pieces that fit; escaping can grow a piece, so one that fits by length may be cut finer. */
    private static List<String> fit(String sentence, int limit, Locale locale, ToIntFunction<String> cost, int maxCost) {
        List<String> out = new ArrayList<>();
        for (String piece : SentenceSplitter.chunks(sentence, limit, locale)) {
            int c = cost.applyAsInt(piece);
            if (c <= maxCost || limit <= 1) {
                out.add(piece);
            } else {
                int smaller = (int) Math.max(1, Math.min(piece.length() - 1L, (long) piece.length() * maxCost / c - 1));
                out.addAll(fit(piece, smaller, locale, cost, maxCost));
            }
        }
        return out;
    }
}
