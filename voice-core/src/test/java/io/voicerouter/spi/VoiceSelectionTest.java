package io.voicerouter.spi;

import io.voicerouter.config.ProviderConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VoiceSelectionTest {
    @Test
    void anEntryWithoutAVoiceSelectsNone() {
        assertThat(ProviderConfig.enabledDefault().voice()).isEqualTo(VoiceSelection.none());
        VoiceSelection none = VoiceSelection.none();
        assertThat(none.id()).isEmpty();
        assertThat(none.name()).isEmpty();
        assertThat(none.sampleUrl()).isEmpty();
        assertThat(none.sampleDuration()).isEmpty();
        assertThat(none.samples()).isEmpty();
    }

    @Test
    void theEntrysVoiceFieldsAndSamplesArrive() {
        ProviderConfig entry = new ProviderConfig(true, Optional.of("https://x.test/aria.wav?sig=secret"), Optional.of(8.5),
                Optional.of("en-us"), Optional.of("Aria"), Map.of("speed", 1.2), List.of(),
                Map.of("voice_samples", List.of("/data/two.wav", Map.of("url", "file:/data/three.wav"), 7, "  ")));
        VoiceSelection v = entry.voice();
        assertThat(v.id()).contains("en-us");
        assertThat(v.name()).contains("Aria");
        assertThat(v.sampleUrl()).contains("https://x.test/aria.wav?sig=secret");
        assertThat(v.sampleDuration()).contains(8.5);
        assertThat(v.samples()).containsExactly("https://x.test/aria.wav?sig=secret", "/data/two.wav", "file:/data/three.wav");
        assertThat(v).isEqualTo(entry.voice()).hasSameHashCodeAs(entry.voice());
        assertThat(v).isNotEqualTo(entry.withVoiceId("en-gb").voice());
        // a signed sample URL carries a credential: toString never shows it
        assertThat(v.toString()).contains("en-us", "Aria").doesNotContain("secret").doesNotContain("x.test");
    }

    @Test
    void blankPartsCountAsNotGiven() {
        ProviderConfig blank = new ProviderConfig(true, Optional.of(" "), Optional.of(3.0), Optional.of(""),
                Optional.of("  "), Map.of(), List.of(), Map.of());
        assertThat(blank.voice()).isEqualTo(VoiceSelection.none());
        assertThat(VoiceSelection.ofId(" ").id()).isEmpty();
    }

    @Test
    void badSampleLengthsAreRefusedAndNeverNull() {
        assertThatThrownBy(() -> VoiceSelection.none().withSample("a.wav", Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VoiceSelection.none().withSample("a.wav", -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VoiceSelection.ofId(null)).isInstanceOf(NullPointerException.class);
        // a config's duration that no sample can have is dropped, not passed on
        ProviderConfig odd = ProviderConfig.enabledDefault().withVoiceSample("a.wav", -2);
        assertThat(odd.voice().sampleUrl()).contains("a.wav");
        assertThat(odd.voice().sampleDuration()).isEmpty();
    }
}
