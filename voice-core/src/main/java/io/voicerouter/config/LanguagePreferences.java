package io.voicerouter.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** {@code voice_config.languages}: the personality's main language and every language it speaks. */
public record LanguagePreferences(String primary, List<String> supported, Map<String, Object> extra) {
    public LanguagePreferences {
        Objects.requireNonNull(primary, "primary");
        supported = List.copyOf(supported);
        extra = ConfigMaps.copy(extra);
    }

    public static LanguagePreferences of(String primary, List<String> supported) {
        return new LanguagePreferences(primary, supported, Map.of());
    }
}
