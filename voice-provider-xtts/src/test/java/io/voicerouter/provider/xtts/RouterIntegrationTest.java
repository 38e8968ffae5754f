package io.voicerouter.provider.xtts;

import io.voicerouter.config.VoiceConfig;
import io.voicerouter.config.VoiceConfigJson;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.espeak.EspeakProviderFactory;
import io.voicerouter.router.Attempt;
import io.voicerouter.router.InitOutcome;
import io.voicerouter.router.SkipReason;
import io.voicerouter.router.SpeechRequest;
import io.voicerouter.router.SpeechResult;
import io.voicerouter.router.VoiceRouter;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.Settings;
import io.voicerouter.spi.SynthesisRequest;
import io.voicerouter.spi.TtsProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * XTTS as a personality's active provider behind the real router, with the real espeak provider as
 * its fallback: the tiny export speaks, and a missing model or a sample outside 6-30 s shows as a typed
 * failure in the trace before espeak takes over.
 */
class RouterIntegrationTest {
    /** With seed 7 the tiny random model stops by itself after a few tokens. */
    private static final String TEXT = "hello world. this is a test";
    @TempDir
    static Path tmp;
    static Path eightSeconds;
    static Path fourSeconds;
    static Path thirtyTwoSeconds;

    @BeforeAll
    static void samples() {
        eightSeconds = sample("eight.wav", 8);
        fourSeconds = sample("four.wav", 4);
        thirtyTwoSeconds = sample("thirty-two.wav", 32);
    }

    private static Path sample(String name, int seconds) {
        return Fixtures.loopedSpeech(tmp.resolve(name), seconds);
    }

    /** The seed's voice_config shape: xtts_v2 active, espeak next in the chain. */
    private static VoiceConfig personality(Path sample) {
        String json = """
                {
                  "active_provider": "xtts_v2",
                  "providers": {
                    "xtts_v2": {
                      "enabled": true,
                      "voice_sample_url": "%s",
                      "settings": {"temperature": 0.75, "seed": 7, "stream_chunk_size": 0}
                    },
                    "espeak": {"enabled": true}
                  },
                  "fallback_chain": ["xtts_v2", "espeak"],
                  "languages": {"primary": "en", "supported": ["en"]}
                }
                """.formatted(sample.toUri());
        return VoiceConfigJson.read(json);
    }

    private static TtsProvider xtts(Path modelDir) {
        return new XttsProviderFactory().create(context(modelDir));
    }

    private static ProviderContext context(Path modelDir) {
        return ProviderContext.builder().option("xtts_v2.model_dir", modelDir.toString())
                .option("xtts_v2.threads", "1").environment(Map.of()).dataDirectory(tmp).build();
    }

    private static VoiceRouter router(Path modelDir) {
        TtsProvider espeak = new EspeakProviderFactory().create(context(modelDir));
        return VoiceRouter.builder().providers(List.of(xtts(modelDir), espeak)).build();
    }

    @Test
    void activeXttsSpeaksThroughTheRouter() {
        SpeechResult result;
        try (VoiceRouter router = router(Fixtures.tinyModel())) {
            assertThat(router.initialize()).allSatisfy((id, o) -> assertThat(o.ready()).as(id).isTrue());
            result = router.synthesize(SpeechRequest.builder(TEXT, personality(eightSeconds))
                    .language("en").build());
        }
        assertThat(result.providerId()).isEqualTo("xtts_v2");
        assertThat(result.fellBack()).isFalse();
        assertThat(result.attempts()).singleElement().isInstanceOfSatisfying(Attempt.Succeeded.class, s -> {
            assertThat(s.providerId()).isEqualTo("xtts_v2");
            assertThat(s.cached()).isFalse();
            assertThat(s.tries()).isEqualTo(1);
        });
        assertThat(result.audio().sampleRate()).isEqualTo(24000);
        assertThat(result.metadata()).containsEntry("seed", "7").containsEntry("device", "cpu");

        // The router passed the personality's settings through: the provider alone gives the same audio.
        TtsProvider direct = xtts(Fixtures.tinyModel());
        try {
            direct.initialize();
            VoiceConfig config = personality(eightSeconds);
            var request = SynthesisRequest.of(TEXT, "en", config.provider("xtts_v2").orElseThrow().voice(),
                    Settings.resolve(direct.capabilities().settings(),
                            config.provider("xtts_v2").orElseThrow().settings()));
            float[] expected = direct.synthesize(request).audio().samples();
            assertThat(result.audio().samples()).containsExactly(expected);
        } finally {
            direct.close();
        }
    }

