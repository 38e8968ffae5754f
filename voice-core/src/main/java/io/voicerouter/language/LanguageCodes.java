package io.voicerouter.language;

import io.voicerouter.error.UnsupportedLanguageException;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * BCP-47 normalization to the codes the seed uses: a bare lowercase language ({@code en-US} to
 * {@code en}, {@code pt_BR} to {@code pt}), except Chinese keeps its region ({@code zh-CN}, {@code zh-TW})
 * and {@code tl}/{@code fil} both become {@code fil}. Underscores count as hyphens and case is ignored.
 * Deprecated ISO 639 codes become their current ones ({@code iw} to {@code he}, {@code in} to {@code id},
 * {@code ji} to {@code yi}, {@code jw} to {@code jv}, {@code mo} to {@code ro}), and three-letter ISO 639-2
 * codes that have a two-letter equivalent become it ({@code eng}/{@code en}, {@code deu} and {@code ger}
 * to {@code de}); three-letter codes without one ({@code fil}, {@code yue}) stay as they are.
 */
public final class LanguageCodes {
    private static final Pattern BCP47 = Pattern.compile("[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*");

    private LanguageCodes() {
    }

    /** Normalizes {@code code}, or throws {@link UnsupportedLanguageException} when it is malformed. */
    public static String normalize(String code) {
        return tryNormalize(code).orElseThrow(() -> new UnsupportedLanguageException(String.valueOf(code),
                "Malformed language code '" + code + "': expected a BCP-47 tag such as en, en-US or zh-CN"));
    }

    public static Optional<String> tryNormalize(String code) {
        if (code == null || !BCP47.matcher(code.strip()).matches()) {
            return Optional.empty();
        }
        String[] parts = code.strip().replace('_', '-').split("-");
        String lang = canonicalLanguage(parts[0].toLowerCase(Locale.ROOT));
        if (lang.equals("tl")) {
            return Optional.of("fil");
        }
        if (lang.equals("zh")) {
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].toUpperCase(Locale.ROOT);
                if (p.equals("CN") || p.equals("TW") || p.equals("HK")) {
                    return Optional.of("zh-" + p);
                }
                if (p.equals("HANS")) {
                    return Optional.of("zh-CN");
                }
                if (p.equals("HANT")) {
                    return Optional.of("zh-TW");
                }
            }
            return Optional.of("zh");
        }
        return Optional.of(lang);
    }

    private static final java.util.Map<String, String> LEGACY = java.util.Map.of(
            "iw", "he", "in", "id", "ji", "yi", "jw", "jv", "mo", "ro");

    /** ISO 639-2 bibliographic codes the JDK's (terminology-code) table does not know. */
    private static final java.util.Map<String, String> BIBLIOGRAPHIC = java.util.Map.ofEntries(
            java.util.Map.entry("alb", "sq"), java.util.Map.entry("arm", "hy"), java.util.Map.entry("baq", "eu"),
            java.util.Map.entry("bur", "my"), java.util.Map.entry("chi", "zh"), java.util.Map.entry("cze", "cs"),
            java.util.Map.entry("dut", "nl"), java.util.Map.entry("fre", "fr"), java.util.Map.entry("geo", "ka"),
            java.util.Map.entry("ger", "de"), java.util.Map.entry("gre", "el"), java.util.Map.entry("ice", "is"),
            java.util.Map.entry("mac", "mk"), java.util.Map.entry("mao", "mi"), java.util.Map.entry("may", "ms"),
            java.util.Map.entry("per", "fa"), java.util.Map.entry("rum", "ro"), java.util.Map.entry("slo", "sk"),
            java.util.Map.entry("tib", "bo"), java.util.Map.entry("wel", "cy"));

    private static final java.util.Map<String, String> ISO3_TO_ISO2 = iso3Table();

    private static java.util.Map<String, String> iso3Table() {
        java.util.Map<String, String> table = new java.util.HashMap<>(BIBLIOGRAPHIC);
        for (String two : Locale.getISOLanguages()) {
            try {
                String three = new Locale(two).getISO3Language();
                if (three.length() == 3) {
                    table.putIfAbsent(three, LEGACY.getOrDefault(two, two));
                }
            } catch (java.util.MissingResourceException ignored) {
                // no three-letter code for this language: nothing to map
            }
        }
        return java.util.Map.copyOf(table);
    }

    private static String canonicalLanguage(String lang) {
        if (lang.length() == 3) {
            return ISO3_TO_ISO2.getOrDefault(lang, lang);
        }
        return LEGACY.getOrDefault(lang, lang);
    }

    /** The base language: {@code zh-CN} to {@code zh}. Use it to compare against provider lists. */
    public static String base(String normalized) {
        int dash = normalized.indexOf('-');
        return dash < 0 ? normalized : normalized.substring(0, dash);
    }

    /** Whether {@code supported} (normalized codes) covers {@code requested}: exact, or by base language. */
    public static boolean matches(String requested, java.util.Collection<String> supported) {
        if (supported.contains(requested)) {
            return true;
        }
        String base = base(requested);
        for (String s : supported) {
            if (base(s).equals(base) && (s.equals(base) || requested.equals(base))) {
                return true;
            }
        }
        return false;
    }
}
