package io.voicerouter.text;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits text into sentences, and long sentences into pieces no longer than a limit, at the
 * gentlest break available: sentence end, then clause punctuation, then white space, then anywhere.
 * Pieces are substrings of the input, so nothing is added or re-spaced.
 */
public final class SentenceSplitter {
    private SentenceSplitter() {
    }

    /** Sentences in order, trimmed, empty ones dropped. */
    public static List<String> sentences(String text, Locale locale) {
        BreakIterator it = BreakIterator.getSentenceInstance(locale);
        it.setText(text);
        List<String> out = new ArrayList<>();
        int start = it.first();
        for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
            String s = text.substring(start, end).strip();
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * Pieces of at most {@code maxChars} characters, each made of whole sentences where possible,
     * packing several short sentences into one piece. Each piece is a trimmed substring of
     * {@code text}: the characters between packed sentences are kept as they were (no space is
     * inserted where the source had none, as in CJK text or markup).
     */
    public static List<String> chunks(String text, int maxChars, Locale locale) {
        if (maxChars <= 0) {
            throw new IllegalArgumentException("maxChars must be positive");
        }
        List<int[]> pieces = new ArrayList<>();
        for (int[] sentence : sentenceSpans(text, locale)) {
            splitLong(text, sentence[0], sentence[1], maxChars, pieces);
        }
        List<String> out = new ArrayList<>();
        int chunkStart = -1;
        int chunkEnd = -1;
        for (int[] piece : pieces) {
            if (chunkStart >= 0 && piece[1] - chunkStart > maxChars) {
                out.add(text.substring(chunkStart, chunkEnd));
                chunkStart = -1;
            }
            if (chunkStart < 0) {
                chunkStart = piece[0];
            }
            chunkEnd = piece[1];
        }
        if (chunkStart >= 0) {
            out.add(text.substring(chunkStart, chunkEnd));
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

    private static void splitLong(String text, int start, int end, int maxChars, List<int[]> out) {
        while (end - start > maxChars) {
            int cut = start + lastBreak(text.substring(start, end), maxChars);
            int[] head = trim(text, start, cut);
            if (head[0] < head[1]) {
                out.add(head);
            }
            start = trim(text, cut, end)[0];
        }
        if (start < end) {
            out.add(new int[] {start, end});
        }
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

    private static int lastBreak(String s, int maxChars) {
        for (int i = maxChars; i > maxChars / 3; i--) {
            char c = s.charAt(i - 1);
            if (c == ',' || c == ';' || c == ':' || c == '\u3001' || c == '\uFF0C') {
                return i;
            }
        }
        for (int i = maxChars; i > 0; i--) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        int cut = maxChars;
        if (Character.isLowSurrogate(s.charAt(cut))) {
            cut--;
        }
        return cut;
    }
}
