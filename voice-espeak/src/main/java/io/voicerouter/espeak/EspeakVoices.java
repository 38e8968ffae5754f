package io.voicerouter.espeak;

import io.voicerouter.language.LanguageCodes;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * espeak-ng's voices indexed by normalized language code: for each language the voice espeak itself
 * ranks best (lowest priority number in the voice file), named as {@code espeak_SetVoiceByName}
 * accepts it ({@code en-US}, {@code de}, {@code cmn}). Immutable.
 */
final class EspeakVoices {
    private final Map<String, String> voiceByLanguage;
    private final Map<String, String> voiceByDeclaredCode;

    private EspeakVoices(Map<String, String> voiceByLanguage, Map<String, String> voiceByDeclaredCode) {
        this.voiceByLanguage = Collections.unmodifiableMap(voiceByLanguage);
        this.voiceByDeclaredCode = Collections.unmodifiableMap(voiceByDeclaredCode);
    }

    static EspeakVoices of(List<VoiceEntry> voices) {
        Map<String, String> best = new HashMap<>();
        Map<String, Integer> bestRank = new HashMap<>();
        Map<String, String> declared = new HashMap<>();
        Map<String, Integer> declaredRank = new HashMap<>();
        for (VoiceEntry voice : voices) {
            String name = shortName(voice.identifier());
            if (name.isEmpty()) {
                continue;
            }
            for (VoiceEntry.Language language : voice.languages()) {
                String lower = language.code().toLowerCase(Locale.ROOT);
                Integer seen = declaredRank.get(lower);
                if (seen == null || language.priority() < seen) {
                    declared.put(lower, name);
                    declaredRank.put(lower, language.priority());
                }
                Optional<String> code = normalize(language.code());
                if (code.isEmpty()) {
                    continue;
                }
                // espeak's priority first; then a voice that declares the code itself over one whose
                // code only normalizes to it (zh over zh-yue); then the voice named after it (de for de).
                boolean direct = code.get().equalsIgnoreCase(language.code());
                int rank = language.priority() * 4 + (direct ? 0 : 2) + (name.equalsIgnoreCase(language.code()) ? 0 : 1);
                Integer current = bestRank.get(code.get());
                if (current == null || rank < current) {
                    best.put(code.get(), name);
                    bestRank.put(code.get(), rank);
                }
            }
        }
        return new EspeakVoices(best, declared);
    }

    /** Normalized codes of every language some voice speaks. */
    Set<String> languages() {
        return Collections.unmodifiableSet(new TreeSet<>(voiceByLanguage.keySet()));
    }

    /** The voice for a normalized language code: exact, then Cantonese for Hong Kong, then the base language. */
    Optional<String> voiceFor(String language) {
        String exact = voiceByLanguage.get(language);
        if (exact != null) {
            return Optional.of(exact);
        }
        if (language.equals("zh-HK") && voiceByLanguage.containsKey("yue")) {
            return Optional.of(voiceByLanguage.get("yue"));
        }
        return Optional.ofNullable(voiceByLanguage.get(LanguageCodes.base(language)));
    }

    /**
     * The voice for a language tag as a user writes it: a code some voice declares ({@code fr-fr},
     * {@code en-gb-scotland}), else the tag normalized ({@code de-DE} to {@code de}).
     */
    Optional<String> voiceForTag(String tag) {
        String declared = voiceByDeclaredCode.get(tag.toLowerCase(Locale.ROOT));
        if (declared != null) {
            return Optional.of(declared);
        }
        return LanguageCodes.tryNormalize(tag).flatMap(this::voiceFor);
    }

    /** {@code gmw/en-US} to {@code en-US}: the file name, which espeak_SetVoiceByName matches. */
    static String shortName(String identifier) {
        int slash = identifier.lastIndexOf('/');
        return slash < 0 ? identifier : identifier.substring(slash + 1);
    }

    private static Optional<String> normalize(String espeakCode) {
        Optional<String> code = LanguageCodes.tryNormalize(espeakCode);
        if (code.isPresent()) {
            return code;
        }
        // Private-use tags such as chr-US-Qaaa-x-west: keep the language.
        int dash = espeakCode.indexOf('-');
        return dash > 0 ? LanguageCodes.tryNormalize(espeakCode.substring(0, dash).toLowerCase(Locale.ROOT))
                : Optional.empty();
    }
}
