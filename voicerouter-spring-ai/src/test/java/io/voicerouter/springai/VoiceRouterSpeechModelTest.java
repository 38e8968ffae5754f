package io.voicerouter.springai;

import io.voicerouter.audio.WavCodec;
import io.voicerouter.cache.TieredSynthesisCache;
import io.voicerouter.config.ProviderConfig;
import io.voicerouter.config.VoiceConfig;
import io.voicerouter.encode.AudioEncoders;
import io.voicerouter.error.EncoderUnavailableException;
import io.voicerouter.error.InvalidSettingException;
import io.voicerouter.router.VoiceRouter;
import io.voicerouter.spi.ProviderContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.ai.audio.tts.TextToSpeechOptions;
import org.springframework.ai.audio.tts.TextToSpeechPrompt;
import org.springframework.ai.audio.tts.TextToSpeechResponse;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Spring AI model over a real router with the real espeak provider. */
class VoiceRouterSpeechModelTest {
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

    /** Piper first (no voice installed here, so it cannot speak), then espeak. */
    private static VoiceConfig piperThenEspeak() {
        return VoiceConfig.singleProvider("espeak")
                .withProvider("piper", ProviderConfig.enabledDefault().withVoiceId("en_US-nobody-medium"))
                .withActiveProvider("piper").withFallbackChain(List.of("piper", "espeak"));
    }

    @Test
    void theChainFallsBackAndTheTraceIsInTheMetadata() {
        VoiceRouterSpeechModel model = VoiceRouterSpeechModel.builder().router(router)
                .defaultVoice(piperThenEspeak()).build();

        TextToSpeechResponse r = model.call(new TextToSpeechPrompt("Hello there."));

        assertThat(WavCodec.read(r.getResult().getOutput()).audio().frames()).isPositive();
        assertThat((String) r.getMetadata().get("provider")).isEqualTo("espeak");
        List<String> attempts = r.getMetadata().get("attempts");
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0)).contains("piper");
    }

    @Test
    void theModelOptionPutsThatProviderFirstAndTheChainStillFollows() {
        VoiceRouterSpeechModel model = VoiceRouterSpeechModel.builder().router(router)
                .defaultVoice(piperThenEspeak()).build();

        TextToSpeechResponse espeakFirst = model.call(new TextToSpeechPrompt("Hello.",
                TextToSpeechOptions.builder().model("espeak").build()));

        assertThat(espeakFirst.getMetadata().<List<String>>get("attempts")).hasSize(1);
        assertThat((String) espeakFirst.getMetadata().get("provider")).isEqualTo("espeak");
    }

    @Test
    void pcmIsRawLittleEndianSixteenBitOfTheSameAudio() {
        try (VoiceRouter cached = VoiceRouter.builder().discoverProviders(ProviderContext.defaults())
                .cache(TieredSynthesisCache.builder().maximumMemoryBytes(1 << 20).build()).build()) {
            cached.initialize();
            VoiceRouterSpeechModel model = VoiceRouterSpeechModel.builder().router(cached)
                    .defaultVoice(VoiceConfig.singleProvider("espeak")).build();
            byte[] wav = model.call(new TextToSpeechPrompt("Same words.")).getResult().getOutput();
            byte[] pcm = model.call(new TextToSpeechPrompt("Same words.",
                    TextToSpeechOptions.builder().format("pcm").build())).getResult().getOutput();

            byte[] wavData = java.util.Arrays.copyOfRange(wav, wav.length - pcm.length, wav.length);
            assertThat(pcm).hasSize(WavCodec.read(wav).audio().frames() * 2).isEqualTo(wavData);
        }
    }

    @Test
    void opusComesOutAsOggOpusAtFortyEightKilohertz() {
        VoiceRouterSpeechModel model = VoiceRouterSpeechModel.builder().router(router)
                .defaultVoice(VoiceConfig.singleProvider("espeak")).build();
        TextToSpeechResponse r = model.call(new TextToSpeechPrompt("Compressed.",
                TextToSpeechOptions.builder().format("opus").build()));
        byte[] opus = r.getResult().getOutput();

        assertThat((Integer) r.getMetadata().get("sampleRate")).isEqualTo(48000);

        assertThat(new String(opus, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("OggS");
        assertThat(new String(opus, 28, 8, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("OpusHead");
    }

    @Test
    void streamingSendsEncodedPiecesAsSentencesAreMadeAndTheFirstCarriesTheTrace() {
        VoiceRouterSpeechModel model = VoiceRouterSpeechModel.builder().router(router)
                .defaultVoice(piperThenEspeak()).build();
        String text = "The first sentence is here. A second one follows it. And a third closes the line.";

        List<TextToSpeechResponse> pieces = model.stream(new TextToSpeechPrompt(text,
                TextToSpeechOptions.builder().format("pcm").build())).collectList().block(java.time.Duration.ofSeconds(60));

        assertThat(pieces).hasSizeGreaterThan(1);
        assertThat((String) pieces.get(0).getMetadata().get("provider")).isEqualTo("espeak");
        assertThat(pieces.get(0).getMetadata().<List<String>>get("attempts")).singleElement()
                .asString().contains("piper");
        int streamed = pieces.stream().mapToInt(p -> p.getResult().getOutput().length).sum();
        byte[] whole = model.call(new TextToSpeechPrompt(text, TextToSpeechOptions.builder().format("pcm").build()))
                .getResult().getOutput();
        // sentence by sentence vs one synthesis: espeak's pauses differ a little, the speech does not
        assertThat((double) streamed).isCloseTo(whole.length, org.assertj.core.data.Percentage.withPercentage(15));
    }

    @Test
    void aStreamThatCannotStartFailsTheFluxWithTheTrace() {
        VoiceConfig nothing = VoiceConfig.singleProvider("espeak")
                .withProvider("espeak", ProviderConfig.enabledDefault().withEnabled(false));
        VoiceRouterSpeechModel model = VoiceRouterSpeechModel.builder().router(router).defaultVoice(nothing).build();

        assertThatThrownBy(() -> model.stream(new TextToSpeechPrompt("Hello.")).blockLast(java.time.Duration.ofSeconds(30)))
                .isInstanceOf(io.voicerouter.router.AllProvidersFailedException.class);
    }

    @Test
    void unknownFormatsAndVoicesAreTypedErrors() {
        VoiceRouterSpeechModel model = VoiceRouterSpeechModel.builder().router(router)
                .defaultVoice(VoiceConfig.singleProvider("espeak")).build();

        assertThatThrownBy(() -> model.call(new TextToSpeechPrompt("x",
                TextToSpeechOptions.builder().format("wma").build())))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("wma");
        assertThatThrownBy(() -> VoiceRouterSpeechModel.builder().router(router)
                .defaultVoice(VoiceConfig.singleProvider("espeak"))
                .defaultOptions(TextToSpeechOptions.builder().format("mp3").build())
                .encoders(AudioEncoders.of(List.of())).build())
                .isInstanceOf(EncoderUnavailableException.class).hasMessageContaining("voice-encoders");
        assertThatThrownBy(() -> model.call(new TextToSpeechPrompt("x",
                TextToSpeechOptions.builder().voice("ghost").build())))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("ghost");
    }
}
