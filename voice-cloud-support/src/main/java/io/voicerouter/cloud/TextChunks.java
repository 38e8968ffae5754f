package io.voicerouter.cloud;

import io.voicerouter.text.SentenceSplitter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;

/**
 * Cuts text into pieces that each fit one request, at sentence boundaries where possible (see
 * {@link SentenceSplitter}). Every piece is a trimmed substring of the input: the characters between
 * packed sentences stay as they were, and no space is inserted where the text had none.
 */
public final class TextChunks {
    private TextChunks() {
    }

    /** Pieces of at most {@code maxChars} UTF-16 characters; none for blank text. */
    public static List<String> byChars(String text, int maxChars, Locale locale) {
        return split(text, maxChars, locale, String::length, maxChars);
    }

    /** Pieces of at most {@code maxBytes} bytes in UTF-8; none for blank text. */
    public static List<String> byUtf8Bytes(String text, int maxBytes, Locale locale) {
        return split(text, maxBytes, locale, TextChunks::utf8Length, maxBytes);
    }

    /**
     * Pieces of at most {@code maxChars} characters whose {@code cost} (as the service measures a
     * request: escaped length, bytes, markup around it) is at most {@code maxCost}, packing whole
     * sentences greedily. A piece that fits by length but not by cost is cut finer. Text that fits
     * as a whole comes back as one piece, stripped; blank text gives no pieces.
     *
     * @throws IllegalArgumentException when a limit is not positive, or a single character costs more than {@code maxCost}
     */
    public static List<String> split(String text, int maxChars, Locale locale, ToIntFunction<String> cost, int maxCost) {
        if (maxChars <= 0 || maxCost <= 0) {
            throw new IllegalArgumentException("limits must be positive: maxChars " + maxChars + ", maxCost " + maxCost);
        }
        String whole = text.strip();
        if (whole.isEmpty()) {
            return List.of();
        }
        if (whole.length() <= maxChars && cost.applyAsInt(whole) <= maxCost) {
            return List.of(whole);
        }
        List<String> pieces = new ArrayList<>();
        fit(whole, maxChars, locale, cost, maxCost, pieces);
        return pack(whole, pieces, maxChars, cost, maxCost);
    }

    public static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Pieces that fit, in order; escaping or multi-byte characters can make one that fits by length cost too much. */
    private static void fit(String text, int limit, Locale locale, ToIntFunction<String> cost, int maxCost, List<String> out) {
        for (String piece : SentenceSplitter.chunks(text, limit, locale)) {
            int c = cost.applyAsInt(piece);
            if (c <= maxCost) {
                out.add(piece);
                continue;
            }
            // Shrink in proportion to the excess, and always by at least one character, so this ends.
            int smaller = (int) Math.min(piece.length() - 1L, (long) piece.length() * maxCost / c);
            if (smaller >= 2) {
                fit(piece, smaller, locale, cost, maxCost, out);
            } else {
                // Below two characters the splitter could cut a surrogate pair: go by code points.
                piece.codePoints().filter(cp -> !Character.isWhitespace(cp)).forEach(cp -> {
                    String one = Character.toString(cp);
                    if (cost.applyAsInt(one) > maxCost) {
                        throw new IllegalArgumentException("one character costs " + cost.applyAsInt(one)
                                + ", more than the limit " + maxCost);
                    }
                    out.add(one);
                });
            }
        }
    }

    /**
     * Joins neighbouring pieces again where the joined span still fits: pieces cut finer for cost
     * come out of {@link #fit} smaller than they need to be. The span is taken from {@code text},
     * so what separated two pieces is kept.
     */
    private static List<String> pack(String text, List<String> pieces, int maxChars, ToIntFunction<String> cost, int maxCost) {
        List<String> out = new ArrayList<>();
        int from = 0;
        int start = -1;
        int end = -1;
        for (String piece : pieces) {
            int at = text.indexOf(piece, from);
            int stop = at + piece.length();
            from = stop;
            if (start >= 0) {
                String joined = text.substring(start, stop);
                if (joined.length() <= maxChars && cost.applyAsInt(joined) <= maxCost) {
                    end = stop;
                    continue;
                }
                out.add(text.substring(start, end));
            }
            start = at;
            end = stop;
        }
        if (start >= 0) {
            out.add(text.substring(start, end));
        }
        return out;
    }
}
