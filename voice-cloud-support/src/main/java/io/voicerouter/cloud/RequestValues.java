package io.voicerouter.cloud;

import io.voicerouter.config.ProviderConfig;
import io.voicerouter.error.InvalidSettingException;
import io.voicerouter.spi.ExactNumbers;
import io.voicerouter.spi.Settings;
import io.voicerouter.spi.SynthesisRequest;

import java.util.Optional;

/** Reads what a synthesis request asks for, the same way in every cloud provider. */
public final class RequestValues {
    private RequestValues() {
    }

    /**
     * The numeric setting {@code name}, or {@code fallback} when it is absent or not a number.
     *
     * @throws InvalidSettingException when it is a number no double holds: NaN, infinite, or beyond
     *                                 a double's range such as {@code 1e400} (never silently infinite or 0)
     */
    public static double number(Settings settings, String name, double fallback) {
        Optional<Object> value = settings.get(name).filter(Number.class::isInstance);
        if (value.isEmpty()) {
            return fallback;
        }
        double d = ExactNumbers.exact(value.get()).map(java.math.BigDecimal::doubleValue).orElse(Double.NaN);
        if (!Double.isFinite(d)) {
            throw new InvalidSettingException(name, name + " must be a finite number, got "
                    + ExactNumbers.describe(value.get()));
        }
        return d;
    }

    /** The text setting {@code name}, or {@code fallback} when it is absent. */
    public static String text(Settings settings, String name, String fallback) {
        return settings.get(name).map(Object::toString).orElse(fallback);
    }

    /**
     * The voice the personality named: the {@code voice_name} setting (what a host UI edits), else
     * the entry's {@code voice_name}, else its {@code voice_id}; stripped, blank ones skipped.
     *
     * @param settingDefault the {@code voice_name} setting's default: a setting equal to it that the
     *                       entry did not set itself is the provider's default, not a choice
     */
    public static Optional<String> explicitVoice(SynthesisRequest request, String settingDefault) {
        ProviderConfig config = request.config();
        Optional<String> setting = request.settings().get("voice_name").map(Object::toString).filter(s -> !s.isBlank());
        boolean chosen = request.settings().isSet("voice_name")
                || setting.filter(s -> !s.equals(settingDefault)).isPresent();
        return (chosen ? setting : Optional.<String>empty())
                .or(() -> config.voiceName().filter(s -> !s.isBlank()))
                .or(() -> config.voiceId().filter(s -> !s.isBlank()))
                .map(String::strip);
    }
}
