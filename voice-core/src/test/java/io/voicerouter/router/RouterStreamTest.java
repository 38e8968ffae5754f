package io.voicerouter.router;

import io.voicerouter.audio.AudioData;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.spi.SynthesisRequest;
import io.voicerouter.stats.StatsDashboard;
import io.voicerouter.testing.ChunkedToneProvider;
import io.voicerouter.testing.ScriptedProvider;
import io.voicerouter.testing.ToneProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.voicerouter.router.Configs.chain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link VoiceRouter#stream}: order, fallback until the first chunk, stops, cache and sharing. */
class RouterStreamTest {
    private static final String LINE = "Hello there";

    private static VoiceRouter router(List<? extends io.voicerouter.spi.TtsProvider> providers, MapCache cache) {
        VoiceRouterBuilder b = VoiceRouter.builder().providers(providers).statsFlushInterval(Duration.ZERO)
                .resilience(Configs.fastPolicy().maxRetries(0).build());
        if (cache != null) {
            b.cache(cache);
        }
        return b.build();
    }

    private static AudioData joined(List<SpeechChunk> chunks) {
        AudioData out = null;
        for (SpeechChunk c : chunks) {
            out = out == null ? c.audio() : out.concat(c.audio());
        }
        return out;
    }

    private static SynthesisRequest plain(String text) {
        return SynthesisRequest.of(text, "en", io.voicerouter.config.ProviderConfig.enabledDefault().voice(),
                io.voicerouter.spi.Settings.empty());
    }

    @Test
    void chunksArriveInOrderAndTheFirstCarriesProviderRateAndTrace() {
        ToneProvider down = ToneProvider.builder("xtts_v2").failInitialization("no model").build();
        ChunkedToneProvider piper = ChunkedToneProvider.of(ToneProvider.builder("piper").sampleRate(22050).build(),
                1000, Duration.ZERO);
        List<SpeechChunk> got = new ArrayList<>();
        try (VoiceRouter r = router(List.of(down, piper), null)) {
            SpeechResult result = r.stream(SpeechRequest.of(LINE, chain("xtts_v2", "piper")), got::add);
            assertThat(got).hasSizeGreaterThan(1);
            for (int i = 0; i < got.size(); i++) {
                assertThat(got.get(i).index()).isEqualTo(i);
                assertThat(got.get(i).providerId()).isEqualTo("piper");
                assertThat(got.get(i).sampleRate()).isEqualTo(22050);
            }
            SpeechChunk first = got.get(0);
            assertThat(first.first()).isTrue();
            assertThat(first.attempts()).singleElement().satisfies(a -> {
                assertThat(a).isInstanceOf(Attempt.Skipped.class);
                assertThat(((Attempt.Skipped) a).reason()).isEqualTo(SkipReason.UNAVAILABLE);
            });
            assertThat(got.get(1).attempts()).isEmpty();
            assertThat(joined(got)).isEqualTo(piper.tone(plain(LINE)));
            assertThat(result.audio()).isEqualTo(joined(got));
            assertThat(result.providerId()).isEqualTo("piper");
            assertThat(result.fellBack()).isTrue();
        }
    }

    @Test
    void fallsBackWhileNothingWasHeard() {
        ScriptedProvider xtts = ScriptedProvider.of(ToneProvider.of("xtts_v2")).thenFail(ErrorKind.SERVER_ERROR);
        ChunkedToneProvider piper = ChunkedToneProvider.of(ToneProvider.of("piper"), 1000, Duration.ZERO);
        List<SpeechChunk> got = new ArrayList<>();
        try (VoiceRouter r = router(List.of(xtts, piper), null)) {
            SpeechResult result = r.stream(SpeechRequest.of(LINE, chain("xtts_v2", "piper")), got::add);
            assertThat(result.providerId()).isEqualTo("piper");
            assertThat(got.get(0).attempts()).singleElement().isInstanceOf(Attempt.Failed.class);
            assertThat(((Attempt.Failed) got.get(0).attempts().get(0)).kind()).isEqualTo(ErrorKind.SERVER_ERROR);
            assertThat(got).allMatch(c -> c.providerId().equals("piper"));
        }
    }

