package io.voicerouter.provider.google;

import io.voicerouter.language.LanguageCodes;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** An immutable snapshot of the service's voice list, and what we derive from it. */
final class VoiceCatalog {
    private final List<GoogleVoice> voices;
    private final Map<String, GoogleVoice> byName;
    private final Set<String> languages;
    private final Instant fetchedAt;

    VoiceCatalog(List<GoogleVoice> voices, Instant fetchedAt) {
        Map<String, GoogleVoice> map = new LinkedHashMap<>();
        Set<String> langs = new TreeSet<>();
        for (GoogleVoice v : voices) {
            map.put(v.name(), v);
            for (String code : v.languageCodes()) {
                GoogleVoice.normalizedLanguage(code).ifPresent(langs::add);
            }
        }
        this.byName = Map.copyOf(map);
        this.languages = Set.copyOf(langs);
        this.fetchedAt = fetchedAt;
        this.voices = List.copyOf(map.values());
    }

    List<GoogleVoice> voices() {
        return voices;
    }

    /** Normalized codes (see {@link LanguageCodes}). */
    Set<String> languages() {
        return languages;
    }

    Instant fetchedAt() {
        return fetchedAt;
    }

    Optional<GoogleVoice> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * The locale a bare language means when the request says no more (requests carry normalized
     * codes such as "en"): without this, "en" would get whichever English sorts first, en-AU.
     * Languages not listed prefer the region spelled like the language (fr-FR, de-DE, it-IT).
     */
    private static final Map<String, String> PRIMARY = Map.ofEntries(
            Map.entry("en", "en-US"), Map.entry("pt", "pt-BR"), Map.entry("es", "es-ES"),
            Map.entry("ar", "ar-XA"), Map.entry("zh", "cmn-CN"), Map.entry("zh-CN", "cmn-CN"),
            Map.entry("zh-TW", "cmn-TW"), Map.entry("zh-HK", "yue-HK"), Map.entry("ja", "ja-JP"),
            Map.entry("ko", "ko-KR"), Map.entry("hi", "hi-IN"), Map.entry("bn", "bn-IN"), Map.entry("ta", "ta-IN"),
            Map.entry("te", "te-IN"), Map.entry("mr", "mr-IN"), Map.entry("gu", "gu-IN"), Map.entry("pa", "pa-IN"),
            Map.entry("ur", "ur-IN"), Map.entry("cs", "cs-CZ"), Map.entry("vi", "vi-VN"), Map.entry("sv", "sv-SE"),
            Map.entry("da", "da-DK"), Map.entry("el", "el-GR"), Map.entry("uk", "uk-UA"), Map.entry("ms", "ms-MY"),
            Map.entry("fil", "fil-PH"), Map.entry("sw", "sw-KE"), Map.entry("ca", "ca-ES"), Map.entry("he", "he-IL"),
            Map.entry("nb", "nb-NO"), Map.entry("sr", "sr-RS"), Map.entry("et", "et-EE"), Map.entry("ga", "ga-IE"),
            Map.entry("sl", "sl-SI"), Map.entry("zu", "zu-ZA"), Map.entry("af", "af-ZA"), Map.entry("id", "id-ID"));

    private static boolean primaryByRule(String language, GoogleVoice v) {
        String rule = language + "-" + language.toUpperCase(java.util.Locale.ROOT);
        return !PRIMARY.containsKey(language) && v.languageCodes().contains(rule);
    }

    /**
     * The voice we choose for a normalized language when the personality names none (or names one
     * of another language): same gender as {@code likeGender} where possible, then the preferred
     * type, then the name, so the choice is stable across calls.
     */
    Optional<GoogleVoice> pick(String language, String likeGender) {
        String primary = PRIMARY.getOrDefault(language, "");
        return voices.stream()
                .filter(v -> v.languageCodes().stream()
                        .map(GoogleVoice::normalizedLanguage)
                        .flatMap(Optional::stream)
                        .anyMatch(code -> LanguageCodes.matches(language, List.of(code))))
                .max(Comparator.<GoogleVoice>comparingInt(v -> v.languageCodes().contains(primary)
                                || primaryByRule(language, v) ? 1 : 0)
                        .thenComparingInt(v -> v.gender().equals(likeGender) ? 1 : 0)
                        .thenComparingInt(GoogleVoice::preference)
                        .thenComparing(GoogleVoice::name, Comparator.reverseOrder()));
    }
}
