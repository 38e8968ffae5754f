package io.voicerouter.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A personality's {@code voice_config}, as the host stores it. Read and write it with
 * {@link VoiceConfigJson}; check it with {@link VoiceConfigValidator}. Immutable.
 */
public record VoiceConfig(Optional<String> activeProvider,
                          Map<String, ProviderConfig> providers,
                          List<String> fallbackChain,
                          Optional<LanguagePreferences> languages,
                          List<VoiceSample> voiceSamples,
                          Map<String, ProviderUsage> stats,
                          Map<String, Object> extra) {

    /** The seed's default when a config names no active provider. */
    public static final String DEFAULT_ACTIVE_PROVIDER = "piper";

    public VoiceConfig {
        Objects.requireNonNull(activeProvider, "activeProvider");
        Objects.requireNonNull(languages, "languages");
        providers = ConfigMaps.copy(providers);
        fallbackChain = List.copyOf(fallbackChain);
        voiceSamples = List.copyOf(voiceSamples);
        stats = ConfigMaps.copy(stats);
        extra = ConfigMaps.copy(extra);
    }

    /** The active provider id, or the seed's default ({@value #DEFAULT_ACTIVE_PROVIDER}). */
    public String activeProviderOrDefault() {
        return activeProvider.orElse(DEFAULT_ACTIVE_PROVIDER);
    }

    public Optional<ProviderConfig> provider(String id) {
        return Optional.ofNullable(providers.get(id));
    }

    /** The primary language, or "en" when the config sets none. */
    public String primaryLanguage() {
        return languages.map(LanguagePreferences::primary).orElse("en");
    }

    public VoiceConfig withProvider(String id, ProviderConfig config) {
        Map<String, ProviderConfig> copy = new java.util.LinkedHashMap<>(providers);
        copy.put(id, config);
        return new VoiceConfig(activeProvider, copy, fallbackChain, languages, voiceSamples, stats, extra);
    }

    public VoiceConfig withActiveProvider(String id) {
        return new VoiceConfig(Optional.of(id), providers, fallbackChain, languages, voiceSamples, stats, extra);
    }

    public VoiceConfig withFallbackChain(List<String> chain) {
        return new VoiceConfig(activeProvider, providers, chain, languages, voiceSamples, stats, extra);
    }

    public VoiceConfig withVoiceSamples(List<VoiceSample> samples) {
        return new VoiceConfig(activeProvider, providers, fallbackChain, languages, samples, stats, extra);
    }

    public VoiceConfig withStats(Map<String, ProviderUsage> newStats) {
        return new VoiceConfig(activeProvider, providers, fallbackChain, languages, voiceSamples, newStats, extra);
    }

    /** A config that speaks through one enabled provider with no fallback. */
    public static VoiceConfig singleProvider(String id) {
        return new VoiceConfig(Optional.of(id), Map.of(id, ProviderConfig.enabledDefault()), List.of(),
                Optional.empty(), List.of(), Map.of(), Map.of());
    }
}
