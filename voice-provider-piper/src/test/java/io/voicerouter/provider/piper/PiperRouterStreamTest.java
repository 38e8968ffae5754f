package io.voicerouter.provider.piper;

import io.voicerouter.audio.AudioData;
import io.voicerouter.cache.TieredSynthesisCache;
import io.voicerouter.config.VoiceConfig;
import io.voicerouter.config.VoiceConfigJson;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.router.Attempt;
import io.voicerouter.router.SpeechChunk;
import io.voicerouter.router.SpeechRequest;
import io.voicerouter.router.SpeechResult;
import io.voicerouter.router.VoiceRouter;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.stats.ProviderStatsSnapshot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.voicerouter.provider.piper.ProbeVoices.SINGLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Streaming through the router with a real Piper voice (the probe model the repo makes, run by ONNX
 * Runtime) and the real espeak-ng phonemizer; espeak is the fallback. Needs libespeak-ng1.
 */
class PiperRouterStreamTest {
    @TempDir
    Path data;

    @BeforeAll
    static void needsEspeak() {
        boolean available;
        try {
            io.voicerouter.espeak.EspeakProvider p = new io.voicerouter.espeak.EspeakProvider(ProviderContext.defaults());
            p.initialize();
            p.close();
            available = true;
        } catch (RuntimeException | LinkageError e) {
            available = false;
        }
        assumeTrue(available, "libespeak-ng is not installed");
    }

    @BeforeEach
    void install() throws Exception {
        ProbeVoices.install(data.resolve("piper"), SINGLE);
    }

    private ProviderContext context() {
        return ProviderContext.builder().dataDirectory(data).environment(Map.of())
                .option("piper.offline", "true").option("piper.device", "cpu").option("piper.intra_op_threads", "1")
                .build();
    }

    private static VoiceConfig config(String voice) {
        return VoiceConfigJson.read("""
                {"active_provider": "piper",
                 "providers": {"piper": {"enabled": true, "voice_id": "%s"}, "espeak": {"enabled": true}},
                 "fallback_chain": ["espeak"], "languages": {"primary": "en"}}
                """.formatted(voice));
    }

    private static AudioData joined(List<SpeechChunk> chunks) {
        AudioData out = null;
        for (SpeechChunk c : chunks) {
            out = out == null ? c.audio() : out.concat(c.audio());
        }
        return out;
    }

    @Test
    void aStreamedSentenceIsTheSameAudioAsTheWholeOne() {
        try (VoiceRouter router = VoiceRouter.builder().discoverProviders(context()).statsFlushInterval(Duration.ZERO).build()) {
            router.initialize();
            SpeechResult whole = router.synthesize(SpeechRequest.of("Hello world.", config(SINGLE)));
            List<SpeechChunk> got = new ArrayList<>();
            SpeechResult streamed = router.stream(SpeechRequest.of("Hello world.", config(SINGLE)), got::add);
            assertThat(got.get(0).providerId()).isEqualTo("piper");
            assertThat(got.get(0).sampleRate()).isEqualTo(22050);
            assertThat(joined(got)).isEqualTo(whole.audio());
            assertThat(streamed.audio()).isEqualTo(whole.audio());
            assertThat(streamed.metadata()).containsEntry("voice", SINGLE);
            assertThat(router.stats().get("piper").avgFirstAudioMs()).isPositive();
        }
    }

    @Test
    void aMissingVoiceFallsBackToEspeakBeforeTheFirstChunk() {
        try (VoiceRouter router = VoiceRouter.builder().discoverProviders(context()).statsFlushInterval(Duration.ZERO).build()) {
            router.initialize();
            List<SpeechChunk> got = new ArrayList<>();
            SpeechResult r = router.stream(SpeechRequest.of("Hello world. Goodbye.", config("en_US-absent-medium")), got::add);
            assertThat(r.providerId()).isEqualTo("espeak");
            assertThat(got).hasSizeGreaterThanOrEqualTo(2).allMatch(c -> c.providerId().equals("espeak"));
            assertThat(got.get(0).attempts()).singleElement().isInstanceOfSatisfying(Attempt.Failed.class, f -> {
                assertThat(f.providerId()).isEqualTo("piper");
                assertThat(f.kind()).isEqualTo(ErrorKind.MODEL_MISSING);
            });
        }
    }

    @Test
    void identicalStreamsAtOnceMakeTheAudioOnceAndAllHearTheSame() throws Exception {
        try (TieredSynthesisCache cache = TieredSynthesisCache.builder().maximumMemoryBytes(16L << 20).build();
             VoiceRouter router = VoiceRouter.builder().discoverProviders(context()).cache(cache)
                     .statsFlushInterval(Duration.ZERO).build()) {
            router.initialize();
            String text = "One line, said once. Heard by all.";
            List<List<SpeechChunk>> heard = new ArrayList<>();
            List<CompletableFuture<SpeechResult>> futures = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                List<SpeechChunk> mine = new CopyOnWriteArrayList<>();
                heard.add(mine);
                futures.add(router.streamAsync(SpeechRequest.of(text, config(SINGLE)), mine::add));
            }
            AudioData first = futures.get(0).get(30, TimeUnit.SECONDS).audio();
            for (int i = 0; i < 4; i++) {
                assertThat(futures.get(i).get(30, TimeUnit.SECONDS).audio()).isEqualTo(first);
                assertThat(joined(heard.get(i))).isEqualTo(first);
            }
            ProviderStatsSnapshot s = router.stats().get("piper");
            assertThat(s.cacheMisses()).as("one synthesis").isEqualTo(1);
            assertThat(s.cacheHits()).isEqualTo(3);
            assertThat(s.totalCharacters()).isEqualTo(text.length());
        }
    }
}