    @Test
    void missingModelIsSkippedAsUnavailableAndEspeakSpeaks() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("no-model"));
        // The provider's own error is typed: MODEL_MISSING at initialize, naming the missing files.
        TtsProvider alone = xtts(empty);
        assertThatThrownBy(alone::initialize).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.MODEL_MISSING));

        try (VoiceRouter router = router(empty)) {
            Map<String, InitOutcome> init = router.initialize();
            assertThat(init.get("xtts_v2").state()).isEqualTo(InitOutcome.State.FAILED);
            assertThat(init.get("espeak").ready()).isTrue();

            SpeechResult result = router.synthesize(SpeechRequest.builder(TEXT, personality(eightSeconds))
                    .language("en").build());
            // The router initializes first, so XTTS is never called: the trace shows it Skipped UNAVAILABLE
            // with the initialization error (not Failed MODEL_MISSING), then espeak Succeeded.
            assertThat(result.providerId()).isEqualTo("espeak");
            assertThat(result.fellBack()).isTrue();
            assertThat(result.attempts()).hasSize(2);
            assertThat(result.attempts().get(0)).isInstanceOfSatisfying(Attempt.Skipped.class, s -> {
                assertThat(s.providerId()).isEqualTo("xtts_v2");
                assertThat(s.reason()).isEqualTo(SkipReason.UNAVAILABLE);
                assertThat(s.detail()).startsWith("initialization failed: ProviderException: xtts_v2: "
                                + "XTTS v2 model files missing in " + empty)
                        .contains("gpt_model.onnx", "xtts_v2.model_dir");
            });
            assertThat(result.attempts().get(1)).isInstanceOfSatisfying(Attempt.Succeeded.class,
                    s -> assertThat(s.providerId()).isEqualTo("espeak"));
            assertThat(result.audio().samples()).isNotEmpty();
            assertThat(router.health().get("xtts_v2").status())
                    .isEqualTo(io.voicerouter.spi.ProviderHealth.Status.DOWN);
        }
        // A host that never calls initialize(): the first request initializes on a worker and waits for
        // it, so the trace is the same Skipped UNAVAILABLE, never a Failed MODEL_MISSING.
        try (VoiceRouter router = router(empty)) {
            SpeechResult result = router.synthesize(SpeechRequest.builder(TEXT, personality(eightSeconds))
                    .language("en").build());
            assertThat(result.providerId()).isEqualTo("espeak");
            assertThat(result.attempts()).extracting(Attempt::providerId).containsExactly("xtts_v2", "espeak");
            assertThat(result.attempts().get(0)).isInstanceOfSatisfying(Attempt.Skipped.class,
                    s -> assertThat(s.reason()).isEqualTo(SkipReason.UNAVAILABLE));
        }
    }

    @Test
    void sampleOutsideSixToThirtySecondsFailsAsBadInputAndEspeakSpeaks() {
        try (VoiceRouter router = router(Fixtures.tinyModel())) {
            router.initialize();
            for (Path sample : List.of(fourSeconds, thirtyTwoSeconds)) {
                SpeechResult result = router.synthesize(SpeechRequest.builder(TEXT, personality(sample))
                        .language("en").build());
                assertThat(result.providerId()).as(sample.toString()).isEqualTo("espeak");
                assertThat(result.attempts()).hasSize(2);
                assertThat(result.attempts().get(0)).isInstanceOfSatisfying(Attempt.Failed.class, f -> {
                    assertThat(f.providerId()).isEqualTo("xtts_v2");
                    assertThat(f.kind()).isEqualTo(ErrorKind.BAD_INPUT);
                    assertThat(f.message()).contains(sample.getFileName().toString(), "needs 6-30 s");
                    assertThat(f.tries()).isEqualTo(1); // bad input is not retried
                });
                assertThat(result.attempts().get(1)).isInstanceOfSatisfying(Attempt.Succeeded.class,
                        s -> assertThat(s.providerId()).isEqualTo("espeak"));
            }
            // XTTS stays up: the next request with a good sample speaks through it again.
            SpeechResult ok = router.synthesize(SpeechRequest.builder(TEXT, personality(eightSeconds))
                    .language("en").build());
            assertThat(ok.providerId()).isEqualTo("xtts_v2");
        }
    }
}
