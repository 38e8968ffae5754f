package io.voicerouter.config;

import io.voicerouter.error.InvalidConfigException;
import io.voicerouter.error.InvalidSettingException;
import io.voicerouter.spi.ProviderCapabilities;
import io.voicerouter.spi.SettingSpec;
import io.voicerouter.spi.Settings;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Numbers in a voice_config are read exactly: integer settings used to wrap modulo 2^64
 * ({@code 18446744073709551666} became 50, {@code 1e400} became 0), a huge rate was reported as
 * "got 0", and a number setting of {@code 1e400} crashed validation with NumberFormatException.
 */
class ExactNumbersTest {
    private static final ProviderCapabilities ESPEAK_LIKE = ProviderCapabilities.builder("espeak")
            .setting(SettingSpec.integer("pitch", "Base pitch", 0, 99, 50))
            .setting(SettingSpec.integer("rate", "Words per minute", 80, 450, 175))
            .setting(SettingSpec.number("volume_gain_db", "Gain", -96.0, 16.0, 0.0))
            .setting(SettingSpec.text("voice", "Voice", ""))
            .build();

    private static List<String> errors(String settingsJson) {
        VoiceConfig config = VoiceConfigJson.read("""
                {"active_provider": "espeak", "providers": {"espeak": {"enabled": true, "settings": %s}}}
                """.formatted(settingsJson));
        return VoiceConfigValidator.validate(config, Map.of("espeak", ESPEAK_LIKE)).errors().stream()
                .map(p -> p.path() + ": " + p.message()).toList();
    }

    private static Map<String, Object> settingsOf(String settingsJson) {
        return VoiceConfigJson.read("""
                {"providers": {"espeak": {"enabled": true, "settings": %s}}}
                """.formatted(settingsJson)).providers().get("espeak").settings();
    }

    @Test
    void integersBeyondALongAreOutOfRangeNotWrapped() {
        assertThat(errors("{\"pitch\": 18446744073709551666}")).containsExactly(
                "providers.espeak.settings.pitch: pitch must be between 0 and 99, got 18446744073709551666");
        assertThat(errors("{\"pitch\": 1e400}")).containsExactly(
                "providers.espeak.settings.pitch: pitch must be between 0 and 99, got 1E+400");
        assertThat(errors("{\"rate\": 1e999999999}")).containsExactly(
                "providers.espeak.settings.rate: rate must be between 80 and 450, got 1E+999999999");
        assertThat(errors("{\"pitch\": -18446744073709551566}")).hasSize(1);
        assertThatThrownBy(() -> Settings.resolve(ESPEAK_LIKE.settings(), settingsOf("{\"pitch\": 18446744073709551666}")))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("got 18446744073709551666");
    }

    @Test
    void tinyFractionsAreNotWholeNumbers() {
        assertThat(errors("{\"pitch\": 1e-400}")).containsExactly(
                "providers.espeak.settings.pitch: pitch must be a whole number, got 1E-400");
        assertThat(errors("{\"pitch\": 50.0, \"rate\": 2e2}")).isEmpty();
        assertThat(Settings.resolve(ESPEAK_LIKE.settings(), settingsOf("{\"pitch\": 50.0, \"rate\": 2e2}")).integer("rate"))
                .isEqualTo(200);
    }

    @Test
    void numberSettingsBeyondADoubleAreRefusedNotCrashing() {
        assertThat(errors("{\"volume_gain_db\": 1e400}")).containsExactly(
                "providers.espeak.settings.volume_gain_db: volume_gain_db must be between -96 and 16, got 1E+400");
        assertThat(errors("{\"volume_gain_db\": -1e999999999}")).hasSize(1);
        // A host's own map may hold what JSON cannot.
        assertThatThrownBy(() -> Settings.resolve(ESPEAK_LIKE.settings(), Map.of("volume_gain_db", Double.NaN)))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("finite number, got NaN");
        assertThatThrownBy(() -> Settings.resolve(ESPEAK_LIKE.settings(), Map.of("volume_gain_db", Double.POSITIVE_INFINITY)))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("got Infinity");
        assertThatThrownBy(() -> Settings.resolve(ESPEAK_LIKE.settings(), Map.of("pitch", Double.NaN)))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("whole number, got NaN");
    }

    @Test
    void rawValuesOutsideTheSchemaAreReadExactlyOrRefused() {
        Settings raw = Settings.resolve(List.of(), Map.of("big", new BigInteger("18446744073709551666"),
                "huge", new BigDecimal("1e400"), "nan", Double.NaN, "ok", 7L));
        assertThatThrownBy(() -> raw.integer("big")).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("got 18446744073709551666");
        assertThatThrownBy(() -> raw.number("huge")).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("got 1E+400");
        assertThatThrownBy(() -> raw.number("nan")).isInstanceOf(InvalidSettingException.class);
        assertThat(raw.integer("ok")).isEqualTo(7);
    }

    @Test
    void textSettingsKeepHugeNumbersAsTheirDigits() {
        Settings s = Settings.resolve(ESPEAK_LIKE.settings(), settingsOf("{\"voice\": 18446744073709551666}"));
        assertThat(s.text("voice")).isEqualTo("18446744073709551666");
        assertThat(Settings.resolve(ESPEAK_LIKE.settings(), settingsOf("{\"voice\": 1e999999999}")).text("voice"))
                .isEqualTo("1E+999999999");
    }

    @Test
    void statsCountersAreWholeAndInRangeExactly() {
        assertThatThrownBy(() -> VoiceConfigJson.read("{\"stats\": {\"espeak\": {\"total_generations\": 1.5e-999}}}"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("expected a whole number");
        assertThatThrownBy(() -> VoiceConfigJson.read("{\"stats\": {\"espeak\": {\"failures\": 1e400}}}"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("number out of range: 1E+400");
        assertThat(VoiceConfigJson.read("{\"stats\": {\"espeak\": {\"failures\": 3e2}}}").stats().get("espeak").failures())
                .isEqualTo(300);
    }
}
