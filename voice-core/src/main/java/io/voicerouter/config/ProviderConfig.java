package io.voicerouter.config;

import io.voicerouter.spi.VoiceSelection;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of {@code voice_config.providers}: whether the personality uses this provider and with
 * which voice and settings. {@code settings} holds raw JSON values (Number, Boolean, String, ...);
 * the provider's schema checks them. {@code extra} keeps fields this SDK does not know, so that a
 * read-write round trip loses nothing.
 */
public record ProviderConfig(boolean enabled,
                             Optional<String> voiceSampleUrl,
                             Optional<Double> voiceSampleDuration,
                             Optional<String> voiceId,
                             Optional<String> voiceName,
                             Map<String, Object> settings,
                             List<String> supportedLanguages,
                             Map<String, Object> extra) {
    public ProviderConfig {
        Objects.requireNonNull(voiceSampleUrl, "voiceSampleUrl");
        Objects.requireNonNull(voiceSampleDuration, "voiceSampleDuration");
        Objects.requireNonNull(voiceId, "voiceId");
        Objects.requireNonNull(voiceName, "voiceName");
        settings = ConfigMaps.copy(settings);
        supportedLanguages = List.copyOf(supportedLanguages);
        extra = ConfigMaps.copy(extra);
    }

    /** An enabled entry with no voice, no settings and no language restriction. */
    public static ProviderConfig enabledDefault() {
        return new ProviderConfig(true, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Map.of(), List.of(), Map.of());
    }

    /**
     * The voice this entry chooses, as a provider receives it: voice id, voice name, reference sample
     * ({@code voice_sample_url} and its duration) and any further samples listed in an extra
     * {@code voice_samples} field (paths or URLs, or objects with a {@code url}); blank fields count
     * as not given. Settings reach providers separately, resolved against their schema.
     */
    public VoiceSelection voice() {
        VoiceSelection v = VoiceSelection.none();
        v = voiceId.map(v::withId).orElse(v);
        v = voiceName.map(v::withName).orElse(v);
        if (voiceSampleUrl.isPresent()) {
            VoiceSelection base = v;
            Optional<Double> seconds = voiceSampleDuration.filter(d -> Double.isFinite(d) && d >= 0);
            v = seconds.map(d -> base.withSample(voiceSampleUrl.get(), d)).orElseGet(() -> base.withSample(voiceSampleUrl.get()));
        }
        List<String> more = new java.util.ArrayList<>();
        if (extra.get("voice_samples") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof String s) {
                    more.add(s);
                } else if (o instanceof Map<?, ?> m && m.get("url") instanceof String s) {
                    more.add(s);
                }
            }
        }
        return v.withMoreSamples(more);
    }

    public ProviderConfig withEnabled(boolean newEnabled) {
        return new ProviderConfig(newEnabled, voiceSampleUrl, voiceSampleDuration, voiceId, voiceName, settings,
                supportedLanguages, extra);
    }

    public ProviderConfig withSettings(Map<String, Object> newSettings) {
        return new ProviderConfig(enabled, voiceSampleUrl, voiceSampleDuration, voiceId, voiceName, newSettings,
                supportedLanguages, extra);
    }

    public ProviderConfig withVoiceId(String newVoiceId) {
        return new ProviderConfig(enabled, voiceSampleUrl, voiceSampleDuration, Optional.of(newVoiceId), voiceName,
                settings, supportedLanguages, extra);
    }

    public ProviderConfig withVoiceSample(String url, double durationSeconds) {
        return new ProviderConfig(enabled, Optional.of(url), Optional.of(durationSeconds), voiceId, voiceName,
                settings, supportedLanguages, extra);
    }
}
