package io.voicerouter.cloud;

/** XML escaping for user text and attribute values that end up inside SSML. */
public final class Xml {
    private Xml() {
    }

    /**
     * Escapes the five XML specials, so user text is always spoken and never parsed as markup, and
     * replaces each code point XML 1.0 forbids (control characters, lone surrogates, U+FFFE/U+FFFF)
     * with a space: the services reject a whole document for one of them.
     */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (allowed(cp)) {
                        out.appendCodePoint(cp);
                    } else {
                        out.append(' ');
                    }
                }
            }
        }
        return out.toString();
    }

    // codePointAt returns a lone surrogate as itself, so the surrogate range is excluded here.
    private static boolean allowed(int cp) {
        return cp == 0x9 || cp == 0xA || cp == 0xD
                || (cp >= 0x20 && cp <= 0xD7FF)
                || (cp >= 0xE000 && cp <= 0xFFFD)
                || (cp >= 0x10000 && cp <= 0x10FFFF);
    }
}
