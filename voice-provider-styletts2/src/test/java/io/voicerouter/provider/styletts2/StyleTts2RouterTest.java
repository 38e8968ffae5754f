package io.voicerouter.provider.styletts2;

import io.voicerouter.config.VoiceConfig;
import io.voicerouter.config.VoiceConfigJson;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.espeak.EspeakPhonemizer;
import io.voicerouter.espeak.EspeakProviderFactory;
import io.voicerouter.router.Attempt;
import io.voicerouter.router.InitOutcome;
import io.voicerouter.router.SkipReason;
import io.voicerouter.router.SpeechRequest;
import io.voicerouter.router.SpeechResult;
import io.voicerouter.router.VoiceRouter;
import io.voicerouter.spi.ProviderContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The router with the real styletts2 provider (probe model, real espeak-ng phonemes) as a
 * personality's active provider and the real espeak provider as its fallback.
 */
class StyleTts2RouterTest {

    private static VoiceRouter router(Path modelDir) {
        VoiceRouter r = VoiceRouter.builder()
                .providers(List.of(new StyleTts2ProviderFactory().create(ProviderContext.builder()
                                .option("styletts2.model_dir", modelDir.toString()).build()),
                        new EspeakProviderFactory().create(ProviderContext.defaults())))
                .statsFlushInterval(Duration.ZERO).build();
        r.initialize();
        return r;
    }

    /** A personality speaking through styletts2, falling back to espeak. */
    private static VoiceConfig personality(String styleTts2Entry) {
        return VoiceConfigJson.read("""
                {"active_provider": "styletts2",
                 "providers": {"styletts2": %s, "espeak": {"enabled": true}},
                 "fallback_chain": ["espeak"]}""".formatted(styleTts2Entry));
    }

    @Test
    void theActiveProviderStyleTts2Speaks() throws Exception {
        String text = "Hello world, how are you?";
        try (VoiceRouter r = router(TestData.path("probe"))) {
            SpeechResult res = r.synthesize(SpeechRequest.builder(text, personality(
                    "{\"enabled\": true, \"voice_id\": \"bm_probe\"}")).language("en-US").build());
            assertThat(res.providerId()).isEqualTo("styletts2");
            assertThat(res.fellBack()).isFalse();
            assertThat(res.attempts()).singleElement().isInstanceOfSatisfying(Attempt.Succeeded.class,
                    s -> assertThat(s.providerId()).isEqualTo("styletts2"));
            String ipa = String.join(" ", EspeakPhonemizer.load().phonemize(text, "en-us").stream()
                    .map(s -> Normalizer.normalize(s, Normalizer.Form.NFC)).toList());
            long[] tokens = PhonemeChunker.tokens(ipa, ModelConfig.read(TestData.path("probe/config.json")).vocab(), true);
            float[] w = res.audio().samples();
            assertThat(res.audio().sampleRate()).isEqualTo(24_000);
            for (int i = 0; i < tokens.length; i++) {
                assertThat((long) w[i]).as("token %d", i).isEqualTo(tokens[i]);
            }
            assertThat(w[tokens.length]).as("bm_probe's style row starts at -row").isEqualTo(-(tokens.length - 2));
        }
    }

