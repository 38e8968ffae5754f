package io.voicerouter.langchain4j;

import dev.langchain4j.data.audio.Audio;
import dev.langchain4j.model.audio.TextToSpeechModel;
import dev.langchain4j.model.audio.TextToSpeechRequest;
import io.voicerouter.audio.DecodedWav;
import io.voicerouter.audio.WavCodec;
import io.voicerouter.config.VoiceConfig;
import io.voicerouter.error.InvalidSettingException;
import io.voicerouter.router.AllProvidersFailedException;
import io.voicerouter.router.VoiceRouter;
import io.voicerouter.spi.ProviderContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The adapter speaks through a real router with the real espeak provider. */
class VoiceRouterTextToSpeechModelTest {
    private static VoiceRouter router;

    @BeforeAll
    static void startRouter() {
        router = VoiceRouter.builder().discoverProviders(ProviderContext.defaults()).build();
        router.initialize();
    }

    @AfterAll
    static void closeRouter() {
        router.close();
    }

    private static double seconds(Audio audio) {
        DecodedWav wav = WavCodec.read(audio.binaryData());
        return wav.audio().frames() / (double) wav.audio().sampleRate();
    }

    @Test
    void speaksAWavThroughTheRouter() {
        TextToSpeechModel model = VoiceRouterTextToSpeechModel.builder()
                .router(router).defaultVoice(VoiceConfig.singleProvider("espeak"))
                .timeout(Duration.ofSeconds(20)).build();

        Audio audio = model.synthesize("Hello from LangChain4j.").audio();

        assertThat(audio.mimeType()).isEqualTo("audio/wav");
        DecodedWav wav = WavCodec.read(audio.binaryData());
        assertThat(wav.audio().sampleRate()).isEqualTo(22050);
        assertThat(seconds(audio)).isBetween(0.8, 4.0);
    }

    @Test
    void theRequestsVoiceNamesAPersonalityAndSpeedMakesItFaster() {
        VoiceConfig clerk = VoiceConfig.singleProvider("espeak");
        TextToSpeechModel normal = VoiceRouterTextToSpeechModel.builder()
                .router(router).defaultVoice(VoiceConfig.singleProvider("espeak"))
                .voice("clerk", clerk).build();
        TextToSpeechModel fast = VoiceRouterTextToSpeechModel.builder()
                .router(router).defaultVoice(VoiceConfig.singleProvider("espeak"))
                .voice("clerk", clerk).speed(2.0).build();
        String text = "The quick brown fox jumps over the lazy dog, twice, and then once more.";

        double atOne = seconds(normal.synthesize(TextToSpeechRequest.builder(text).voice("clerk").build()).audio());
        double atTwo = seconds(fast.synthesize(TextToSpeechRequest.builder(text).voice("clerk").build()).audio());

        assertThat(atTwo).isLessThan(atOne * 0.7);
    }

    @Test
    void flacComesBackWithItsMimeType() {
        TextToSpeechModel model = VoiceRouterTextToSpeechModel.builder()
                .router(router).defaultVoice(VoiceConfig.singleProvider("espeak")).format("flac").build();

        Audio audio = model.synthesize("Lossless.").audio();

        assertThat(audio.mimeType()).isEqualTo("audio/flac");
        assertThat(new String(audio.binaryData(), 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("fLaC");
    }

    @Test
    void anUnknownVoiceIsATypedErrorNamingTheKnownOnes() {
        TextToSpeechModel model = VoiceRouterTextToSpeechModel.builder()
                .router(router).defaultVoice(VoiceConfig.singleProvider("espeak"))
                .voice("clerk", VoiceConfig.singleProvider("espeak")).build();

        assertThatThrownBy(() -> model.synthesize(TextToSpeechRequest.builder("Hi").voice("nobody").build()))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("nobody").hasMessageContaining("clerk");
    }

    @Test
    void aChainThatCannotSpeakCarriesTheTrace() {
        VoiceConfig nothing = VoiceConfig.singleProvider("espeak")
                .withProvider("espeak", VoiceConfig.singleProvider("espeak").providers().get("espeak").withEnabled(false));
        TextToSpeechModel model = VoiceRouterTextToSpeechModel.builder().router(router).defaultVoice(nothing).build();

        assertThatThrownBy(() -> model.synthesize("Hello."))
                .isInstanceOf(AllProvidersFailedException.class)
                .satisfies(e -> assertThat(((AllProvidersFailedException) e).attempts()).isNotEmpty());
    }

    @Test
    void aSpeedNoProviderCanReachIsRefused() {
        TextToSpeechModel model = VoiceRouterTextToSpeechModel.builder()
                .router(router).defaultVoice(VoiceConfig.singleProvider("espeak")).speed(10.0).build();

        assertThatThrownBy(() -> model.synthesize("Hello."))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("espeak");
    }

    @Test
    void builderRefusesAMissingRouterOrVoice() {
        assertThatThrownBy(() -> VoiceRouterTextToSpeechModel.builder().build()).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> VoiceRouterTextToSpeechModel.builder().router(router).speed(Double.NaN)
                .defaultVoice(VoiceConfig.singleProvider("espeak")).build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
