package io.voicerouter.text;

/**
 * How a provider measures the text of one request, for its {@link TextLimit}. Every unit is a sum
 * over code points, so the length of a piece is the sum of its characters' costs and a cut between
 * two characters splits the cost exactly.
 */
public enum TextUnit {
    /** Unicode code points: what "characters" means throughout voicerouter (an emoji is one, not two). */
    CHARACTERS("characters") {
        @Override
        public int cost(int codePoint) {
            return 1;
        }
    },
    /** Bytes of the text encoded as UTF-8: 1 for ASCII, 3 for most CJK, 4 for most emoji. */
    UTF8_BYTES("UTF-8 bytes") {
        @Override
        public int cost(int codePoint) {
            return utf8(codePoint);
        }
    },
    /**
     * Bytes of the text as UTF-8 once escaped for XML/SSML ({@code &} is 5 bytes as {@code &amp;},
     * a quote 6), which is how services that take SSML measure their input. A code point XML
     * forbids costs 1: the cloud providers replace it with a space.
     */
    XML_ESCAPED_UTF8_BYTES("UTF-8 bytes once XML-escaped") {
        @Override
        public int cost(int codePoint) {
            return switch (codePoint) {
                case '&' -> 5;
                case '<', '>' -> 4;
                case '"', '\'' -> 6;
                default -> xmlAllowed(codePoint) ? utf8(codePoint) : 1;
            };
        }
    };

    private final String label;

    TextUnit(String label) {
        this.label = label;
    }

    /** What one code point costs in this unit. A lone surrogate is counted as 3 (never less than it may take). */
    public abstract int cost(int codePoint);

    /** The length of {@code text} in this unit. */
    public long measure(CharSequence text) {
        long n = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = Character.codePointAt(text, i);
            n += cost(cp);
            i += Character.charCount(cp);
        }
        return n;
    }

    /** How the unit reads in a message: {@code characters}, {@code UTF-8 bytes}, ... */
    public String label() {
        return label;
    }

    private static int utf8(int cp) {
        if (cp < 0x80) {
            return 1;
        }
        if (cp < 0x800) {
            return 2;
        }
        return cp < 0x10000 ? 3 : 4;
    }

    private static boolean xmlAllowed(int cp) {
        return cp == 0x9 || cp == 0xA || cp == 0xD
                || (cp >= 0x20 && cp <= 0xD7FF)
                || (cp >= 0xE000 && cp <= 0xFFFD)
                || (cp >= 0x10000 && cp <= 0x10FFFF);
    }
}