    @Test
    void aMissingModelFallsBackToEspeak(@TempDir Path empty) {
        try (VoiceRouter r = router(empty.resolve("no-such-model"))) {
            // initialize() records the failure instead of throwing; health says DOWN, so the router skips it.
            assertThat(r.initialize().get("styletts2").state()).isEqualTo(InitOutcome.State.READY);
            SpeechResult res = r.synthesize(SpeechRequest.builder("Hello world.", personality("{\"enabled\": true}"))
                    .language("en").build());
            assertThat(res.providerId()).isEqualTo("espeak");
            assertThat(res.fellBack()).isTrue();
            assertThat(res.attempts()).hasSize(2);
            assertThat(res.attempts().get(0)).isInstanceOfSatisfying(Attempt.Skipped.class, s -> {
                assertThat(s.providerId()).isEqualTo("styletts2");
                assertThat(s.reason()).isEqualTo(SkipReason.UNAVAILABLE);
                // the trace names the provider already; the health detail does not repeat it (ProviderLifecycle)
                assertThat(s.detail()).isEqualTo("reports DOWN: missing model file "
                        + empty.resolve("no-such-model") + ": not a directory"
                        + " (styletts2.model_dir needs a synthesis graph and its vocabulary; see the module README)");
            });
            assertThat(res.attempts().get(1)).isInstanceOfSatisfying(Attempt.Succeeded.class,
                    s -> assertThat(s.providerId()).isEqualTo("espeak"));
            assertThat(res.audio().durationSeconds()).isGreaterThan(0.3);
        }
    }

    @Test
    void aSampleOutsideThreeToTenSecondsIsBadInputAndFallsBack() {
        String shortSample = TestData.path("short.wav").toUri().toString();
        try (VoiceRouter r = router(TestData.path("probe"))) {
            SpeechResult res = r.synthesize(SpeechRequest.builder("Hello world.", personality(
                    "{\"enabled\": true, \"voice_sample_url\": \"" + shortSample + "\"}")).language("en").build());
            assertThat(res.providerId()).isEqualTo("espeak");
            assertThat(res.attempts()).hasSize(2);
            assertThat(res.attempts().get(0)).isInstanceOfSatisfying(Attempt.Failed.class, f -> {
                assertThat(f.providerId()).isEqualTo("styletts2");
                assertThat(f.kind()).isEqualTo(ErrorKind.BAD_INPUT);
                assertThat(f.message()).contains("sample is 2.1 s; StyleTTS2 needs 3-10 s, best 5-8 s: record about");
                assertThat(f.tries()).as("bad input is not retried").isEqualTo(1);
            });
            assertThat(res.attempts().get(1)).isInstanceOfSatisfying(Attempt.Succeeded.class,
                    s -> assertThat(s.providerId()).isEqualTo("espeak"));
        }
    }

    /**
     * hexgrad's export.py graph (int64 duration beside the waveform) speaks through the router; a graph
     * whose style input has the wrong size fails the same way every call: a contract error, tried
     * once (not retried), then the fallback speaks.
     */
    @Test
    void aContractMismatchIsTriedOnceAndFallsBack(@TempDir Path tmp) throws Exception {
        try (VoiceRouter r = router(TestData.path("releases/hexgrad-export-zh"))) {
            SpeechResult ok = r.synthesize(SpeechRequest.builder("Hello.", personality(
                    "{\"enabled\": true, \"voice_id\": \"zf_xiaoxiao\"}")).language("en").build());
            assertThat(ok.providerId()).isEqualTo("styletts2");
        }
        Path dir = java.nio.file.Files.createDirectories(tmp.resolve("bad").resolve("voices"));
        java.nio.file.Files.copy(TestData.path("contract/style-128.onnx"), dir.getParent().resolve("model.onnx"));
        java.nio.file.Files.copy(TestData.path("releases/onnx-community-v1.0/voices/af_heart.bin"), dir.resolve("af_heart.bin"));
        try (VoiceRouter r = router(dir.getParent())) {
            SpeechResult res = r.synthesize(SpeechRequest.builder("Hello world.", personality("{\"enabled\": true}"))
                    .language("en").build());
            assertThat(res.providerId()).isEqualTo("espeak");
            assertThat(res.attempts().get(0)).isInstanceOfSatisfying(Attempt.Failed.class, f -> {
                assertThat(f.providerId()).isEqualTo("styletts2");
                assertThat(f.kind()).isEqualTo(ErrorKind.MISCONFIGURED);
                assertThat(f.message()).contains("the synthesis graph refused its inputs");
                assertThat(f.tries()).as("a contract error is not retried").isEqualTo(1);
            });
        }
    }
}
