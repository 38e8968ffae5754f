package io.voicerouter.espeak;

import io.voicerouter.audio.AudioData;
import io.voicerouter.cache.TieredSynthesisCache;
import io.voicerouter.config.VoiceConfig;
import io.voicerouter.config.VoiceConfigJson;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.router.AllProvidersFailedException;
import io.voicerouter.router.Attempt;
import io.voicerouter.router.SpeechChunk;
import io.voicerouter.router.SpeechRequest;
import io.voicerouter.router.SpeechResult;
import io.voicerouter.router.StreamFailedException;
import io.voicerouter.router.VoiceRouter;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.testing.ChunkedToneProvider;
import io.voicerouter.testing.ScriptedProvider;
import io.voicerouter.testing.ToneProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Streaming through the router with the real espeak-ng engine. Needs libespeak-ng1. */
class EspeakRouterStreamTest {
    private static final String PARAGRAPH = "The first sentence is short. Here comes the second one! "
            + "And a third, to be sure?";

    @BeforeAll
    static void needsEspeak() {
        assumeTrue(EspeakTestSupport.libraryAvailable(), "libespeak-ng is not installed");
    }

    private static VoiceConfig config(String active, String... fallbacks) {
        StringBuilder providers = new StringBuilder("\"" + active + "\": {\"enabled\": true}");
        StringBuilder chain = new StringBuilder();
        for (String f : fallbacks) {
            providers.append(", \"").append(f).append("\": {\"enabled\": true}");
            chain.append(chain.length() == 0 ? "" : ", ").append('"').append(f).append('"');
        }
        return VoiceConfigJson.read("{\"active_provider\": \"" + active + "\", \"providers\": {" + providers
                + "}, \"fallback_chain\": [" + chain + "], \"languages\": {\"primary\": \"en\"}}");
    }

    private static AudioData joined(List<SpeechChunk> chunks) {
        AudioData out = null;
        for (SpeechChunk c : chunks) {
            out = out == null ? c.audio() : out.concat(c.audio());
        }
        return out;
    }

