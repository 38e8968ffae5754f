package io.voicerouter.provider.azure;

import io.voicerouter.cloud.Xml;

import java.util.Locale;

/**
 * Builds the SSML document for one request. Everything user-controlled (text, voice name, style)
 * is escaped, so text can never close an element or open a new one.
 *
 * <p>The inner part (inside {@code <voice>}) is what Azure bills: markup counts, {@code <speak>}
 * and {@code <voice>} do not, and every Han character counts twice.
 */
final class Ssml {
    private Ssml() {
    }

    /** What the voice speaks in this request, as sent: style and prosody wrappers around the escaped text. */
    record Prosody(double ratePercent, double pitchPercent, String style) {
        String inner(String text) {
            StringBuilder b = new StringBuilder();
            boolean styled = !style.isBlank();
            boolean prosody = ratePercent != 0 || pitchPercent != 0;
            if (styled) {
                b.append("<mstts:express-as style='").append(Xml.escape(style.strip())).append("'>");
            }
            if (prosody) {
                b.append("<prosody");
                if (ratePercent != 0) {
                    b.append(" rate='").append(percent(ratePercent)).append('\'');
                }
                if (pitchPercent != 0) {
                    b.append(" pitch='").append(percent(pitchPercent)).append('\'');
                }
                b.append('>');
            }
            b.append(Xml.escape(text));
            if (prosody) {
                b.append("</prosody>");
            }
            if (styled) {
                b.append("</mstts:express-as>");
            }
            return b.toString();
        }
    }

    static String document(String voiceName, String xmlLang, Prosody prosody, String text) {
        return "<speak version='1.0' xmlns='http://www.w3.org/2001/10/synthesis'"
                + " xmlns:mstts='https://www.w3.org/2001/mstts' xml:lang='" + Xml.escape(xmlLang) + "'>"
                + "<voice name='" + Xml.escape(voiceName) + "'>" + prosody.inner(text) + "</voice></speak>";
    }

    /** Characters as Azure bills them: code points, with each Han ideograph counted twice. */
    static long billed(String inner) {
        long n = 0;
        for (int i = 0; i < inner.length(); ) {
            int cp = inner.codePointAt(i);
            n += Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN ? 2 : 1;
            i += Character.charCount(cp);
        }
        return n;
    }

    private static String percent(double p) {
        String s = p == Math.rint(p) ? Long.toString((long) p) : String.format(Locale.ROOT, "%.1f", p);
        return (p > 0 ? "+" : "") + s + "%";
    }
}