    @Test
    void aFailureAfterTheFirstChunkEndsTheStreamWithItsTrace() {
        ChunkedToneProvider xtts = ChunkedToneProvider.failingAfter(ToneProvider.of("xtts_v2"), 500, 2,
                ErrorKind.SERVER_ERROR);
        ToneProvider piper = ToneProvider.of("piper");
        List<SpeechChunk> got = new ArrayList<>();
        try (VoiceRouter r = router(List.of(xtts, piper), null)) {
            assertThatThrownBy(() -> r.stream(SpeechRequest.of(LINE, chain("xtts_v2", "piper")), got::add))
                    .isInstanceOfSatisfying(StreamFailedException.class, e -> {
                        assertThat(e.providerId()).isEqualTo("xtts_v2");
                        assertThat(e.chunksDelivered()).isEqualTo(2);
                        assertThat(e.attempts()).singleElement().isInstanceOfSatisfying(Attempt.Failed.class,
                                f -> assertThat(f.kind()).isEqualTo(ErrorKind.SERVER_ERROR));
                    });
            assertThat(got).hasSize(2);
            assertThat(piper.calls()).as("no voice switch mid-line").isZero();
            assertThat(r.stats().get("xtts_v2").failures()).isEqualTo(1);
        }
    }

    @Test
    void theTimeoutStopsTheProvidersWork() throws Exception {
        ChunkedToneProvider piper = ChunkedToneProvider.of(ToneProvider.of("piper"), 200, Duration.ofMillis(40));
        List<SpeechChunk> got = new CopyOnWriteArrayList<>();
        try (VoiceRouter r = router(List.of(piper), null)) {
            SpeechRequest request = SpeechRequest.builder("A long line that takes a while to say", chain("piper"))
                    .timeout(Duration.ofMillis(300)).build();
            assertThatThrownBy(() -> r.stream(request, got::add))
                    .isInstanceOfSatisfying(StreamFailedException.class, e -> assertThat(
                            ((Attempt.Failed) e.attempts().get(e.attempts().size() - 1)).kind()).isEqualTo(ErrorKind.TIMEOUT));
            assertThat(piper.active()).as("the engine's call has returned").isZero();
            int made = piper.chunksMade();
            Thread.sleep(150);
            assertThat(piper.chunksMade()).as("no chunk is made after the stop").isEqualTo(made);
            assertThat(piper.interruptions() + piper.refusedBySink()).isPositive();
            assertThat(made).isLessThan(piper.tone(plain("A long line that takes a while to say")).frames() / 200);
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }
    }

