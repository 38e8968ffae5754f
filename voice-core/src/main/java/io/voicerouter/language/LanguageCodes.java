package io.voicerouter.language;

import io.voicerouter.error.UnsupportedLanguageException;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * BCP-47 normalization to the codes the seed uses: a bare lowercase language ({@code en-US} to
 * {@code en}, {@code pt_BR} to {@code pt}), except Chinese keeps its region ({@code zh-CN}, {@code zh-TW})
 * and {@code tl}/{@code fil} both become {@code fil}.
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
        String lang = parts[0].toLowerCase(Locale.ROOT);
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
