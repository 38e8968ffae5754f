package io.voicerouter.provider.piper;

import io.voicerouter.config.VoiceConfig;
import io.voicerouter.config.VoiceConfigJson;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.router.Attempt;
import io.voicerouter.router.SpeechRequest;
import io.voicerouter.router.SpeechResult;
import io.voicerouter.router.VoiceRouter;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.SynthesisOutput;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static io.voicerouter.provider.piper.ProbeVoices.K;
import static io.voicerouter.provider.piper.ProbeVoices.SINGLE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Piper with the real espeak-ng phonemizer from voice-espeak (found through its static factory, as
 * in production), and inside the router, falling back to the espeak provider. Needs libespeak-ng1.
 */
class PiperWithEspeakTest {
    @TempDir
    Path data;

    @BeforeEach
    void install() throws Exception {
        ProbeVoices.install(data.resolve("piper"), SINGLE);
    }

    private ProviderContext context() {
        return ProviderContext.builder().dataDirectory(data).environment(Map.of())
                .option("piper.offline", "true").option("piper.device", "cpu").option("piper.intra_op_threads", "1")
                .build();
    }

    @Test
    void espeakPhonemesBecomeTheIdsPiperWouldSend() {
        try (PiperProvider piper = (PiperProvider) new PiperProviderFactory().create(context())) {
            piper.initialize();
            SynthesisOutput out = piper.synthesize(ProbeVoices.request(piper, "Hello world.", SINGLE,
                    Map.of("normalize", false, "sentence_silence", 0.0)));
            // espeak-ng en-us: "həlˈoʊ wˈɜːld." -> ^ _ h _ ə _ l _ ˈ _ o _ ʊ _ ' ' _ w _ ˈ _ ɜ _ ː _ l _ d _ . _ $
            assertThat(ProbeVoices.decode(out.audio(), K)).containsExactly(1L, 0L, 20L, 0L, 59L, 0L, 24L, 0L, 120L, 0L,
                    27L, 0L, 100L, 0L, 3L, 0L, 35L, 0L, 120L, 0L, 62L, 0L, 122L, 0L, 24L, 0L, 17L, 0L, 10L, 0L, 2L);
        }
    }

    @Test
    void theRouterUsesPiperAndFallsBackToEspeakWhenThePiperVoiceIsMissing() {
        VoiceConfig works = VoiceConfigJson.read("""
                {"active_provider": "piper",
                 "providers": {"piper": {"enabled": true, "voice_id": "%s"}, "espeak": {"enabled": true}},
                 "fallback_chain": ["espeak"], "languages": {"primary": "en"}}
                """.formatted(SINGLE));
        VoiceConfig missing = VoiceConfigJson.read("""
                {"active_provider": "piper",
                 "providers": {"piper": {"enabled": true, "voice_id": "en_US-absent-medium"}, "espeak": {"enabled": true}},
                 "fallback_chain": ["espeak"], "languages": {"primary": "en"}}
                """);
        try (VoiceRouter router = VoiceRouter.builder().discoverProviders(context()).build()) {
            router.initialize();
            SpeechResult ok = router.synthesize(SpeechRequest.of("Hello world.", works));
            assertThat(ok.providerId()).isEqualTo("piper");
            assertThat(ok.fellBack()).isFalse();
            assertThat(ok.metadata()).containsEntry("device", "cpu").containsEntry("voice", SINGLE);

            SpeechResult fell = router.synthesize(SpeechRequest.of("Hello world.", missing));
            assertThat(fell.providerId()).isEqualTo("espeak");
            assertThat(fell.fellBack()).isTrue();
            assertThat(fell.audio().frames()).isPositive();
            assertThat(fell.attempts().get(0)).isInstanceOfSatisfying(Attempt.Failed.class, f -> {
                assertThat(f.providerId()).isEqualTo("piper");
                assertThat(f.kind()).isEqualTo(ErrorKind.MODEL_MISSING);
                assertThat(f.message()).contains("en_US-absent-medium").contains("voice download piper");
            });
            assertThat(fell.attempts().get(fell.attempts().size() - 1)).isInstanceOf(Attempt.Succeeded.class);
        }
    }
}
