package io.voicerouter.language;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The seed's table of 26 languages and which providers speak each: the list a host shows in its
 * language selector. Read once from {@code languages.json} on the class path; immutable and
 * thread-safe. The seed's {@code google} and {@code azure} are the provider ids {@code google_tts}
 * and {@code azure_tts}.
 *
 * <p>Lookups normalize the code first ({@link LanguageCodes#normalize}), so {@code en-US}, {@code EN_us}
 * and {@code en} find the same row; a regional code the table lacks finds its base language
 * ({@code zh-CN} finds {@code zh}, {@code pt-BR} finds {@code pt}).
 */
public final class Languages {
    private static final String RESOURCE = "languages.json";
    private static final Map<String, Language> TABLE = load();

    private Languages() {
    }

    /** Every row, in the seed's order. */
    public static List<Language> all() {
        return List.copyOf(TABLE.values());
    }

    /**
     * The row for {@code code}, after normalization; empty when the table has no such language.
     *
     * @throws io.voicerouter.error.UnsupportedLanguageException when {@code code} is malformed
     */
    public static Optional<Language> byCode(String code) {
        String normalized = LanguageCodes.normalize(code);
        Language exact = TABLE.get(normalized);
        return Optional.ofNullable(exact != null ? exact : TABLE.get(LanguageCodes.base(normalized)));
    }

    /**
     * A display name in English: the table's name, else the JDK's name for the code
     * ({@link Locale#getDisplayName}), else the code as given. Never throws.
     */
    public static String name(String code) {
        if (code == null) {
            return "null";
        }
        Optional<String> normalized = LanguageCodes.tryNormalize(code);
        if (normalized.isEmpty()) {
            return code;
        }
        Language row = TABLE.get(normalized.get());
        if (row == null) {
            row = TABLE.get(LanguageCodes.base(normalized.get()));
            if (row != null && !row.code().equals(normalized.get())) {
                row = null; // zh-TW is better named by the JDK ("Chinese (Taiwan)") than as plain "Chinese"
            }
        }
        if (row != null) {
            return row.name();
        }
        String display = Locale.forLanguageTag(normalized.get()).getDisplayName(Locale.ENGLISH);
        return display.isEmpty() || display.equalsIgnoreCase(normalized.get()) ? code : display;
    }

    /**
     * The provider ids the seed lists for {@code code}; empty when the table lacks the language.
     *
     * @throws io.voicerouter.error.UnsupportedLanguageException when {@code code} is malformed
     */
    public static List<String> providersFor(String code) {
        return byCode(code).map(Language::providers).orElse(List.of());
    }

    /** The codes of every language {@code providerId} speaks according to the table. */
    public static List<String> spokenBy(String providerId) {
        return TABLE.values().stream().filter(l -> l.spokenBy(providerId)).map(Language::code).toList();
    }

    private static Map<String, Language> load() {
        try (InputStream in = Languages.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing class-path resource " + RESOURCE);
            }
            JsonNode rows = new ObjectMapper().readTree(in);
            Map<String, Language> table = new LinkedHashMap<>();
            for (JsonNode row : rows) {
                List<String> providers = new ArrayList<>();
                row.get("providers").forEach(p -> providers.add(p.asText()));
                String code = LanguageCodes.normalize(row.get("code").asText());
                table.put(code, new Language(code, row.get("name").asText(), providers));
            }
            return java.util.Collections.unmodifiableMap(table);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }
}
