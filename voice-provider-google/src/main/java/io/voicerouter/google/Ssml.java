package io.voicerouter.google;

/**
 * Builds the SSML document sent to the service. User text is only ever element content, escaped,
 * so nothing a user types can open a tag. (A package-private copy: the router's shared helper did
 * not exist when this was written.)
 */
final class Ssml {
    private Ssml() {
    }

    static String speak(String text) {
        return "<speak>" + escape(text) + "</speak>";
    }

    /**
     * XML-escapes the five special characters and replaces code points XML 1.0 forbids (controls,
     * lone surrogates, U+FFFE/U+FFFF) with spaces: the service rejects such a document as a whole.
     */
    static String escape(String text) {
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
                    if (allowedInXml(cp)) {
                        out.appendCodePoint(cp);
                    } else {
                        out.append(' ');
                    }
                }
            }
        }
        return out.toString();
    }

    private static boolean allowedInXml(int cp) {
        return cp == 0x9 || cp == 0xA || cp == 0xD
                || (cp >= 0x20 && cp <= 0xD7FF)
                || (cp >= 0xE000 && cp <= 0xFFFD)
                || (cp >= 0x10000 && cp <= 0x10FFFF);
    }
}
