package io.voicerouter.router;

import io.voicerouter.config.LanguagePreferences;
import io.voicerouter.config.ProviderConfig;
import io.voicerouter.config.VoiceConfig;

import io.voicerouter.router.internal.Sleeper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small builders for the voice_config records the router tests use, plus a recording back-off sleeper. */
final class Configs {
    private Configs() {
    }

    /** Active provider first, the rest as the fallback chain; every id gets an enabled entry. */
    static VoiceConfig chain(String active, String... fallbacks) {
        Map<String, ProviderConfig> providers = new LinkedHashMap<>();
        providers.put(active, ProviderConfig.enabledDefault());
        for (String f : fallbacks) {
            providers.put(f, ProviderConfig.enabledDefault());
        }
        return new VoiceConfig(Optional.of(active), providers, List.of(fallbacks), Optional.empty(), List.of(),
                Map.of(), Map.of());
    }

    static VoiceConfig withLanguages(VoiceConfig c, String primary, String... supported) {
        return new VoiceConfig(c.activeProvider(), c.providers(), c.fallbackChain(),
                Optional.of(LanguagePreferences.of(primary, List.of(supported))), c.voiceSamples(), c.stats(), c.extra());
    }

    static VoiceConfig without(VoiceConfig c, String id) {
        Map<String, ProviderConfig> providers = new LinkedHashMap<>(c.providers());
        providers.remove(id);
        return new VoiceConfig(c.activeProvider(), providers, c.fallbackChain(), c.languages(), c.voiceSamples(),
                c.stats(), c.extra());
    }

    static ProviderConfig withSupportedLanguages(String... codes) {
        ProviderConfig d = ProviderConfig.enabledDefault();
        return new ProviderConfig(true, d.voiceSampleUrl(), d.voiceSampleDuration(), d.voiceId(), d.voiceName(),
                d.settings(), List.of(codes), d.extra());
    }

    /** A policy with instant back-off, so retries cost no wall-clock time. */
    static ResiliencePolicy.Builder fastPolicy() {
        return ResiliencePolicy.builder().maxRetries(2).backoff(Duration.ZERO, 1, Duration.ZERO);
    }

    /** Records the waits the router asked for instead of sleeping. */
    static final class RecordingSleeper implements Sleeper {
        final List<Duration> waits = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void sleep(Duration duration) {
            waits.add(duration);
        }
    }
}
