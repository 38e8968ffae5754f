package io.voicerouter.router;

import io.voicerouter.config.VoiceConfig;
import io.voicerouter.error.InvalidRequestException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpeechRequestPersonalityTest {
    private static final VoiceConfig PIPER = VoiceConfig.singleProvider("piper");

    @Test
    void thePersonalityIdIsOptionalAndChecked() {
        assertThat(SpeechRequest.of("Hi", PIPER).personalityId()).isEmpty();
        SpeechRequest r = SpeechRequest.builder("Hi", PIPER).personality("aria-7").build();
        assertThat(r.personalityId()).contains("aria-7");
        assertThat(r.toString()).contains("personality=aria-7");
        assertThatThrownBy(() -> SpeechRequest.builder("Hi", PIPER).personality(""))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> SpeechRequest.builder("Hi", PIPER).personality("a\nb"))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> SpeechRequest.builder("Hi", PIPER).personality("x".repeat(201)))
                .isInstanceOf(InvalidRequestException.class);
    }
}
