package io.voicerouter.espeak;

/**
 * Works out how a clause ended, in Piper's terms: the punctuation to append ({@code . ? !} close a
 * sentence, {@code , : ;} do not) and whether a sentence ends there.
 *
 * <p>espeak-ng builds with {@code espeak_TextToPhonemesWithTerminator} report the clause type
 * directly ({@link #fromNative}). The stock 1.51 library only advances the text pointer, so
 * {@link #fromConsumedText} reads the punctuation back out of the text espeak consumed for the clause.
 * Both give what piper1-gpl gives: the terminator masked to pause, intonation and type and compared
 * exactly, so a dash is a semicolon, while an ellipsis, an inverted {@code ¿} and the marks that need
 * no space after them ({@code 。 ， ？ ।}) end their clause or sentence with no punctuation kept.
 */
final class ClauseTerminators {
    // espeak-ng's readclause.h values.
    private static final int CLAUSE_TYPE_CLAUSE = 0x00040000;
    private static final int CLAUSE_TYPE_SENTENCE = 0x00080000;
    private static final int CLAUSE_INTONATION_COMMA = 0x00001000;
    private static final int CLAUSE_INTONATION_QUESTION = 0x00002000;
    private static final int CLAUSE_INTONATION_EXCLAMATION = 0x00003000;
    private static final int CLAUSE_OPTIONAL_SPACE_AFTER = 0x00008000;
    private static final int CLAUSE_PUNCTUATION_IN_WORD = 0x00100000;
    private static final int CLAUSE_SPEAK_PUNCTUATION_NAME = 0x00200000;

    static final int CLAUSE_NONE = 0;
    static final int CLAUSE_PERIOD = 40 | CLAUSE_TYPE_SENTENCE;
    static final int CLAUSE_COMMA = 20 | CLAUSE_INTONATION_COMMA | CLAUSE_TYPE_CLAUSE;
    static final int CLAUSE_QUESTION = 40 | CLAUSE_INTONATION_QUESTION | CLAUSE_TYPE_SENTENCE;
    static final int CLAUSE_EXCLAMATION = 45 | CLAUSE_INTONATION_EXCLAMATION | CLAUSE_TYPE_SENTENCE;
    static final int CLAUSE_COLON = 30 | CLAUSE_TYPE_CLAUSE;
    static final int CLAUSE_SEMICOLON = 30 | CLAUSE_INTONATION_COMMA | CLAUSE_TYPE_CLAUSE;
    static final int CLAUSE_PARAGRAPH = 70 | CLAUSE_TYPE_SENTENCE;
    /** What an ellipsis gives: a clause end Piper keeps no mark for. */
    static final int CLAUSE_ELLIPSIS = CLAUSE_SEMICOLON | CLAUSE_SPEAK_PUNCTUATION_NAME | CLAUSE_OPTIONAL_SPACE_AFTER;
    /** The end of the text: a sentence end with no punctuation. */
    static final int CLAUSE_END_OF_TEXT = CLAUSE_PARAGRAPH;

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
                return CLAUSE_ELLIPSIS;
            }
            if (type != CLAUSE_NONE) {
                return type;
            }
            break;
        }
        if (sawBlankLine) {
            return CLAUSE_PARAGRAPH;
        }
        return lastClause ? CLAUSE_END_OF_TEXT : CLAUSE_NONE;
    }

    /**
     * The clause value espeak-ng's readclause gives a punctuation character (its
     * {@code clause_type_from_codepoint} table), or {@link #CLAUSE_NONE}.
     */
    static int classify(int c) {
        return switch (c) {
            case '.', 0x06D4, 0x1362 -> CLAUSE_PERIOD;
            case '?', 0x037E, 0x061F, 0x1367 -> CLAUSE_QUESTION;
            case '!' -> CLAUSE_EXCLAMATION;
            case ',', 0x055D, 0x060C, 0x1363 -> CLAUSE_COMMA;
            case ':', 0x1365, 0x1366 -> CLAUSE_COLON;
            case ';', 0x0387, 0x061B, 0x1364, 0x2013, 0x2014 -> CLAUSE_SEMICOLON;
            case 0x00A1, 0x00BF -> CLAUSE_SEMICOLON | CLAUSE_OPTIONAL_SPACE_AFTER;
            case 0x2026 -> CLAUSE_SEMICOLON | CLAUSE_SPEAK_PUNCTUATION_NAME | CLAUSE_OPTIONAL_SPACE_AFTER;
            case 0x055B, 0x055C -> CLAUSE_EXCLAMATION | CLAUSE_PUNCTUATION_IN_WORD;
            case 0x055E -> CLAUSE_QUESTION | CLAUSE_PUNCTUATION_IN_WORD;
            case 0x0589, 0x0964, 0x0965, 0x0DF4, 0x0F0D, 0x3002, 0xFF0E -> CLAUSE_PERIOD | CLAUSE_OPTIONAL_SPACE_AFTER;
            case 0xFF1F -> CLAUSE_QUESTION | CLAUSE_OPTIONAL_SPACE_AFTER;
            case 0xFF01 -> CLAUSE_EXCLAMATION | CLAUSE_OPTIONAL_SPACE_AFTER;
            case 0x3001, 0xFF0C -> CLAUSE_COMMA | CLAUSE_OPTIONAL_SPACE_AFTER;
            case 0xFF1A -> CLAUSE_COLON | CLAUSE_OPTIONAL_SPACE_AFTER;
            case 0xFF1B -> CLAUSE_SEMICOLON | CLAUSE_OPTIONAL_SPACE_AFTER;
            case 0x0F0E, 0x10FB, 0x1368, 0x2029 -> CLAUSE_PARAGRAPH;
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
