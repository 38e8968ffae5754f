package io.voicerouter.provider.xtts;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * XTTS's text path before the BPE: {@link #clean} (its multilingual cleaners: quotes dropped,
 * lower case, English numbers, per-language abbreviations and symbols spelled out, whitespace collapsed) and
 * {@link #prepare} (the [lang] prefix and spaces as [SPACE]). Stateless.
 */
final class TextPreparer {
    private static final Pattern WS = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern COMMA_NUMBER = Pattern.compile("\\b\\d{1,3}(,\\d{3})*(\\.\\d+)?\\b");
    private static final Pattern CURRENCY = Pattern.compile("([$£€])([0-9]+(?:\\.[0-9]+)?)|([0-9]+(?:\\.[0-9]+)?)([$£€])");
    private static final Pattern DECIMAL = Pattern.compile("([0-9]+)[.,]([0-9]+)");
    private static final Pattern ORDINAL = Pattern.compile("([0-9]+)(st|nd|rd|th)");
    private static final Pattern NUMBER = Pattern.compile("[0-9]+");

    /** XTTS's per-language character limits (tokenizer.char_limits); other languages get 250. */
    private static final Map<String, Integer> CHAR_LIMITS = Map.ofEntries(
            Map.entry("en", 250), Map.entry("de", 253), Map.entry("fr", 273), Map.entry("es", 239), Map.entry("it", 213),
            Map.entry("pt", 203), Map.entry("pl", 224), Map.entry("zh", 82), Map.entry("ar", 166), Map.entry("cs", 186),
            Map.entry("ru", 182), Map.entry("nl", 251), Map.entry("tr", 226), Map.entry("ja", 71), Map.entry("hu", 224),
            Map.entry("ko", 95), Map.entry("hi", 150));

    private TextPreparer() {
    }

    static int charLimit(String language) {
        return CHAR_LIMITS.getOrDefault(base(language), 250);
    }

    /** XTTS's token for a language: the base code, except Chinese, which the vocabulary calls zh-cn. */
    static String languageToken(String language) {
        String b = base(language);
        return "[" + ("zh".equals(b) ? "zh-cn" : b) + "]";
    }

    private static String base(String language) {
        return language.toLowerCase(Locale.ROOT).split("[-_]")[0];
    }

    static String clean(String text, String language) {
        String lang = base(language);
        String t = text.replace("\"", "");
        if ("tr".equals(lang)) {
            t = t.replace("İ", "i").replace("Ö", "ö").replace("Ü", "ü");
        }
        t = t.toLowerCase(Locale.ROOT);
        if ("en".equals(lang)) {
            t = expandEnglishNumbers(t);
        }
        t = expandAbbreviations(t, lang);
        t = expandSymbols(t, lang);
        return WS.matcher(t).replaceAll(" ").strip();
    }

    static String expandAbbreviations(String t, String language) {
        for (CleanerTables.Rule r : CleanerTables.ABBREVIATIONS.getOrDefault(base(language), List.of())) {
            t = r.pattern().matcher(t).replaceAll(Matcher.quoteReplacement(r.replacement()));
        }
        return t;
    }

    static String expandSymbols(String t, String language) {
        List<String> words = CleanerTables.SYMBOLS.get(base(language));
        if (words == null) {
            return t;
        }
        for (int i = 0; i < words.size(); i++) {
            t = t.replace(CleanerTables.SYMBOL_CHARS.get(i), " " + words.get(i) + " ").replace("  ", " ");
        }
        return t.strip();
    }

    static String expandEnglishNumbers(String t) {
        t = COMMA_NUMBER.matcher(t).replaceAll(m -> m.group().replace(",", ""));
        t = CURRENCY.matcher(t).replaceAll(m -> Matcher.quoteReplacement(currency(
                m.group(1) != null ? m.group(1) : m.group(4), m.group(1) != null ? m.group(2) : m.group(3))));
        t = DECIMAL.matcher(t).replaceAll(m -> EnglishNumbers.decimal(m.group(1), m.group(2)));
        t = ORDINAL.matcher(t).replaceAll(m -> EnglishNumbers.ordinalDigits(m.group(1)));
        return NUMBER.matcher(t).replaceAll(m -> EnglishNumbers.cardinalDigits(m.group()));
    }

    /** num2words(to="currency") with XTTS's trimming of ", zero cents" for whole amounts. */
    private static String currency(String symbol, String amount) {
        String[] parts = amount.split("\\.");
        // Digits only (the pattern says so), but any number of them: a long holds 18. Only the
        // singular/plural choice needs the value.
        long whole = parts[0].length() > 15 ? Long.MAX_VALUE : Long.parseLong(parts[0]);
        long cents = parts.length > 1 ? Math.round(Double.parseDouble("0." + parts[1]) * 100) : 0;
        String unit = switch (symbol) {
            case "£" -> whole == 1 ? "pound" : "pounds";
            case "€" -> "euro";
            default -> whole == 1 ? "dollar" : "dollars";
        };
        String sub = "£".equals(symbol) ? (cents == 1 ? "penny" : "pence") : (cents == 1 ? "cent" : "cents");
        String out = EnglishNumbers.cardinalDigits(parts[0]) + " " + unit;
        return cents == 0 ? out : out + ", " + EnglishNumbers.cardinal(cents) + " " + sub;
    }

    /** The tokenizer's input: lower case, whitespace collapsed, [lang] prefix, spaces as [SPACE]. */
    static String prepare(String cleaned, String language) {
        String t = WS.matcher(cleaned.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
        return (languageToken(language) + t).replace(" ", "[SPACE]");
    }
}
