package io.voicerouter.espeak;

/**
 * Works out how a clause ended, in Piper's terms: the punctuation to append ({@code . ? !} close a
 * sentence, {@code , : ;} do not) and whether a sentence ends there.
 *
 * <p>espeak-ng builds with {@code espeak_TextToPhonemesWithTerminator} report the clause type
 * directly ({@link #fromNative}). The stock 1.51 library only advances the text pointer, so
 * {@link #fromConsumedText} reads the punctuation back out of the text espeak consumed for the clause.
 * Both give what piper1-gpl gives: the terminator masked to pause, intonation and type and compared
 * exactly, so an ellipsis or an inverted {@code ¿} ends a clause with no punctuation, and a dash is
 * a semicolon.
 */
final class ClauseTerminators {
    // speak_lib's readclause.h values.
    private static final int CLAUSE_TYPE_CLAUSE = 0x00040000;
    private static final int CLAUSE_TYPE_SENTENCE = 0x00080000;
    private static final int CLAUSE_INTONATION_COMMA = 0x00001000;
    private static final int CLAUSE_INTONATION_QUESTION = 0x00002000;
    private static final int CLAUSE_INTONATION_EXCLAMATION = 0x00003000;
    private static final int CLAUSE_OPTIONAL_SPACE_AFTER = 0x00008000;

    static final int CLAUSE_PERIOD = 40 | CLAUSE_TYPE_SENTENCE;
    static final int CLAUSE_COMMA = 20 | CLAUSE_INTONATION_COMMA | CLAUSE_TYPE_CLAUSE;
    static final int CLAUSE_QUESTION = 40 | CLAUSE_INTONATION_QUESTION | CLAUSE_TYPE_SENTENCE;
    static final int CLAUSE_EXCLAMATION = 45 | CLAUSE_INTONATION_EXCLAMATION | CLAUSE_TYPE_SENTENCE;
    static final int CLAUSE_COLON = 30 | CLAUSE_TYPE_CLAUSE;
    static final int CLAUSE_SEMICOLON = 30 | CLAUSE_INTONATION_COMMA | CLAUSE_TYPE_CLAUSE;
    /** A sentence end with no punctuation to keep: a paragraph break, or {@code 。} and its kin. */
    static final int CLAUSE_SENTENCE_UNMARKED = 40 | CLAUSE_TYPE_SENTENCE | CLAUSE_OPTIONAL_SPACE_AFTER;
    /** A clause end with no punctuation to keep: ellipsis, {@code ¿ ¡}, or no punctuation at all. */
    static final int CLAUSE_UNMARKED = 30 | CLAUSE_INTONATION_COMMA | CLAUSE_TYPE_CLAUSE | CLAUSE_OPTIONAL_SPACE_AFTER;
    static final int CLAUSE_NONE = 0;

    private ClauseTerminators() {
    }

    /** The punctuation Piper appends for an espeak-ng clause terminator value. */
    static String punctuation(int terminator) {
        return switch (terminator & 0x000FFFFF) {
            case CLAUSE_PERIOD -> ".";
            case CLAUSE_QUESTION -> "?";
            case CLAUSE_EXCLAMATION -> "!";
            case CLAUSE_COMMA -> ", ";
            case CLAUSE_COLON -> ": ";
            case CLAUSE_SEMICOLON -> "; ";
            default -> "";
        };
    }

    static boolean endsSentence(int terminator) {
        return (terminator & CLAUSE_TYPE_SENTENCE) == CLAUSE_TYPE_SENTENCE;
    }

    static Clause fromNative(String phonemes, int terminator) {
        return new Clause(phonemes, punctuation(terminator), endsSentence(terminator));
    }

    static Clause fromConsumedText(String phonemes, String consumed, boolean lastClause) {
        int terminator = terminatorOf(consumed, lastClause);
        return fromNative(phonemes, terminator);
    }

    /**
     * The clause terminator espeak-ng 1.51 acted on, recovered from {@code consumed}: the text it
     * read for the clause. Unless the clause is the last one, espeak has also read one character of
     * the next clause (kept as look-ahead), which is skipped; so are closing quotes and brackets and
     * white space after the punctuation.
     */
    static int terminatorOf(String consumed, boolean lastClause) {
        int i = consumed.length();
        if (!lastClause && i > 0) {
            int last = consumed.codePointBefore(i);
            if (!Character.isWhitespace(last)) {
                i -= Character.charCount(last);
            }
        }
        boolean sawBlankLine = false;
        int newlines = 0;
        while (i > 0) {
            int c = consumed.codePointBefore(i);
            if (c == '\n') {
                newlines++;
                sawBlankLine |= newlines >= 2;
            }
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || isClosing(c)) {
                i -= Character.charCount(c);
                continue;
            }
            int type = classify(c);
            if (type == CLAUSE_PERIOD && i >= 2 && consumed.charAt(i - 2) == '.') {
                // Two or more dots: espeak reads them as an ellipsis.
                return CLAUSE_UNMARKED;
            }
            if (type != CLAUSE_NONE) {
                return type;
            }
            break;
        }
        if (sawBlankLine) {
            return CLAUSE_SENTENCE_UNMARKED;
        }
        return lastClause ? CLAUSE_SENTENCE_UNMARKED : CLAUSE_NONE;
    }

    /** The clause type espeak-ng gives a punctuation character (readclause's table, the common part). */
    static int classify(int c) {
        return switch (c) {
            case '.' -> CLAUSE_PERIOD;
            case '?', 0x037E -> CLAUSE_QUESTION;
            case '!' -> CLAUSE_EXCLAMATION;
            case ',', 0x055D -> CLAUSE_COMMA;
            case ':' -> CLAUSE_COLON;
            case ';', 0x0387, 0x2013, 0x2014 -> CLAUSE_SEMICOLON;
            case 0x2026, 0x00A1, 0x00BF -> CLAUSE_UNMARKED;
            // Full stops, questions and exclamations that need no space after (CJK, Devanagari, Arabic,
            // Ethiopic...): espeak flags them CLAUSE_OPTIONAL_SPACE_AFTER and Piper keeps no mark.
            case 0x3002, 0xFF0E, 0xFF61, 0x0964, 0x0965, 0x06D4, 0x1362, 0xFF1F, 0xFF01, 0x061F -> CLAUSE_SENTENCE_UNMARKED;
            case 0xFF0C, 0x3001, 0xFF1A, 0xFF1B, 0x060C, 0x061B, 0x1363, 0x1364 -> CLAUSE_UNMARKED;
            default -> CLAUSE_NONE;
        };
    }

    private static boolean isClosing(int c) {
        int type = Character.getType(c);
        return type == Character.END_PUNCTUATION || type == Character.FINAL_QUOTE_PUNCTUATION
                || type == Character.INITIAL_QUOTE_PUNCTUATION
                || c == '"' || c == '\'';
    }
}
