package io.voicerouter.router;

import io.voicerouter.config.VoiceConfig;
import io.voicerouter.spi.ProviderHealth;
import io.voicerouter.spi.ProviderKind;
import io.voicerouter.stats.ProviderStatsSnapshot;
import io.voicerouter.testing.BlockingProvider;
import io.voicerouter.testing.ToneProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.voicerouter.router.Configs.chain;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class RouterConcurrencyTest {

    @Test
    void fiftyThreadsShareOneRouterWithoutLosingCounts() throws Exception {
        ToneProvider piper = ToneProvider.builder("piper").secondsPerCharacter(0.001).build();
        MapCache cache = new MapCache();
        int threads = 50;
        int perThread = 20;
        VoiceConfig c = chain("piper");
        ExecutorService callers = Executors.newFixedThreadPool(threads);
        try (VoiceRouter r = VoiceRouter.builder().providers(List.of(piper)).cache(cache).localConcurrency(4)
                .statsFlushInterval(Duration.ZERO).build()) {
            r.initialize();
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Long>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(callers.submit(() -> {
                    go.await();
                    long chars = 0;
                    for (int i = 0; i < perThread; i++) {
                        String text = "line " + ((thread * perThread + i) % 100); // 100 distinct lines, each 10x
                        SpeechResult res = r.synthesize(SpeechRequest.of(text, c));
                        if (!res.cached()) {
                            chars += text.length();
                        }
                    }
                    return chars;
                }));
            }
            go.countDown();
            long expectedChars = 0;
            for (Future<Long> f : results) {
                expectedChars += f.get(50, TimeUnit.SECONDS);
            }
            ProviderStatsSnapshot s = r.stats().get("piper");
            long total = (long) threads * perThread;
            assertThat(s.requests()).isEqualTo(total);
            assertThat(s.successes()).isEqualTo(total);
            assertThat(s.failures()).isZero();
            assertThat(s.cacheHits() + s.cacheMisses()).isEqualTo(total);
            assertThat(s.cacheMisses()).isEqualTo(100).isEqualTo(piper.calls());
            assertThat(s.totalCharacters()).isEqualTo(expectedChars);
            assertThat(r.usage().get("piper").totalGenerations()).isEqualTo(total);
            assertThat(piper.maxConcurrent()).isLessThanOrEqualTo(4);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void skipsFailuresAndFallbacksAreCountedExactlyUnderContention() throws Exception {
        ToneProvider disabled = ToneProvider.of("styletts2");
        io.voicerouter.testing.ScriptedProvider refusing = io.voicerouter.testing.ScriptedProvider
                .of(ToneProvider.of("xtts_v2")).otherwise(io.voicerouter.error.ErrorKind.BAD_INPUT);
        ToneProvider piper = ToneProvider.builder("piper").secondsPerCharacter(0.001).build();
        VoiceConfig c = chain("styletts2", "xtts_v2", "piper")
                .withProvider("styletts2", io.voicerouter.config.ProviderConfig.enabledDefault().withEnabled(false));
        int threads = 50;
        int perThread = 10;
        ExecutorService callers = Executors.newFixedThreadPool(threads);
        try (VoiceRouter r = VoiceRouter.builder().providers(List.of(disabled, refusing, piper))
                .statsFlushInterval(Duration.ZERO).build()) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                fs.add(callers.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        assertThat(r.synthesizeAsync(SpeechRequest.of("Hello", c)).get(30, TimeUnit.SECONDS)
                                .attempts()).hasSize(3);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : fs) {
                f.get(50, TimeUnit.SECONDS);
            }
            long total = (long) threads * perThread;
            Map<String, ProviderStatsSnapshot> stats = r.stats();
            assertThat(stats.get("styletts2").skips()).isEqualTo(total);
            assertThat(stats.get("styletts2").requests()).isZero();
            assertThat(stats.get("xtts_v2").failures()).isEqualTo(total).isEqualTo(refusing.calls());
            assertThat(stats.get("piper").successes()).isEqualTo(total);
            assertThat(stats.get("piper").totalCharacters()).isEqualTo(5 * total);
            assertThat(stats.get("piper").monthlyCharacters().values()).containsExactly(5 * total);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void localEnginesRunAtMostLocalConcurrencyAtOnceButCloudOnesAreNotLimited() throws Exception {
        BlockingProvider local = BlockingProvider.holdingSynthesis(ToneProvider.of("piper"));
        BlockingProvider cloud = BlockingProvider.holdingSynthesis(
                ToneProvider.builder("google_tts").kind(ProviderKind.CLOUD).build());
        try (VoiceRouter r = VoiceRouter.builder().providers(List.of(local, cloud)).localConcurrency(2)
                .executor(Executors.newFixedThreadPool(16)).statsFlushInterval(Duration.ZERO).build()) {
            List<CompletableFuture<SpeechResult>> futures = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                futures.add(r.synthesizeAsync(SpeechRequest.of("local " + i, chain("piper"))));
                futures.add(r.synthesizeAsync(SpeechRequest.of("cloud " + i, chain("google_tts"))));
            }
            assertThat(cloud.awaitStarted(6, Duration.ofSeconds(20))).isTrue();
            assertThat(local.awaitStarted(2, Duration.ofSeconds(20))).isTrue();
            assertThat(local.awaitStarted(3, Duration.ofMillis(300))).as("a third local call got in").isFalse();
            local.release();
            cloud.release();
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            assertThat(local.maxConcurrent()).isEqualTo(2);
            assertThat(cloud.maxConcurrent()).isEqualTo(6);
        }
    }

    @Test
    void initializationRunsInParallelAndOneSlowOrBrokenProviderBlocksNoOther() throws Exception {
        BlockingProvider slow = BlockingProvider.holdingInitialization(ToneProvider.of("xtts_v2"));
        ToneProvider broken = ToneProvider.builder("styletts2").failInitialization("checkpoint epochs_2nd_00020.pth not found").build();
        ToneProvider piper = ToneProvider.of("piper");
        VoiceConfig c = chain("xtts_v2", "styletts2", "piper");
        try (VoiceRouter r = VoiceRouter.builder().providers(List.of(slow, broken, piper))
                .initTimeout(Duration.ofMillis(500)).statsFlushInterval(Duration.ZERO).build()) {
            Map<String, InitOutcome> outcomes = r.initialize();
            assertThat(outcomes.get("xtts_v2").state()).isEqualTo(InitOutcome.State.PENDING);
            assertThat(outcomes.get("styletts2").state()).isEqualTo(InitOutcome.State.FAILED);
            assertThat(outcomes.get("styletts2").detail()).contains("epochs_2nd_00020.pth not found");
            assertThat(outcomes.get("piper").ready()).isTrue();
            assertThat(r.health().get("xtts_v2").status()).isEqualTo(ProviderHealth.Status.NOT_INITIALIZED);
            assertThat(r.health().get("styletts2").status()).isEqualTo(ProviderHealth.Status.DOWN);

            SpeechResult res = r.synthesize(SpeechRequest.of("Hi", c));
            assertThat(res.providerId()).isEqualTo("piper");
            assertThat(res.attempts().subList(0, 2)).allSatisfy(a -> assertThat(((Attempt.Skipped) a).reason())
                    .isEqualTo(SkipReason.UNAVAILABLE));
            assertThat(((Attempt.Skipped) res.attempts().get(1)).detail()).contains("epochs_2nd_00020.pth not found");

            slow.release();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (r.health().get("xtts_v2").status() != ProviderHealth.Status.UP && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertThat(r.synthesize(SpeechRequest.of("Hi", c)).providerId()).isEqualTo("xtts_v2");
            assertThat(r.initialize().get("xtts_v2").ready()).isTrue();
        }
    }

    @Test
    void firstRequestInitializesLazilyOnce() {
        ToneProvider piper = ToneProvider.of("piper");
        try (VoiceRouter r = VoiceRouter.builder().providers(List.of(piper)).statsFlushInterval(Duration.ZERO).build()) {
            assertThat(r.health().get("piper").status()).isEqualTo(ProviderHealth.Status.NOT_INITIALIZED);
            r.synthesize(SpeechRequest.of("Hi", chain("piper")));
            r.synthesize(SpeechRequest.of("Hi", chain("piper")));
            assertThat(piper.initializations()).isEqualTo(1);
        }
    }
}