    private static String many(int sentences) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < sentences; i++) {
            b.append("This is sentence number ").append(i + 1).append(" of a long paragraph. ");
        }
        return b.toString();
    }

    @Test
    void aParagraphStreamsSentenceBySentenceWithTheFirstChunkStamped() {
        List<SpeechChunk> got = new ArrayList<>();
        try (VoiceRouter router = VoiceRouter.builder().providers(List.of(new EspeakProvider(ProviderContext.defaults())))
                .statsFlushInterval(Duration.ZERO).build()) {
            SpeechResult result = router.stream(SpeechRequest.of(PARAGRAPH, config("espeak")), got::add);
            assertThat(got).hasSizeGreaterThanOrEqualTo(3);
            assertThat(got.get(0).providerId()).isEqualTo("espeak");
            assertThat(got.get(0).sampleRate()).isEqualTo(22050);
            assertThat(got.get(0).attempts()).isEmpty();
            for (int i = 0; i < got.size(); i++) {
                assertThat(got.get(i).index()).isEqualTo(i);
                assertThat(got.get(i).audio().rms()).isGreaterThan(0.001);
            }
            assertThat(result.audio()).isEqualTo(joined(got));
            assertThat(result.audio().durationSeconds()).isBetween(2.0, 15.0);
            assertThat(router.stats().get("espeak").avgFirstAudioMs()).isPositive();
            assertThat(router.stats().get("espeak").avgFirstAudioMs())
                    .isLessThanOrEqualTo(router.stats().get("espeak").avgLatencyMs());
        }
    }

    @Test
    void aFailingProviderFallsBackToEspeakBeforeAnythingIsHeard() {
        ScriptedProvider piper = ScriptedProvider.of(ToneProvider.of("piper")).otherwise(ErrorKind.SERVER_ERROR);
        List<SpeechChunk> got = new ArrayList<>();
        try (VoiceRouter router = VoiceRouter.builder()
                .providers(List.of(piper, new EspeakProvider(ProviderContext.defaults())))
                .statsFlushInterval(Duration.ZERO).build()) {
            SpeechResult result = router.stream(SpeechRequest.of("Hello there.", config("piper", "espeak")), got::add);
            assertThat(result.providerId()).isEqualTo("espeak");
            assertThat(got).allMatch(c -> c.providerId().equals("espeak"));
            assertThat(got.get(0).attempts()).singleElement().isInstanceOfSatisfying(Attempt.Failed.class,
                    f -> assertThat(f.providerId()).isEqualTo("piper"));
        }
    }

    @Test
    void afterTheFirstChunkAFailureEndsTheStreamAndEspeakIsNotCalled() {
        ChunkedToneProvider piper = ChunkedToneProvider.failingAfter(ToneProvider.of("piper"), 400, 1,
                ErrorKind.SERVER_ERROR);
        try (VoiceRouter router = VoiceRouter.builder()
                .providers(List.of(piper, new EspeakProvider(ProviderContext.defaults())))
                .statsFlushInterval(Duration.ZERO).build()) {
            List<SpeechChunk> got = new ArrayList<>();
            assertThatThrownBy(() -> router.stream(SpeechRequest.of("Hello there.", config("piper", "espeak")), got::add))
                    .isInstanceOfSatisfying(StreamFailedException.class, e -> assertThat(e.chunksDelivered()).isEqualTo(1));
            assertThat(got).hasSize(1);
            assertThat(router.stats().get("espeak").requests()).isZero();
        }
    }

    @Test
    void aFinishedStreamIsCachedAndComesBackAtOnce() {
        try (TieredSynthesisCache cache = TieredSynthesisCache.builder().maximumMemoryBytes(16L << 20).build();
             VoiceRouter router = VoiceRouter.builder().providers(List.of(new EspeakProvider(ProviderContext.defaults())))
                     .cache(cache).statsFlushInterval(Duration.ZERO).build()) {
            List<SpeechChunk> first = new ArrayList<>();
            router.stream(SpeechRequest.of(PARAGRAPH, config("espeak")), first::add);
            List<SpeechChunk> second = new ArrayList<>();
            SpeechResult again = router.stream(SpeechRequest.of(PARAGRAPH, config("espeak")), second::add);
            assertThat(again.cached()).isTrue();
            assertThat(second).singleElement().satisfies(c -> {
                assertThat(c.cached()).isTrue();
                assertThat(c.audio()).isEqualTo(joined(first));
            });
        }
    }

    @Test
    void cancellingStopsEspeakAndTheEngineIsFreeAtOnce() throws Exception {
        List<SpeechChunk> got = new CopyOnWriteArrayList<>();
        CountDownLatch firstChunk = new CountDownLatch(1);
        try (VoiceRouter router = VoiceRouter.builder().providers(List.of(new EspeakProvider(ProviderContext.defaults())))
                .statsFlushInterval(Duration.ZERO).build()) {
            CompletableFuture<SpeechResult> f = router.streamAsync(SpeechRequest.of(many(40), config("espeak")), c -> {
                got.add(c);
                firstChunk.countDown();
            });
            assertThat(firstChunk.await(10, TimeUnit.SECONDS)).isTrue();
            f.cancel(true);
            Thread.sleep(200);
            int heard = got.size();
            Thread.sleep(300);
            assertThat(got).hasSize(heard);
            assertThat(heard).isLessThan(40);
            SpeechResult next = router.synthesize(SpeechRequest.builder("Still here.", config("espeak"))
                    .timeout(Duration.ofSeconds(10)).build());
            assertThat(next.audio().frames()).isPositive();
            assertThat(router.stats().get("espeak").failures()).isZero();
        }
    }

    @Test
    void theTimeoutEndsAStreamAlreadyHeardAsABrokenStream() {
        List<SpeechChunk> got = new ArrayList<>();
        try (VoiceRouter router = VoiceRouter.builder().providers(List.of(new EspeakProvider(ProviderContext.defaults())))
                .statsFlushInterval(Duration.ZERO).build()) {
            router.initialize(); // the engine's loading is not part of the request's time
            SpeechRequest request = SpeechRequest.builder(many(30), config("espeak")).timeout(Duration.ofSeconds(2)).build();
            assertThatThrownBy(() -> router.stream(request, c -> {
                got.add(c);
                try {
                    Thread.sleep(500); // a slow listener: the deadline passes mid-paragraph
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            })).isInstanceOfSatisfying(StreamFailedException.class, e -> {
                assertThat(e.providerId()).isEqualTo("espeak");
                assertThat(e.attempts().get(e.attempts().size() - 1)).isInstanceOfSatisfying(Attempt.Failed.class,
                        f -> assertThat(f.kind()).isEqualTo(ErrorKind.TIMEOUT));
            });
            assertThat(got.size()).isBetween(1, 6);
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }
    }

    @Test
    void aTimeoutBeforeAnyAudioIsAnOrdinaryFailureWithTheTrace() {
        try (VoiceRouter router = VoiceRouter.builder().providers(List.of(new EspeakProvider(ProviderContext.defaults())))
                .statsFlushInterval(Duration.ZERO).build()) {
            router.initialize();
            SpeechRequest request = SpeechRequest.builder(many(3), config("espeak")).timeout(Duration.ofNanos(1)).build();
            assertThatThrownBy(() -> router.stream(request, c -> { }))
                    .isInstanceOf(AllProvidersFailedException.class);
        }
    }
}
