package io.voicerouter.xtts;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * XTTS's per-language abbreviation and symbol tables (coqui-ai-TTS {@code tokenizer.py}), as data.
 * Abbreviations match as whole words followed by a dot (Russian ones without the dot); symbols are
 * replaced in the listed order.
 */
final class CleanerTables {
    record Rule(Pattern pattern, String replacement) {
    }

    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS;

    static final Map<String, List<Rule>> ABBREVIATIONS = Map.ofEntries(
            abbreviations("en", "mrs", "misess", "mr", "mister", "dr", "doctor", "st", "saint", "co", "company",
                    "jr", "junior", "maj", "major", "gen", "general", "drs", "doctors", "rev", "reverend",
                    "lt", "lieutenant", "hon", "honorable", "sgt", "sergeant", "capt", "captain", "esq", "esquire",
                    "ltd", "limited", "col", "colonel", "ft", "fort"),
            abbreviations("es", "sra", "señora", "sr", "señor", "dr", "doctor", "dra", "doctora", "st", "santo",
                    "co", "compañía", "jr", "junior", "ltd", "limitada"),
            abbreviations("fr", "mme", "madame", "mr", "monsieur", "dr", "docteur", "st", "saint", "co", "compagnie",
                    "jr", "junior", "ltd", "limitée"),
            abbreviations("de", "fr", "frau", "dr", "doktor", "st", "sankt", "co", "firma", "jr", "junior"),
            abbreviations("pt", "sra", "senhora", "sr", "senhor", "dr", "doutor", "dra", "doutora", "st", "santo",
                    "co", "companhia", "jr", "júnior", "ltd", "limitada"),
            abbreviations("it", "sig", "signore", "dr", "dottore", "st", "santo", "co", "compagnia", "jr", "junior",
                    "ltd", "limitata"),
            abbreviations("pl", "p", "pani", "m", "pan", "dr", "doktor", "sw", "święty", "jr", "junior"),
            abbreviations("cs", "dr", "doktor", "ing", "inženýr", "p", "pan"),
            Map.entry("ru", List.of(word("г-жа", "госпожа"), word("г-н", "господин"), word("д-р", "доктор"))),
            abbreviations("nl", "dhr", "de heer", "mevr", "mevrouw", "dr", "dokter", "jhr", "jonkheer"),
            abbreviations("tr", "b", "bay", "byk", "büyük", "dr", "doktor"),
            abbreviations("hu", "dr", "doktor", "b", "bácsi", "nőv", "nővér"));

    /** &, @, %, #, $, £, ° spelled out. */
    static final Map<String, List<String>> SYMBOLS = Map.ofEntries(
            Map.entry("en", List.of("and", "at", "percent", "hash", "dollar", "pound", "degree")),
            Map.entry("es", List.of("y", "arroba", "por ciento", "numeral", "dolar", "libra", "grados")),
            Map.entry("fr", List.of("et", "arobase", "pour cent", "dièse", "dollar", "livre", "degrés")),
            Map.entry("de", List.of("und", "at", "prozent", "raute", "dollar", "pfund", "grad")),
            Map.entry("pt", List.of("e", "arroba", "por cento", "cardinal", "dólar", "libra", "graus")),
            Map.entry("it", List.of("e", "chiocciola", "per cento", "cancelletto", "dollaro", "sterlina", "gradi")),
            Map.entry("pl", List.of("i", "małpa", "procent", "krzyżyk", "dolar", "funt", "stopnie")),
            Map.entry("ar", List.of("و", "على", "في المئة", "رقم", "دولار", "جنيه", "درجة")),
            Map.entry("zh", List.of("和", "在", "百分之", "号", "美元", "英镑", "度")),
            Map.entry("cs", List.of("a", "na", "procento", "křížek", "dolar", "libra", "stupně")),
            Map.entry("ru", List.of("и", "собака", "процентов", "номер", "доллар", "фунт", "градус")),
            Map.entry("nl", List.of("en", "bij", "procent", "hekje", "dollar", "pond", "graden")),
            Map.entry("tr", List.of("ve", "at", "yüzde", "diyez", "dolar", "sterlin", "derece")),
            Map.entry("hu", List.of("és", "kukac", "százalék", "kettőskereszt", "dollár", "font", "fok")),
            Map.entry("ko", List.of("그리고", "에", "퍼센트", "번호", "달러", "파운드", "도")));

    static final List<String> SYMBOL_CHARS = List.of("&", "@", "%", "#", "$", "£", "°");

    private CleanerTables() {
    }

    private static Map.Entry<String, List<Rule>> abbreviations(String lang, String... pairs) {
        Rule[] rules = new Rule[pairs.length / 2];
        for (int i = 0; i < rules.length; i++) {
            rules[i] = new Rule(Pattern.compile("\\b" + Pattern.quote(pairs[2 * i]) + "\\.", FLAGS), pairs[2 * i + 1]);
        }
        return Map.entry(lang, List.of(rules));
    }

    private static Rule word(String abbreviation, String replacement) {
        return new Rule(Pattern.compile("\\b" + Pattern.quote(abbreviation) + "\\b", FLAGS), replacement);
    }
}
