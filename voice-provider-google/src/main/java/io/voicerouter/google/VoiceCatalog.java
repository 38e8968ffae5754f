package io.voicerouter.google;

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
     * The voice we choose for a normalized language when the personality names none (or names one
     * of another language): same gender as {@code likeGender} where possible, then the preferred
     * type, then the name, so the choice is stable across calls.
     */
    Optional<GoogleVoice> pick(String language, String likeGender) {
        return voices.stream()
                .filter(v -> v.languageCodes().stream()
                        .map(GoogleVoice::normalizedLanguage)
                        .flatMap(Optional::stream)
                        .anyMatch(code -> LanguageCodes.matches(language, List.of(code))))
                .max(Comparator.<GoogleVoice>comparingInt(v -> v.gender().equals(likeGender) ? 1 : 0)
                        .thenComparingInt(GoogleVoice::preference)
                        .thenComparing(GoogleVoice::name, Comparator.reverseOrder()));
    }
}
