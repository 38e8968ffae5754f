package io.voicerouter.stats;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonFileStatsStoreTest {
    @TempDir
    Path dir;

    static ProviderStatsSnapshot snapshot(String id, long requests) {
        return new ProviderStatsSnapshot(id, requests, requests - 2, 1, 1, requests * 40, requests * 2.5,
                2300.5, 2100.0, 4100.25, requests / 2, requests - requests / 2,
                Instant.parse("2026-11-25T12:30:00.123Z"),
                Map.of("2026-11:google_tts/standard", requests * 40, "2026-10:google_tts/standard", 7L));
    }

    @Test
    void aMissingFileLoadsAsEmpty() {
        assertThat(new JsonFileStatsStore(dir.resolve("nope/stats.json")).load()).isEmpty();
    }

    @Test
    void savedStatsLoadBackEqual() throws IOException {
        Path file = dir.resolve("sub/stats.json");
        Map<String, ProviderStatsSnapshot> saved = Map.of("piper", snapshot("piper", 3456),
                "google_tts", snapshot("google_tts", 123));
        new JsonFileStatsStore(file).save(saved);

        assertThat(new JsonFileStatsStore(file).load()).isEqualTo(saved);
        String json = Files.readString(file);
        assertThat(json).contains("\"format_version\" : 1", "\"avg_latency_ms\" : 2300.5",
                "\"last_used\" : \"2026-11-25T12:30:00.123Z\"", "\"monthly_characters\"",
                "\"2026-11:google_tts/standard\" : 138240", "\"p50_latency_ms\" : 2100.0",
                "\"total_characters\" : 138240", "\"cache_misses\" : 1728", "\"provider_id\" : \"piper\"");
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void anOlderFileWithMissingFieldsLoadsWithDefaults() throws IOException {
        Path file = dir.resolve("stats.json");
        Files.writeString(file, "{\"format_version\":1,\"providers\":{\"xtts_v2\":{\"requests\":5,"
                + "\"failures\":1,\"some_future_field\":true}}}");

        ProviderStatsSnapshot s = new JsonFileStatsStore(file).load().get("xtts_v2");

        assertThat(s.providerId()).isEqualTo("xtts_v2");
        assertThat(s.requests()).isEqualTo(5);
        assertThat(s.failures()).isEqualTo(1);
        assertThat(s.lastUsed()).isEqualTo(Instant.EPOCH);
        assertThat(s.monthlyCharacters()).isEmpty();
    }

    @Test
    void aFailedWriteLeavesTheOldFileIntact() throws IOException {
        Path file = dir.resolve("stats.json");
        Map<String, ProviderStatsSnapshot> old = Map.of("piper", snapshot("piper", 10));
        new JsonFileStatsStore(file).save(old);
        byte[] before = Files.readAllBytes(file);

        JsonFileStatsStore failing = new JsonFileStatsStore(file, FailAfter::new);
        assertThatThrownBy(() -> failing.save(Map.of("piper", snapshot("piper", 99))))
                .isInstanceOf(StatsStoreException.class)
                .hasMessageContaining(file.toString())
                .hasRootCauseMessage("disk full (simulated)");

        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(new JsonFileStatsStore(file).load()).isEqualTo(old);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("no temp file left behind").containsExactly(file);
        }
    }

    @Test
    void aCorruptFileIsMovedAsideAndLoadsAsEmpty() throws IOException {
        for (String garbage : List.of("{\"format_version\":1,\"providers\":{\"piper\":{\"requests\":",
                "not json at all", "", "[1,2,3]", "{\"format_version\":99,\"providers\":{}}",
                "{\"format_version\":1,\"providers\":{\"piper\":{\"requests\":\"many\"}}}")) {
            Path file = Files.createDirectories(dir.resolve("case" + garbage.hashCode())).resolve("stats.json");
            Files.writeString(file, garbage, StandardCharsets.UTF_8);
            JsonFileStatsStore store = new JsonFileStatsStore(file);

            assertThat(store.load()).as(garbage).isEmpty();

            assertThat(file).as(garbage).doesNotExist();
            try (Stream<Path> files = Files.list(file.getParent())) {
                List<Path> aside = files.toList();
                assertThat(aside).as(garbage).singleElement()
                        .satisfies(p -> assertThat(p.getFileName().toString()).startsWith("stats.json.")
                                .endsWith(".corrupt"));
                assertThat(Files.readString(aside.get(0))).isEqualTo(garbage);
            }
            store.save(Map.of("piper", snapshot("piper", 4)));
            assertThat(store.load()).containsKey("piper");
        }
    }

    @Test
    void concurrentSavesLeaveOneWholeSnapshot() throws Exception {
        Path file = dir.resolve("stats.json");
        JsonFileStatsStore shared = new JsonFileStatsStore(file);
        JsonFileStatsStore other = new JsonFileStatsStore(file); // a second instance, as after a careless wiring
        int threads = 6;
        int rounds = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Map<String, ProviderStatsSnapshot>> written = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            written.add(Map.of("piper", snapshot("piper", 100 + t), "azure_tts", snapshot("azure_tts", 200 + t)));
        }
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                JsonFileStatsStore store = t % 2 == 0 ? shared : other;
                Map<String, ProviderStatsSnapshot> mine = written.get(t);
                jobs.add(pool.submit(() -> {
                    start.await();
                    for (int r = 0; r < rounds; r++) {
                        store.save(mine);
                        Map<String, ProviderStatsSnapshot> seen = store.load();
                        assertThat(written).contains(seen);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> job : jobs) {
                job.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(written).contains(shared.load());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    /** Passes ten bytes, then fails like a full disk. */
    private static final class FailAfter extends FilterOutputStream {
        private int left = 10;

        FailAfter(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            if (left-- <= 0) {
                throw new IOException("disk full (simulated)");
            }
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (int i = 0; i < len; i++) {
                write(b[off + i]);
            }
        }
    }
}
