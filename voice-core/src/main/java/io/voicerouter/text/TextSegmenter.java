package io.voicerouter.text;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place text is cut: into sentences, and into pieces that fit a provider's
 * {@link TextLimit}, measured in that provider's unit. A sentence too long for the limit is cut at
 * the gentlest break that fits: clause punctuation, then white space, then a grapheme boundary
 * (never inside a UTF-8 sequence, a surrogate pair, an emoji sequence or a letter with its accents).
 * Pieces are trimmed substrings of the input: nothing is added or re-spaced, and the characters
 * between packed sentences are kept as they were (no space is inserted where the source had none,
 * as in CJK text).
 */
public final class TextSegmenter {
    private static final Pattern GRAPHEME = Pattern.compile("\\X");

    private TextSegmenter() {
    }

    /** Sentences in order, trimmed, empty ones dropped. */
    public static List<String> sentences(String text, Locale locale) {
        List<String> out = new ArrayList<>();
        for (int[] s : sentenceSpans(text, locale)) {
            out.add(text.substring(s[0], s[1]));
        }
        return out;
    }

    /**
     * Pieces that each fit {@code limit}, packing as many whole sentences into one piece as fit;
     * text that fits as a whole is one piece. Blank text gives none.
     *
     * @throws IllegalArgumentException when a single character is longer than the limit
     */
    public static List<String> pieces(String text, TextLimit limit, Locale locale) {
        Measured m = new Measured(text, limit.unit());
        int[] whole = trim(text, 0, text.length());
        if (whole[0] == whole[1]) {
            return List.of();
        }
        if (m.cost(whole[0], whole[1]) <= limit.max()) {
            return List.of(text.substring(whole[0], whole[1]));
        }
        List<int[]> spans = new ArrayList<>();
        for (int[] sentence : sentenceSpans(text, locale)) {
            cut(m, sentence[0], sentence[1], limit.max(), spans);
        }
        List<String> out = new ArrayList<>();
        int start = -1;
        int end = -1;
        for (int[] span : spans) {
            if (start >= 0 && m.cost(start, span[1]) > limit.max()) {
                out.add(text.substring(start, end));
                start = -1;
            }
            if (start < 0) {
                start = span[0];
            }
            end = span[1];
        }
        if (start >= 0) {
            out.add(text.substring(start, end));
        }
        return out;
    }

    /**
     * One piece per sentence, in order, a sentence longer than {@code limit} cut into pieces that fit:
     * what streaming speaks, so the first sentence is heard while the next is made. Text with no
     * sentence in it (only white space) gives none.
     *
     * @throws IllegalArgumentException when a single character is longer than the limit
     */
    public static List<String> sentencePieces(String text, TextLimit limit, Locale locale) {
        Measured m = new Measured(text, limit.unit());
        List<int[]> spans = new ArrayList<>();
        for (int[] sentence : sentenceSpans(text, locale)) {
            cut(m, sentence[0], sentence[1], limit.max(), spans);
        }
        List<String> out = new ArrayList<>(spans.size());
        for (int[] span : spans) {
            out.add(text.substring(span[0], span[1]));
        }
        return out;
    }

    /** [start, end) of each sentence with surrounding white space excluded. */
    private static List<int[]> sentenceSpans(String text, Locale locale) {
        BreakIterator it = BreakIterator.getSentenceInstance(locale);
        it.setText(text);
        List<int[]> out = new ArrayList<>();
        int start = it.first();
        for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
            int[] span = trim(text, start, end);
            if (span[0] < span[1]) {
                out.add(span);
            }
        }
        return out;
    }

    /** Adds [start, end) to {@code out}, cut into spans that each cost at most {@code max}. */
    private static void cut(Measured m, int start, int end, int max, List<int[]> out) {
        while (start < end && m.cost(start, end) > max) {
            int at = breakBefore(m, start, end, max);
            int[] head = trim(m.text, start, at);
            if (head[0] < head[1]) {
                out.add(head);
            }
            start = trim(m.text, at, end)[0];
        }
        if (start < end) {
            out.add(new int[] {start, end});
        }
    }

    /** Where to cut [start, end) so that [start, cut) costs at most {@code max}; always past {@code start}. */
    private static int breakBefore(Measured m, int start, int end, int max) {
        String text = m.text;
        int fits = m.lastFitting(start, max); // [start, fits) is the longest prefix within the limit
        for (int i = fits; i > start + (fits - start) / 3; i--) {
            if (isClauseEnd(text.charAt(i - 1)) && isGraphemeBoundary(text, start, end, i)) {
                return i;
            }
        }
        for (int i = Math.min(fits, end - 1); i > start; i--) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        int boundary = lastGraphemeBoundary(text, start, end, fits);
        if (boundary > start) {
            return boundary;
        }
        // One grapheme (an emoji sequence, say) is longer than the limit: cut it between code points
        // (lastFitting never stops inside a surrogate pair, so neither does this).
        if (fits > start) {
            return fits;
        }
        int cp = text.codePointAt(start);
        throw new IllegalArgumentException("one character (U+" + Integer.toHexString(cp).toUpperCase(Locale.ROOT)
                + ") is " + m.cost(start, start + Character.charCount(cp)) + " long, more than the limit " + max);
    }

    private static boolean isClauseEnd(char c) {
        return c == ',' || c == ';' || c == ':' || c == '\u3001' || c == '\uFF0C' || c == '\uFF1B' || c == '\uFF1A';
    }

    private static boolean isGraphemeBoundary(String text, int start, int end, int at) {
        return lastGraphemeBoundary(text, start, end, at) == at;
    }

    /** The last grapheme boundary at or before {@code limit} in [start, end), counted from {@code start}. */
    private static int lastGraphemeBoundary(String text, int start, int end, int limit) {
        Matcher g = GRAPHEME.matcher(text).region(start, end);
        int last = start;
        while (g.find() && g.end() <= limit) {
            last = g.end();
        }
        return last;
    }

    private static int[] trim(String text, int start, int end) {
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return new int[] {start, end};
    }

    /** The text with the running cost of every prefix, so any span's cost is one subtraction. */
    private static final class Measured {
        final String text;
        /** prefix[i] = cost of text[0, i); a surrogate pair's cost is counted at its high half. */
        private final long[] prefix;

        Measured(String text, TextUnit unit) {
            this.text = text;
            this.prefix = new long[text.length() + 1];
            for (int i = 0; i < text.length(); ) {
                int cp = text.codePointAt(i);
                int n = Character.charCount(cp);
                prefix[i + 1] = prefix[i] + unit.cost(cp);
                if (n == 2) {
                    prefix[i + 2] = prefix[i + 1];
                }
                i += n;
            }
        }

        long cost(int start, int end) {
            return prefix[end] - prefix[start];
        }

        /** The largest i with cost(start, i) <= max (prefix costs never decrease, so: binary search). */
        int lastFitting(int start, int max) {
            int lo = start;
            int hi = text.length();
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (cost(start, mid) <= max) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            return lo;
        }
    }
}
