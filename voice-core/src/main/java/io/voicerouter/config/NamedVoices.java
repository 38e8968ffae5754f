package io.voicerouter.config;

import io.voicerouter.error.InvalidSettingException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The personalities a framework adapter or server can speak as, by name, plus the one used when a
 * caller names none. Framework APIs (Spring AI, LangChain4j, OpenAI's {@code voice}) carry a voice as
 * a plain string; this maps it to a personality's {@code voice_config} without guessing: an unknown
 * name is a typed error that lists the known ones.
 */
public record NamedVoices(VoiceConfig defaultVoice, Map<String, VoiceConfig> named) {
    public NamedVoices {
        Objects.requireNonNull(defaultVoice, "defaultVoice");
        named = Map.copyOf(new LinkedHashMap<>(named));
    }

    /** Only a default voice: every request speaks as {@code defaultVoice}, a named one is refused. */
    public static NamedVoices of(VoiceConfig defaultVoice) {
        return new NamedVoices(defaultVoice, Map.of());
    }

    /** A copy with {@code name} added or replaced. */
    public NamedVoices with(String name, VoiceConfig config) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(config, "config");
        Map<String, VoiceConfig> copy = new LinkedHashMap<>(named);
        copy.put(name, config);
        return new NamedVoices(defaultVoice, copy);
    }

    /**
     * The personality for a caller's voice string: the default one for {@code null} or blank.
     *
     * @throws InvalidSettingException when {@code name} is not a known voice
     */
    public VoiceConfig resolve(String name) {
        if (name == null || name.isBlank()) {
            return defaultVoice;
        }
        VoiceConfig config = named.get(name);
        if (config == null) {
            throw new InvalidSettingException("voice", "unknown voice '" + name + "'; known voices: "
                    + (named.isEmpty() ? "none (only the default voice)" : String.join(", ", new TreeSet<>(named.keySet()))));
        }
        return config;
    }
}
