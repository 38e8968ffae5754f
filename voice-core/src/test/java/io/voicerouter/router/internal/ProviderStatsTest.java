package io.voicerouter.router.internal;

import io.voicerouter.config.ProviderUsage;
import io.voicerouter.stats.InMemoryStatsStore;
import io.voicerouter.stats.ProviderStatsSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ProviderStatsTest {
    private static final Instant T = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void latencyAverageIsTheSeedsEwmaWithTheFirstValueTakenAsIs() {
        ProviderStats s = new ProviderStats("piper");
        s.recordSynthesis(100, 5, 0.5, "2026-11", 5);
        assertThat(s.snapshot().avgLatencyMs()).isEqualTo(100.0);
        s.recordSynthesis(200, 5, 0.5, "2026-11", 5);
        assertThat(s.snapshot().avgLatencyMs()).isCloseTo(110.0, within(1e-9));
        s.recordSynthesis(0, 5, 0.5, "2026-11", 5);
        assertThat(s.snapshot().avgLatencyMs()).isCloseTo(99.0, within(1e-9));
    }

    @Test
    void percentilesComeFromABoundedWindowOfRecentLatencies() {
        ProviderStats s = new ProviderStats("piper");
        for (int i = 1; i <= 100; i++) {
            s.recordSynthesis(i, 1, 0.1, "2026-11", 1);
        }
        assertThat(s.snapshot().p50LatencyMs()).isEqualTo(50.0);
        assertThat(s.snapshot().p95LatencyMs()).isEqualTo(95.0);
        for (int i = 0; i < ProviderStats.LATENCY_WINDOW; i++) {
            s.recordSynthesis(1000, 1, 0.1, "2026-11", 1);
        }
        assertThat(s.snapshot().p50LatencyMs()).as("old values have left the window").isEqualTo(1000.0);
    }

    @Test
    void snapshotCountsEverythingAndRestoresAfterARestart() {
        ProviderStats s = new ProviderStats("google_tts");
        s.recordSuccess(T);
        s.recordSuccess(T.minusSeconds(60)); // out-of-order completion never moves last_used back
        s.recordFailure();
        s.recordSkip();
        s.recordCacheLookup(true);
        s.recordCacheLookup(false);
        s.recordSynthesis(250, 42, 2.5, "2026-11", 84);
        s.addMonthly("2026-11:google_tts/standard", 84);
        ProviderStatsSnapshot snap = s.snapshot();
        assertThat(snap.requests()).isEqualTo(3);
        assertThat(snap.successes()).isEqualTo(2);
        assertThat(snap.failures()).isEqualTo(1);
        assertThat(snap.skips()).isEqualTo(1);
        assertThat(snap.totalCharacters()).isEqualTo(42);
        assertThat(snap.audioSeconds()).isEqualTo(2.5);
        assertThat(snap.cacheHits()).isEqualTo(1);
        assertThat(snap.cacheMisses()).isEqualTo(1);
        assertThat(snap.lastUsed()).isEqualTo(T);
        assertThat(snap.monthlyCharacters()).isEqualTo(Map.of("2026-11", 84L, "2026-11:google_tts/standard", 84L));

        ProviderStats restored = ProviderStats.restore(snap);
        assertThat(restored.snapshot()).isEqualTo(snap);
        restored.recordSynthesis(350, 1, 0.1, "2026-11", 1);
        assertThat(restored.snapshot().avgLatencyMs()).isCloseTo(260.0, within(1e-9));
        assertThat(restored.monthly("2026-11:google_tts/standard")).isEqualTo(84);
    }

    @Test
    void usageHasTheSeedsShape() {
        ProviderStats s = new ProviderStats("xtts_v2");
        assertThat(s.snapshot().toUsage().lastUsed()).isEmpty();
        s.recordSuccess(T);
        s.recordFailure();
        s.recordSynthesis(2500, 30, 3, "2026-11", 30);
        ProviderUsage u = s.snapshot().toUsage();
        assertThat(u.totalGenerations()).isEqualTo(1);
        assertThat(u.totalCharacters()).isEqualTo(30);
        assertThat(u.avgLatencyMs()).isEqualTo(2500.0);
        assertThat(u.failures()).isEqualTo(1);
        assertThat(u.lastUsed()).contains(T);
    }

    @Test
    void noCountIsLostUnderContention() throws Exception {
        ProviderStats s = new ProviderStats("piper");
        int threads = 16;
        int each = 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                fs.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < each; i++) {
                        s.recordSuccess(T);
                        s.recordSynthesis(10, 3, 0.25, "2026-11", 3);
                        s.recordCacheLookup(i % 2 == 0);
                        s.addMonthly("2026-11:b", 1);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : fs) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        ProviderStatsSnapshot snap = s.snapshot();
        long n = (long) threads * each;
        assertThat(snap.requests()).isEqualTo(n);
        assertThat(snap.successes()).isEqualTo(n);
        assertThat(snap.totalCharacters()).isEqualTo(3 * n);
        assertThat(snap.audioSeconds()).isEqualTo(0.25 * n);
        assertThat(snap.cacheHits() + snap.cacheMisses()).isEqualTo(n);
        assertThat(snap.monthlyCharacters()).containsEntry("2026-11", 3 * n).containsEntry("2026-11:b", n);
        assertThat(snap.avgLatencyMs()).isCloseTo(10.0, within(1e-9));
    }

    @Test
    void inMemoryStoreKeepsTheLastSave() {
        InMemoryStatsStore store = new InMemoryStatsStore();
        assertThat(store.load()).isEmpty();
        ProviderStats s = new ProviderStats("piper");
        s.recordSuccess(T);
        store.save(Map.of("piper", s.snapshot()));
        s.recordSuccess(T);
        assertThat(store.load().get("piper").successes()).isEqualTo(1);
    }
}
