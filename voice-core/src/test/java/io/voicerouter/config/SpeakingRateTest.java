package io.voicerouter.config;

import io.voicerouter.error.InvalidSettingException;
import io.voicerouter.spi.ProviderCapabilities;
import io.voicerouter.spi.SettingSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpeakingRateTest {
    private static final List<ProviderCapabilities> PROVIDERS = List.of(
            ProviderCapabilities.builder("espeak").setting(SettingSpec.integer("rate", "wpm", 80, 450, 175)).build(),
            ProviderCapabilities.builder("piper").setting(SettingSpec.number("speed", "factor", 0.5, 2.0, 1.0)).build(),
            ProviderCapabilities.builder("azure_tts").setting(SettingSpec.number("rate", "percent", -50, 100, 0)).build(),
            ProviderCapabilities.builder("ibm_watson")
                    .setting(SettingSpec.integer("rate_percentage", "percent", -100, 100, 0)).build(),
            ProviderCapabilities.builder("plain").setting(SettingSpec.text("voice", "a voice", "x")).build());

    private static VoiceConfig all() {
        VoiceConfig c = VoiceConfig.singleProvider("espeak")
                .withProvider("espeak", ProviderConfig.enabledDefault().withSettings(Map.of("rate", 200)));
        for (String id : List.of("piper", "azure_tts", "ibm_watson", "plain", "not_installed")) {
            c = c.withProvider(id, ProviderConfig.enabledDefault());
        }
        return c;
    }

    private static Object setting(VoiceConfig c, String provider, String name) {
        return c.provider(provider).orElseThrow().settings().get(name);
    }

    @Test
    void eachProviderGetsTheFactorInItsOwnSettingOnTopOfThePersonalitys() {
        VoiceConfig out = SpeakingRate.apply(all(), 1.5, PROVIDERS);

        assertThat(setting(out, "espeak", "rate")).isEqualTo(300L);       // the personality's 200, x1.5
        assertThat(setting(out, "piper", "speed")).isEqualTo(1.5);
        assertThat((Double) setting(out, "azure_tts", "rate")).isCloseTo(50.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(setting(out, "ibm_watson", "rate_percentage")).isEqualTo(50L);
        assertThat(out.provider("plain").orElseThrow().settings()).isEmpty();
        assertThat(out.provider("not_installed").orElseThrow().settings()).isEmpty();
        VoiceConfig same = all();
        assertThat(SpeakingRate.apply(same, 1.0, PROVIDERS)).isSameAs(same);
    }

    @Test
    void aRateOutOfRangeIsRefusedOrClampedAsAsked() {
        assertThatThrownBy(() -> SpeakingRate.apply(all(), 4.0, PROVIDERS))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("speed 4.0");
        VoiceConfig clamped = SpeakingRate.apply(all(), 4.0, PROVIDERS, SpeakingRate.OutOfRange.CLAMP);
        assertThat(setting(clamped, "espeak", "rate")).isEqualTo(450L);
        assertThat(setting(clamped, "piper", "speed")).isEqualTo(2.0);
        assertThat(setting(clamped, "azure_tts", "rate")).isEqualTo(100.0);
        VoiceConfig slow = SpeakingRate.apply(all(), 0.25, PROVIDERS, SpeakingRate.OutOfRange.CLAMP);
        assertThat(setting(slow, "ibm_watson", "rate_percentage")).isEqualTo(-75L);
        assertThat(setting(slow, "azure_tts", "rate")).isEqualTo(-50.0);
    }

    @Test
    void aSpeedThatIsNotAPositiveNumberIsRefused() {
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> SpeakingRate.apply(all(), bad, PROVIDERS)).isInstanceOf(InvalidSettingException.class);
        }
    }
}
