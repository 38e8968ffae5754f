package io.voicerouter.spi;

import io.voicerouter.error.InvalidSettingException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one way providers read numbers, booleans and text from their settings. */
class SettingsTypedReadsTest {
    private static final List<SettingSpec> SCHEMA = List.of(
            SettingSpec.number("speed", "factor", 0.5, 2.0, 1.0),
            SettingSpec.integer("rate", "wpm", 80, 450, 175),
            SettingSpec.bool("normalize", "peak-normalize", true),
            SettingSpec.text("style", "style", ""));

    @Test
    void defaultsAndGivenValuesAreRead() {
        Settings s = Settings.resolve(SCHEMA, Map.of("speed", 1.5));
        assertThat(s.number("speed")).isEqualTo(1.5);
        assertThat(s.number("speed", 9)).isEqualTo(1.5);
        assertThat(s.integer("rate")).isEqualTo(175);
        assertThat(s.integer("rate", 9)).isEqualTo(175);
        assertThat(s.bool("normalize", false)).isTrue();
        assertThat(s.text("style", "x")).isEmpty();
    }

    @Test
    void absentSettingsGiveTheCallersValueOnlyWhenAskedTo() {
        Settings none = Settings.empty();
        assertThat(none.number("speed", 1.25)).isEqualTo(1.25);
        assertThat(none.integer("rate", 175)).isEqualTo(175);
        assertThat(none.bool("normalize", true)).isTrue();
        assertThat(none.text("style", "calm")).isEqualTo("calm");
        assertThatThrownBy(() -> none.number("speed")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("speed");
    }

    @Test
    void valuesOutsideTheSchemaAreReadExactlyOrRefusedByName() {
        // keys outside the schema are kept as given: text numbers are read, nothing else passes
        Settings raw = Settings.resolve(List.of(), Map.of("a", "0.5", "b", " 3 ", "nan", "NaN", "inf", "Infinity",
                "huge", new BigDecimal("1e400"), "word", "fast", "wraps", new java.math.BigInteger("18446744073709551666"),
                "dnan", Double.NaN));
        assertThat(raw.number("a")).isEqualTo(0.5);
        assertThat(raw.integer("b")).isEqualTo(3);
        for (String name : List.of("nan", "inf", "huge", "word", "dnan")) {
            assertThatThrownBy(() -> raw.number(name)).as(name)
                    .isInstanceOfSatisfying(InvalidSettingException.class, e -> assertThat(e.setting()).isEqualTo(name))
                    .hasMessageContaining(name + " must be a finite number");
        }
        assertThatThrownBy(() -> raw.integer("wraps")).isInstanceOfSatisfying(InvalidSettingException.class,
                e -> assertThat(e.setting()).isEqualTo("wraps")).hasMessageContaining("18446744073709551666");
        assertThatThrownBy(() -> raw.integer("a")).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("whole number");
    }

    @Test
    void rangedIntegersNameTheRange() {
        Settings raw = Settings.resolve(List.of(), Map.of("rate", 1_000_000));
        assertThatThrownBy(() -> raw.integer("rate", 80, 450))
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> assertThat(e.setting()).isEqualTo("rate"))
                .hasMessageContaining("from 80 to 450").hasMessageContaining("1000000");
        assertThat(Settings.resolve(List.of(), Map.of("rate", 450L)).integer("rate", 80, 450)).isEqualTo(450);
    }
}
