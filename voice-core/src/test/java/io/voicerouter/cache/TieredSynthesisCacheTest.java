package io.voicerouter.cache;

import io.voicerouter.audio.AudioData;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TieredSynthesisCacheTest {
    static final CacheKey BASE = new CacheKey("Hello, world.", "en", "piper", "sha256:0f1e2d", "en_US-amy",
            Map.of("speed", 1.0, "noise_scale", 0.667), "pcm_f32@22050x1", 0);

    static AudioData tone(int samples, float value) {
        float[] s = new float[samples];
        for (int i = 0; i < samples; i++) {
            s[i] = value * (float) Math.sin(i * 0.05);
        }
        return AudioData.mono(s, 22_050);
    }

    static CacheKey with(CacheKey k, String text, String language, String provider, String model, String voice,
                         Map<String, Object> settings, String format, long seed) {
        return new CacheKey(text, language, provider, model, voice, settings, format, seed);
    }

    static Map<String, Object> settings(String name, Object value) {
        Map<String, Object> m = new TreeMap<>(BASE.settings());
        m.put(name, value);
        return m;
    }

    static Stream<Arguments> oneFieldChanged() {
        CacheKey b = BASE;
        return Stream.of(
                Arguments.of("text", with(b, "Hello, world!", b.language(), b.providerId(), b.modelIdentity(),
                        b.voiceIdentity(), b.settings(), b.outputFormat(), b.seed())),
                Arguments.of("language", with(b, b.text(), "en-GB", b.providerId(), b.modelIdentity(),
                        b.voiceIdentity(), b.settings(), b.outputFormat(), b.seed())),
                Arguments.of("provider", with(b, b.text(), b.language(), "styletts2", b.modelIdentity(),
                        b.voiceIdentity(), b.settings(), b.outputFormat(), b.seed())),
                Arguments.of("model identity", with(b, b.text(), b.language(), b.providerId(), "sha256:0f1e2e",
                        b.voiceIdentity(), b.settings(), b.outputFormat(), b.seed())),
                Arguments.of("voice identity", with(b, b.text(), b.language(), b.providerId(), b.modelIdentity(),
                        "sample-sha256:77aa", b.settings(), b.outputFormat(), b.seed())),
                Arguments.of("setting speed", with(b, b.text(), b.language(), b.providerId(), b.modelIdentity(),
                        b.voiceIdentity(), settings("speed", 1.1), b.outputFormat(), b.seed())),
                Arguments.of("setting noise_scale", with(b, b.text(), b.language(), b.providerId(),
                        b.modelIdentity(), b.voiceIdentity(), settings("noise_scale", 0.5), b.outputFormat(),
                        b.seed())),
                Arguments.of("added setting", with(b, b.text(), b.language(), b.providerId(), b.modelIdentity(),
                        b.voiceIdentity(), settings("noise_w", 0.8), b.outputFormat(), b.seed())),
                Arguments.of("removed setting", with(b, b.text(), b.language(), b.providerId(), b.modelIdentity(),
                        b.voiceIdentity(), Map.of("speed", 1.0), b.outputFormat(), b.seed())),
                Arguments.of("output format", with(b, b.text(), b.language(), b.providerId(), b.modelIdentity(),
                        b.voiceIdentity(), b.settings(), "wav_s16@22050x1", b.seed())),
                Arguments.of("seed", with(b, b.text(), b.language(), b.providerId(), b.modelIdentity(),
                        b.voiceIdentity(), b.settings(), b.outputFormat(), 42)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oneFieldChanged")
    void changingAnyOneFieldMisses(String field, CacheKey changed) throws Exception {
        try (TieredSynthesisCache cache = TieredSynthesisCache.builder().build()) {
            AtomicInteger runs = new AtomicInteger();
            AudioData first = tone(100, 0.5f);
            AudioData second = tone(100, 0.25f);
            assertThat(cache.get(BASE, count(runs, first)).hit()).isFalse();

            SynthesisCache.Lookup other = cache.get(changed, count(runs, second));

            assertThat(other.hit()).as(field).isFalse();
            assertThat(other.audio()).isEqualTo(second);
            assertThat(runs).hasValue(2);
            assertThat(cache.getIfPresent(BASE)).contains(first);
        }
    }

    @Test
    void whiteSpaceAndNfcEquivalentTextHits() throws Exception {
        try (TieredSynthesisCache cache = TieredSynthesisCache.builder().build()) {
            CacheKey composed = with(BASE, "Caf\u00e9 au lait.", "en", BASE.providerId(), BASE.modelIdentity(),
                    BASE.voiceIdentity(), BASE.settings(), BASE.outputFormat(), 0);
            CacheKey decomposed = with(BASE, "  Cafe\u0301   au\tlait. ", "en", BASE.providerId(),
                    BASE.modelIdentity(), BASE.voiceIdentity(), BASE.settings(), BASE.outputFormat(), 0);
            AudioData audio = tone(50, 0.3f);
            cache.get(composed, () -> audio);

            SynthesisCache.Lookup lookup = cache.get(decomposed, () -> {
                throw new AssertionError("must be served from the cache");
            });

            assertThat(lookup.hit()).isTrue();
            assertThat(lookup.audio()).isEqualTo(audio);
            assertThat(cache.stats().hits()).isEqualTo(1);
            assertThat(cache.stats().misses()).isEqualTo(1);
        }
    }

    @Test
    void tenIdenticalConcurrentRequestsRunOneSynthesis() throws Exception {
        TieredSynthesisCache cache = TieredSynthesisCache.builder().build();
        int callers = 10;
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch synthesisStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AudioData audio = tone(1000, 0.7f);
        Callable<AudioData> slow = () -> {
            runs.incrementAndGet();
            synthesisStarted.countDown();
            assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
            return AudioData.of(audio.samples(), audio.sampleRate(), audio.channels());
        };
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<SynthesisCache.Lookup>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                results.add(pool.submit(() -> cache.get(BASE, slow)));
            }
            assertThat(synthesisStarted.await(30, TimeUnit.SECONDS)).isTrue();
            awaitWaiters(pool, callers - 1);
            release.countDown();

            int fresh = 0;
            for (Future<SynthesisCache.Lookup> f : results) {
                SynthesisCache.Lookup lookup = f.get(30, TimeUnit.SECONDS);
                assertThat(lookup.audio()).isEqualTo(audio);
                fresh += lookup.hit() ? 0 : 1;
            }
            assertThat(runs).hasValue(1);
            assertThat(fresh).isEqualTo(1);
            assertThat(cache.stats().misses()).isEqualTo(1);
            assertThat(cache.stats().hits()).isEqualTo(callers - 1);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void aFailureReachesEveryWaiterAndIsNotCached() throws Exception {
        TieredSynthesisCache cache = TieredSynthesisCache.builder().build();
        int callers = 6;
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch synthesisStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ProviderException failure = new ProviderException("piper", ErrorKind.SERVER_ERROR, "engine crashed");
        Callable<AudioData> failing = () -> {
            runs.incrementAndGet();
            synthesisStarted.countDown();
            assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
            throw failure;
        };
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<SynthesisCache.Lookup>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                results.add(pool.submit(() -> cache.get(BASE, failing)));
            }
            assertThat(synthesisStarted.await(30, TimeUnit.SECONDS)).isTrue();
            awaitWaiters(pool, callers - 1);
            release.countDown();
            for (Future<SynthesisCache.Lookup> f : results) {
                assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).hasCause(failure);
            }
            assertThat(runs).hasValue(1);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }

        assertThat(cache.getIfPresent(BASE)).isEmpty();
        AudioData audio = tone(10, 0.1f);
        SynthesisCache.Lookup retry = cache.get(BASE, () -> audio);
        assertThat(retry.hit()).isFalse();
        assertThat(retry.audio()).isEqualTo(audio);
    }

    @Test
    void aWaiterWhoseLeaderWasInterruptedSynthesizesItself() throws Exception {
        TieredSynthesisCache cache = TieredSynthesisCache.builder().build();
        CountDownLatch leaderStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AudioData audio = tone(20, 0.2f);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<SynthesisCache.Lookup> leader = pool.submit(() -> cache.get(BASE, () -> {
                leaderStarted.countDown();
                assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
                throw new InterruptedException("the leader's request was cancelled");
            }));
            assertThat(leaderStarted.await(30, TimeUnit.SECONDS)).isTrue();
            Future<SynthesisCache.Lookup> waiter = pool.submit(() -> cache.get(BASE, () -> audio));
            awaitWaiters(pool, 1);
            release.countDown();

            assertThatThrownBy(() -> leader.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(InterruptedException.class);
            SynthesisCache.Lookup lookup = waiter.get(30, TimeUnit.SECONDS);
            assertThat(lookup.hit()).isFalse();
            assertThat(lookup.audio()).isEqualTo(audio);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void theCallerThatSynthesizesGetsItsOwnExceptionUnwrapped() {
        TieredSynthesisCache cache = TieredSynthesisCache.builder().build();
        ProviderException failure = new ProviderException("piper", ErrorKind.TIMEOUT, "too slow");
        assertThatThrownBy(() -> cache.get(BASE, () -> {
            throw failure;
        })).isSameAs(failure);
        assertThatThrownBy(() -> cache.get(BASE, () -> null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("returned null");
    }

    @Test
    void memoryTierEvictsByWeight() throws Exception {
        AudioData fourKb = tone(1000, 0.5f); // 4,000 bytes of samples + overhead
        long weight = TieredSynthesisCache.weight(fourKb);
        TieredSynthesisCache cache = TieredSynthesisCache.builder().maximumMemoryBytes(weight * 3).build();
        for (int i = 0; i < 10; i++) {
            cache.get(keyFor(i), () -> fourKb);
        }
        cache.close(); // runs pending maintenance

        CacheStats stats = cache.stats();
        assertThat(stats.memoryBytes()).isLessThanOrEqualTo(weight * 3);
        assertThat(stats.memoryEvictions()).isGreaterThanOrEqualTo(7);
        long present = 0;
        for (int i = 0; i < 10; i++) {
            present += cache.getIfPresent(keyFor(i)).isPresent() ? 1 : 0;
        }
        assertThat(present).isBetween(1L, 3L);
    }

    @Test
    void oneLargeEntryCountsForMoreThanManySmallOnes() throws Exception {
        AudioData small = tone(100, 0.5f);
        AudioData large = tone(10_000, 0.5f);
        TieredSynthesisCache cache = TieredSynthesisCache.builder()
                .maximumMemoryBytes(TieredSynthesisCache.weight(large) + 5L * TieredSynthesisCache.weight(small))
                .build();
        cache.get(keyFor(0), () -> large);
        for (int i = 1; i <= 5; i++) {
            cache.get(keyFor(i), () -> small);
        }
        cache.close();
        assertThat(cache.stats().memoryEvictions()).isZero();
        cache.get(keyFor(6), () -> small);
        cache.close();
        assertThat(cache.stats().memoryEvictions()).isPositive();
        assertThat(cache.stats().memoryBytes())
                .isLessThanOrEqualTo(TieredSynthesisCache.weight(large) + 5L * TieredSynthesisCache.weight(small));
    }

    @Test
    void expireAfterAccessFollowsTheInjectedClock() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-11-25T12:00:00Z"));
        TieredSynthesisCache cache = TieredSynthesisCache.builder()
                .expireAfterAccess(Duration.ofMinutes(10)).clock(clock).build();
        cache.get(BASE, () -> tone(10, 0.1f));
        clock.advance(Duration.ofMinutes(9));
        assertThat(cache.getIfPresent(BASE)).isPresent();
        clock.advance(Duration.ofMinutes(9));
        assertThat(cache.getIfPresent(BASE)).isPresent(); // the read above renewed it
        clock.advance(Duration.ofMinutes(11));
        assertThat(cache.getIfPresent(BASE)).isEmpty();
    }

    @Test
    void invalidateAllEmptiesTheCache() throws Exception {
        TieredSynthesisCache cache = TieredSynthesisCache.builder().build();
        cache.get(BASE, () -> tone(10, 0.1f));
        cache.invalidateAll();
        assertThat(cache.getIfPresent(BASE)).isEmpty();
    }

    @Test
    void builderRejectsNegativeBounds() {
        assertThatThrownBy(() -> TieredSynthesisCache.builder().maximumMemoryBytes(-1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TieredSynthesisCache.builder().maximumDiskBytes(-1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TieredSynthesisCache.builder().expireAfterAccess(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static CacheKey keyFor(int i) {
        return with(BASE, "line " + i, BASE.language(), BASE.providerId(), BASE.modelIdentity(),
                BASE.voiceIdentity(), BASE.settings(), BASE.outputFormat(), BASE.seed());
    }

    private static Callable<AudioData> count(AtomicInteger runs, AudioData audio) {
        return () -> {
            runs.incrementAndGet();
            return audio;
        };
    }

    /**
     * Waits until {@code waiters} pool threads are parked on the leader's future, so the test knows
     * they joined the running synthesis instead of arriving after it.
     */
    private static void awaitWaiters(ExecutorService pool, int waiters) throws InterruptedException {
        for (int spins = 0; spins < 30_000; spins++) {
            long parked = Thread.getAllStackTraces().entrySet().stream()
                    .filter(e -> e.getKey().getState() == Thread.State.WAITING
                            || e.getKey().getState() == Thread.State.TIMED_WAITING)
                    .filter(e -> Stream.of(e.getValue()).anyMatch(f -> f.getMethodName().equals("await")
                            && f.getClassName().equals(TieredSynthesisCache.class.getName())))
                    .count();
            if (parked >= waiters) {
                return;
            }
            Thread.sleep(1);
        }
        throw new AssertionError("the other callers never started waiting");
    }
}
