package io.voicerouter.spring.boot;

import org.junit.jupiter.api.Test;
import org.springframework.ai.audio.tts.TextToSpeechModel;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

import static org.assertj.core.api.Assertions.assertThat;

/** A whole Spring Boot application with the starter on its class path, as a host would run it. */
class SpringApplicationStarterTest {
    @SpringBootApplication
    static class HostApplication {
    }

    @Component
    static class Greeter {
        @Autowired
        TextToSpeechModel speech;

        byte[] greet() {
            return speech.call("Welcome to the shop.");
        }
    }

    @Test
    void theHostAutowiresTextToSpeechModelAndItSpeaks() {
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(HostApplication.class, Greeter.class)
                .web(WebApplicationType.NONE).properties("spring.main.banner-mode=off").run()) {
            byte[] wav = ctx.getBean(Greeter.class).greet();
            assertThat(new String(wav, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("RIFF");
            assertThat(wav.length).isGreaterThan(20_000);
        }
    }
}
