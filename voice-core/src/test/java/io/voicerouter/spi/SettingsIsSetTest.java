package io.voicerouter.spi;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SettingsIsSetTest {
    private static final List<SettingSpec> SCHEMA = List.of(
            SettingSpec.number("alpha", "style mix", 0, 1, 0.3),
            SettingSpec.text("voice_name", "voice", "en-US-Default"));

    @Test
    void onlyWhatTheConfigGaveIsSetNotTheDefaults() {
        Map<String, Object> given = new HashMap<>();
        given.put("alpha", 0.3); // equal to the default, but chosen
        given.put("voice_name", null); // present without a value: not a choice
        given.put("temperature", 0.9); // an alias outside the schema
        Settings s = Settings.resolve(SCHEMA, given);
        assertThat(s.isSet("alpha")).isTrue();
        assertThat(s.isSet("voice_name")).isFalse();
        assertThat(s.isSet("temperature")).isTrue();
        assertThat(s.has("voice_name")).as("the default is still there to read").isTrue();
        assertThat(Settings.resolve(SCHEMA, Map.of()).isSet("alpha")).isFalse();
        assertThat(Settings.empty().isSet("alpha")).isFalse();
    }

    @Test
    void booleansAreReadOneStrictWay() {
        Settings s = Settings.resolve(List.of(SettingSpec.bool("normalize", "peak", true)),
                Map.of("raw_yes", "TRUE", "raw_no", "false", "typo", "ture"));
        assertThat(s.bool("normalize")).isTrue();
        assertThat(s.bool("raw_yes")).isTrue();
        assertThat(s.bool("raw_no")).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.bool("typo"))
                .isInstanceOfSatisfying(io.voicerouter.error.InvalidSettingException.class,
                        e -> assertThat(e.getMessage()).contains("typo").contains("true or false"));
    }
}
