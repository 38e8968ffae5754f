package io.voicerouter.server.internal;

import io.voicerouter.config.ProviderConfig;
import io.voicerouter.config.VoiceConfig;
import io.voicerouter.spi.ProviderCapabilities;
import io.voicerouter.spi.SettingSpec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * OpenAI's {@code speed} (0.25-4.0, 1 = normal) as each provider's own rate setting, applied on top
 * of what the personality set (a personality at espeak rate 200 asked for speed 2 speaks at 400).
 * voice-core has no common speaking-rate setting yet, so the mapping lives here; values are clamped
 * to each setting's range (Piper, StyleTTS2 and XTTS stop at their own limits, espeak at 80-450 wpm).
 */
public final class SpeedMapping {
    private SpeedMapping() {
    }

    private record Rule(String setting, Function<Double, Double> apply) {
    }

    /** provider id -> (setting, how a speed factor changes its current value). */
    private static Rule rule(String providerId, double speed) {
        return switch (providerId) {
            case "espeak" -> new Rule("rate", v -> v * speed);
            case "piper", "styletts2", "xtts_v2" -> new Rule("speed", v -> v * speed);
            case "google_tts" -> new Rule("speaking_rate", v -> v * speed);
            // Azure and IBM take a change in percent: 0 is normal, +100 twice as fast.
            case "azure_tts" -> new Rule("rate", v -> ((1 + v / 100) * speed - 1) * 100);
            case "ibm_watson" -> new Rule("rate_percentage", v -> ((1 + v / 100) * speed - 1) * 100);
            default -> null;
        };
    }

    public static VoiceConfig apply(VoiceConfig config, double speed, Map<String, ProviderCapabilities> installed) {
        if (speed == 1.0) {
            return config;
        }
        VoiceConfig out = config;
        for (Map.Entry<String, ProviderConfig> e : config.providers().entrySet()) {
            Rule r = rule(e.getKey(), speed);
            ProviderCapabilities caps = installed.get(e.getKey());
            if (r == null || caps == null) {
                continue;
            }
            SettingSpec spec = caps.setting(r.setting()).orElse(null);
            if (spec == null) {
                continue;
            }
            Object current = e.getValue().settings().get(r.setting());
            double base = current instanceof Number n ? n.doubleValue() : ((Number) spec.defaultValue()).doubleValue();
            double wanted = r.apply().apply(base);
            Object value;
            if (spec instanceof SettingSpec.IntegerSetting i) {
                value = Math.max(i.min(), Math.min(i.max(), Math.round(wanted)));
            } else if (spec instanceof SettingSpec.NumberSetting n) {
                value = Math.max(n.min(), Math.min(n.max(), wanted));
            } else {
                continue;
            }
            Map<String, Object> settings = new LinkedHashMap<>(e.getValue().settings());
            settings.put(r.setting(), value);
            out = out.withProvider(e.getKey(), e.getValue().withSettings(settings));
        }
        return out;
    }
}
