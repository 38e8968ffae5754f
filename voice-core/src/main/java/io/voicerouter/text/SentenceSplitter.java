package io.voicerouter.text;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits text into sentences, and long sentences into pieces no longer than a limit, at the
 * gentlest break available: sentence end, then clause punctuation, then white space, then anywhere.
 * Joining the pieces with single spaces gives back the text with white space collapsed.
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
     * packing several short sentences into one piece.
     */
    public static List<String> chunks(String text, int maxChars, Locale locale) {
        if (maxChars <= 0) {
            throw new IllegalArgumentException("maxChars must be positive");
        }
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String sentence : sentences(text, locale)) {
            for (String piece : splitLong(sentence, maxChars)) {
                if (current.length() > 0 && current.length() + 1 + piece.length() > maxChars) {
                    out.add(current.toString());
                    current.setLength(0);
                }
                if (current.length() > 0) {
                    current.append(' ');
                }
                current.append(piece);
            }
        }
        if (current.length() > 0) {
            out.add(current.toString());
        }
        return out;
    }

    private static List<String> splitLong(String sentence, int maxChars) {
        List<String> out = new ArrayList<>();
        String rest = sentence.strip();
        while (rest.length() > maxChars) {
            int cut = lastBreak(rest, maxChars);
            out.add(rest.substring(0, cut).strip());
            rest = rest.substring(cut).strip();
        }
        if (!rest.isEmpty()) {
            out.add(rest);
        }
        return out;
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
