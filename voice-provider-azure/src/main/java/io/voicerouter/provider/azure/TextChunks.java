package io.voicerouter.provider.azure;

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
     * most {@code maxCost}: escaping can grow a piece several times, so a piece that fits by
     * characters but not by cost is split again, more finely.
     */
    static List<String> split(String text, int maxChars, Locale locale, ToIntFunction<String> cost, int maxCost) {
        if (text.length() <= maxChars && cost.applyAsInt(text) <= maxCost) {
            return List.of(text.strip()); // sent untouched: the splitter normalizes white space
        }
        List<String> out = new ArrayList<>();
        for (String piece : SentenceSplitter.chunks(text, maxChars, locale)) {
            int c = cost.applyAsInt(piece);
            if (c <= maxCost || maxChars <= 1) {
                out.add(piece);
            } else {
                int smaller = Math.max(1, (int) ((long) maxChars * maxCost / c) - 1);
                out.addAll(split(piece, Math.min(smaller, maxChars / 2 + 1), locale, cost, maxCost));
            }
        }
        return out;
    }
}