    @Test
    void cancellingTheFutureStopsTheProvidersWork() throws Exception {
        ChunkedToneProvider piper = ChunkedToneProvider.of(ToneProvider.of("piper"), 200, Duration.ofMillis(40));
        CountDownLatch firstChunk = new CountDownLatch(1);
        try (VoiceRouter r = router(List.of(piper), null)) {
            CompletableFuture<SpeechResult> f = r.streamAsync(
                    SpeechRequest.of("A long line that takes a while to say", chain("piper")), c -> firstChunk.countDown());
            assertThat(firstChunk.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(f.cancel(true)).isTrue();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (piper.active() > 0 && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            assertThat(piper.active()).isZero();
            int made = piper.chunksMade();
            Thread.sleep(150);
            assertThat(piper.chunksMade()).isEqualTo(made);
            assertThat(r.stats().get("piper").failures()).as("a cancel does not blame the provider").isZero();
        }
    }

    @Test
    void aFinishedStreamFillsTheCacheAndACachedLineStreamsAtOnce() {
        MapCache cache = new MapCache();
        ChunkedToneProvider piper = ChunkedToneProvider.of(ToneProvider.of("piper"), 500, Duration.ZERO);
        try (VoiceRouter r = router(List.of(piper), cache)) {
            List<SpeechChunk> first = new ArrayList<>();
            r.stream(SpeechRequest.of(LINE, chain("piper")), first::add);
            int calls = piper.calls();
            List<SpeechChunk> second = new ArrayList<>();
            SpeechResult again = r.stream(SpeechRequest.of(LINE, chain("piper")), second::add);
            assertThat(second).singleElement().satisfies(c -> {
                assertThat(c.cached()).isTrue();
                assertThat(c.audio()).isEqualTo(joined(first));
            });
            assertThat(again.cached()).isTrue();
            SpeechResult whole = r.synthesize(SpeechRequest.of(LINE, chain("piper")));
            assertThat(whole.cached()).isTrue();
            assertThat(piper.calls()).isEqualTo(calls);
            assertThat(r.stats().get("piper").cacheHits()).isEqualTo(2);
        }
    }

    @Test
    void identicalConcurrentStreamsShareOneSynthesis() throws Exception {
        ChunkedToneProvider piper = ChunkedToneProvider.of(ToneProvider.of("piper"), 300, Duration.ofMillis(20));
        try (VoiceRouter r = router(List.of(piper), new MapCache())) {
            List<List<SpeechChunk>> all = new ArrayList<>();
            List<CompletableFuture<SpeechResult>> futures = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                List<SpeechChunk> mine = new CopyOnWriteArrayList<>();
                all.add(mine);
                futures.add(r.streamAsync(SpeechRequest.of(LINE, chain("piper")), mine::add));
            }
            for (CompletableFuture<SpeechResult> f : futures) {
                f.get(10, TimeUnit.SECONDS);
            }
            assertThat(piper.calls()).isEqualTo(1);
            AudioData expected = piper.tone(plain(LINE));
            for (List<SpeechChunk> chunks : all) {
                assertThat(joined(chunks)).isEqualTo(expected);
            }
            assertThat(futures.stream().filter(f -> !f.join().cached()).count()).isEqualTo(1);
        }
    }

    @Test
    void aParagraphIsSpokenSentenceBySentenceEachOutWhenReady() {
        ChunkedToneProvider piper = ChunkedToneProvider.of(ToneProvider.of("piper"), 400, Duration.ofMillis(5));
        List<Long> chunkTimes = new ArrayList<>();
        try (VoiceRouter r = router(List.of(piper), null)) {
            String paragraph = "The first sentence is here. The second one follows! And is there a third?";
            SpeechResult res = r.stream(SpeechRequest.of(paragraph, chain("piper")), c -> chunkTimes.add(System.nanoTime()));
            assertThat(res.attempts()).singleElement().isInstanceOfSatisfying(Attempt.Succeeded.class,
                    s -> assertThat(s.tries()).as("three sentences, each made once: no retry").isEqualTo(1));
            assertThat(piper.texts()).containsExactly("The first sentence is here.", "The second one follows!",
                    "And is there a third?");
            assertThat(chunkTimes.get(0)).as("the first sentence is heard before the last is begun")
                    .isLessThan(piper.pieceStarts().get(2));
        }
    }

    @Test
    void timeToFirstAudioIsRecordedPerProvider() {
        ChunkedToneProvider piper = ChunkedToneProvider.of(ToneProvider.of("piper"), 400, Duration.ofMillis(5));
        try (VoiceRouter r = router(List.of(piper), null)) {
            r.stream(SpeechRequest.of(LINE, chain("piper")), c -> { });
            r.stream(SpeechRequest.of("Another line", chain("piper")), c -> { });
            var s = r.stats().get("piper");
            assertThat(s.avgFirstAudioMs()).isPositive();
            assertThat(s.p50FirstAudioMs()).isPositive();
            assertThat(s.p95FirstAudioMs()).isGreaterThanOrEqualTo(s.p50FirstAudioMs());
            assertThat(s.avgFirstAudioMs()).isLessThan(s.avgLatencyMs() + 1e-9);
            assertThat(StatsDashboard.builder().build().render(Map.of("piper", s))).contains("First Audio");
        }
    }

    @Test
    void aSinkThatThrowsEndsTheStreamWithItsExceptionAndDoesNotBlameTheProvider() {
        ChunkedToneProvider piper = ChunkedToneProvider.of(ToneProvider.of("piper"), 300, Duration.ZERO);
        IllegalStateException boom = new IllegalStateException("speaker unplugged");
        try (VoiceRouter r = router(List.of(piper, ToneProvider.of("espeak")), null)) {
            assertThatThrownBy(() -> r.stream(SpeechRequest.of(LINE, chain("piper", "espeak")), c -> {
                throw boom;
            })).isSameAs(boom);
            assertThat(piper.refusedBySink()).isEqualTo(1);
            assertThat(r.stats().get("piper").failures()).isZero();
            assertThat(r.stats().get("espeak").requests()).isZero();
            assertThat(r.health().get("piper").attributes()).containsEntry("circuit", "closed");
        }
    }
}
