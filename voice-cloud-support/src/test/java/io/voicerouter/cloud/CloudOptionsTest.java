package io.voicerouter.cloud;

import io.voicerouter.config.ProviderConfig;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.SettingSpec;
import io.voicerouter.spi.Settings;
import io.voicerouter.spi.SynthesisRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloudOptionsTest {
    @Test
    void durationsTakeUnitsPlainSecondsAndIso8601() {
        assertThat(CloudOptions.parseDuration("x.timeout", "30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(CloudOptions.parseDuration("x.timeout", " 1500ms ")).isEqualTo(Duration.ofMillis(1500));
        assertThat(CloudOptions.parseDuration("x.timeout", "2.5")).isEqualTo(Duration.ofMillis(2500));
        assertThat(CloudOptions.parseDuration("x.timeout", "0.0005")).isEqualTo(Duration.ofNanos(500_000));
        assertThat(CloudOptions.parseDuration("x.timeout", "PT1M")).isEqualTo(Duration.ofMinutes(1));
        assertThat(CloudOptions.parseDuration("x.timeout", "pt0.5s")).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void badDurationsNameTheOption() {
        for (String bad : new String[] {"soon", "0", "-3s", "0ms", "PT-1S", "1e300", "NaN", "s", ""}) {
            assertThatThrownBy(() -> CloudOptions.parseDuration("azure_tts.timeout", bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("azure_tts.timeout").hasMessageContaining("positive duration");
        }
    }

    @Test
    void durationOptionFallsBackWhenUnset() {
        ProviderContext ctx = ProviderContext.builder().environment(Map.of()).option("a.timeout", "5s").build();
        assertThat(CloudOptions.duration(ctx, "a.timeout", Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(5));
        assertThat(CloudOptions.duration(ctx, "b.timeout", Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void httpUrlsAreCheckedAndTrimmed() {
        assertThat(CloudOptions.httpUrl(" https://api.example.com/v1/ ")).hasValueSatisfying(u ->
                assertThat(u.toString()).isEqualTo("https://api.example.com/v1"));
        assertThat(CloudOptions.httpUrl("http://127.0.0.1:8080")).isPresent();
        assertThat(CloudOptions.httpUrl("ftp://host")).isEmpty();
        assertThat(CloudOptions.httpUrl("httpx://host")).isEmpty();
        assertThat(CloudOptions.httpUrl("not a url")).isEmpty();
        assertThat(CloudOptions.httpUrl("https:///path-only")).isEmpty();
    }

    @Test
    void requestValuesReadSettingsAndTheNamedVoice() {
        List<SettingSpec> specs = List.of(SettingSpec.text("voice_name", "voice", "Default_Voice"),
                SettingSpec.number("rate", "rate", -50, 100, 0), SettingSpec.text("style", "style", ""));
        SynthesisRequest byDefault = request(specs, ProviderConfig.enabledDefault(), Map.of());
        assertThat(RequestValues.explicitVoice(byDefault, "Default_Voice")).isEmpty();
        assertThat(byDefault.settings().number("rate", 7)).isEqualTo(0.0);
        assertThat(byDefault.settings().number("missing", 7)).isEqualTo(7.0);
        assertThat(byDefault.settings().text("style", "x")).isEmpty();

        SynthesisRequest entryVoice = request(specs, ProviderConfig.enabledDefault().withVoiceId(" entry-id "), Map.of());
        assertThat(RequestValues.explicitVoice(entryVoice, "Default_Voice")).contains("entry-id");

        Map<String, Object> set = Map.of("voice_name", " Chosen_Voice ", "rate", 25);
        SynthesisRequest chosen = request(specs, ProviderConfig.enabledDefault().withSettings(set).withVoiceId("entry-id"), set);
        assertThat(RequestValues.explicitVoice(chosen, "Default_Voice")).contains("Chosen_Voice");
        assertThat(chosen.settings().number("rate", 0)).isEqualTo(25.0);

        // Setting the default explicitly in the entry is a choice too.
        Map<String, Object> same = Map.of("voice_name", "Default_Voice");
        SynthesisRequest explicitDefault = request(specs, ProviderConfig.enabledDefault().withSettings(same), same);
        assertThat(RequestValues.explicitVoice(explicitDefault, "Default_Voice")).contains("Default_Voice");
    }

    private static SynthesisRequest request(List<SettingSpec> specs, ProviderConfig config, Map<String, Object> settings) {
        return SynthesisRequest.of("Hi.", "en", config.voice(), Settings.resolve(specs, settings));
    }
}
