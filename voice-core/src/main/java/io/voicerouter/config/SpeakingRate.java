package io.voicerouter.config;

import io.voicerouter.error.InvalidSettingException;
import io.voicerouter.spi.ProviderCapabilities;
import io.voicerouter.spi.SettingSpec;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Applies one speaking-rate factor (1 = the voice's own rate, 2 = twice as fast, as OpenAI's
 * {@code speed} and Spring AI's {@code TextToSpeechOptions.getSpeed()} mean it) to every provider of a
 * personality, each in its own setting and unit. Hosts that expose a single "speed" knob (framework
 * adapters, an HTTP API) use this instead of learning each provider's schema.
 *
 * <p>The factor applies on top of what the personality set (a personality at espeak rate 200 asked
 * for speed 2 speaks at 400). How a provider's rate setting is found, from its settings schema:
 * <ul>
 *   <li>a number setting {@code speed} or {@code speaking_rate}: a factor, multiplied by {@code speed};</li>
 *   <li>an integer setting {@code rate} (espeak, words per minute): multiplied by {@code speed};</li>
 *   <li>a number setting {@code rate} or integer {@code rate_percentage} whose range goes below zero
 *       (Azure, IBM: a change in percent, 0 normal): {@code ((1 + v / 100) * speed - 1) * 100}.</li>
 * </ul>
 * A provider without any of these keeps its own rate. A rate a provider cannot reach is refused with
 * {@link InvalidSettingException} naming the provider and its range ({@link OutOfRange#REFUSE}), or,
 * where a protocol promises a wider range than the voices have (OpenAI's 0.25-4), clamped to the
 * setting's range ({@link OutOfRange#CLAMP}).
 */
public final class SpeakingRate {
    private SpeakingRate() {
    }

    /** What to do with a rate outside a provider's range. */
    public enum OutOfRange {
        /** Refuse it with {@link InvalidSettingException}. */
        REFUSE,
        /** Use the nearest rate the provider has. */
        CLAMP
    }

    /** {@link #apply(VoiceConfig, double, Collection, OutOfRange)} refusing what a provider cannot reach. */
    public static VoiceConfig apply(VoiceConfig config, double speed, Collection<ProviderCapabilities> providers) {
        return apply(config, speed, providers, OutOfRange.REFUSE);
    }

    /**
     * Returns {@code config} with the rate factor written into each provider's settings.
     *
     * @param config    the personality's voice config
     * @param speed     the factor, finite and greater than zero; 1 returns {@code config} unchanged
     * @param providers the capabilities of the providers the router has (providers not listed keep
     *                  their settings)
     * @param outOfRange what to do with a rate outside a provider's range
     * @throws InvalidSettingException when {@code speed} is not a finite positive number, or (REFUSE) a
     *                                 provider of the personality cannot speak at that rate
     */
    public static VoiceConfig apply(VoiceConfig config, double speed, Collection<ProviderCapabilities> providers,
                                    OutOfRange outOfRange) {
        if (!Double.isFinite(speed) || speed <= 0) {
            throw new InvalidSettingException("speed", "speed must be a finite number greater than 0, got " + speed);
        }
        if (speed == 1.0) {
            return config;
        }
        Map<String, ProviderCapabilities> byId = providers.stream()
                .collect(Collectors.toMap(ProviderCapabilities::id, Function.identity(), (a, b) -> a));
        VoiceConfig out = config;
        for (Map.Entry<String, ProviderConfig> e : config.providers().entrySet()) {
            ProviderCapabilities caps = byId.get(e.getKey());
            if (caps == null) {
                continue;
            }
            Optional<Map.Entry<String, Object>> value = rateSetting(caps.id(), caps.settings(),
                    e.getValue().settings(), speed, outOfRange);
            if (value.isPresent()) {
                Map<String, Object> settings = new LinkedHashMap<>(e.getValue().settings());
                settings.put(value.get().getKey(), value.get().getValue());
                out = out.withProvider(e.getKey(), e.getValue().withSettings(settings));
            }
        }
        return out;
    }

    private static Optional<Map.Entry<String, Object>> rateSetting(String provider, List<SettingSpec> schema,
                                                                    Map<String, Object> current, double speed,
                                                                    OutOfRange outOfRange) {
        for (SettingSpec spec : schema) {
            String name = spec.name();
            boolean factor = spec instanceof SettingSpec.NumberSetting && (name.equals("speed") || name.equals("speaking_rate"))
                    || spec instanceof SettingSpec.IntegerSetting i && name.equals("rate") && i.min() >= 0;
            boolean percent = spec instanceof SettingSpec.NumberSetting n && name.equals("rate") && n.min() < 0
                    || spec instanceof SettingSpec.IntegerSetting i2 && name.equals("rate_percentage") && i2.min() < 0;
            if (!factor && !percent) {
                continue;
            }
            // the personality's own value when it set a number, else the schema's default
            double base = current.get(name) instanceof Number v ? v.doubleValue()
                    : ((Number) spec.defaultValue()).doubleValue();
            double wanted = factor ? base * speed : ((1 + base / 100.0) * speed - 1) * 100.0;
            Object value = fit(spec, wanted, outOfRange);
            Optional<String> problem = spec.check(value);
            if (problem.isPresent()) {
                throw new InvalidSettingException(name, String.format(Locale.ROOT,
                        "%s cannot speak at speed %s: %s", provider, speed, problem.get()));
            }
            return Optional.of(Map.entry(name, value));
        }
        return Optional.empty();
    }

    private static Object fit(SettingSpec spec, double wanted, OutOfRange outOfRange) {
        if (spec instanceof SettingSpec.IntegerSetting i) {
            long v = Math.round(wanted);
            return outOfRange == OutOfRange.CLAMP ? Math.max(i.min(), Math.min(i.max(), v)) : v;
        }
        SettingSpec.NumberSetting n = (SettingSpec.NumberSetting) spec;
        return outOfRange == OutOfRange.CLAMP ? Math.max(n.min(), Math.min(n.max(), wanted)) : wanted;
    }
}
