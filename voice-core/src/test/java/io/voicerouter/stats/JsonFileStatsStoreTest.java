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
    void timeToFirstAudioSurvivesASaveAndAnotherProcessesSave() {
        Path file = dir.resolve("stats.json");
        ProviderStatsSnapshot streamed = new ProviderStatsSnapshot("piper", 3, 3, 0, 0, 30, 1.5, 200, 190, 260, 0, 3,
                Instant.parse("2026-11-25T12:00:00Z"), Map.of("2026-11", 30L), 41.5, 40, 55);
        new JsonFileStatsStore(file).save(Map.of("piper", streamed));
        assertThat(new JsonFileStatsStore(file).load().get("piper")).isEqualTo(streamed);

        JsonFileStatsStore other = new JsonFileStatsStore(file); // a second process that never streamed
        ProviderStatsSnapshot seen = other.load().get("piper");
        other.save(Map.of("piper", new ProviderStatsSnapshot("piper", 4, 4, 0, 0, 30, 1.5, 200, 190, 260, 1, 3,
                seen.lastUsed(), seen.monthlyCharacters(), seen.avgFirstAudioMs(), seen.p50FirstAudioMs(),
                seen.p95FirstAudioMs())));
        ProviderStatsSnapshot merged = new JsonFileStatsStore(file).load().get("piper");
        assertThat(merged.requests()).isEqualTo(4);
        assertThat(merged.avgFirstAudioMs()).isEqualTo(41.5);
        assertThat(merged.p95FirstAudioMs()).isEqualTo(55);
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
        assertThat(listing(file.getParent())).containsExactly("stats.json", "stats.json.lock");
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
        assertThat(listing(dir)).as("no temp file left behind").containsExactly("stats.json", "stats.json.lock");
    }

    @Test
    void aDamagedFileIsLeftAsItIsLoadsNoCountersAndSaysWhy() throws IOException {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("{\"format_version\":1,\"providers\":{\"piper\":{\"requests\":", "not a stats file");
        cases.put("not json at all", "not a stats file");
        cases.put("", "holds no JSON document");
        cases.put("[1,2,3]", "not a stats file");
        cases.put("{\"format_version\":99,\"providers\":{}}", "unsupported format_version 99");
        cases.put("{\"format_version\":1,\"providers\":{\"piper\":{\"requests\":\"many\"}}}", "not a stats file");
        cases.put("{\"providers\":{\"espeak\":null}}", "unsupported format_version 0");
        cases.put("{\"format_version\":1,\"providers\":{\"espeak\":null}}", "providers.espeak is null");
        cases.put("{\"format_version\":1,\"providers\":{\"espeak\":{\"requests\":-5}}}",
                "providers.espeak.requests is negative (-5)");
        cases.put("{\"format_version\":1,\"providers\":{\"g\":{\"requests\":null}}}", "providers.g.requests is null");
        cases.put("{\"format_version\":1,\"providers\":{\"g\":{\"requests\":1e30}}}", "not a stats file");
        cases.put("{\"format_version\":1,\"providers\":{\"g\":{\"monthly_characters\":{\"2026-11:b\":-40}}}}",
                "providers.g.monthly_characters.2026-11:b is negative (-40)");
        cases.put("{\"format_version\":1,\"providers\":{\"g\":{\"monthly_characters\":{\"2026-11:b\":null}}}}",
                "providers.g.monthly_characters.2026-11:b is null");
        cases.put("{\"format_version\":1,\"providers\":{\"g\":{\"monthly_characters\":{\"soon\":4}}}}",
                "key that is no month");
        cases.put("{\"format_version\":1,\"providers\":{\"g\":{\"requests\":1,\"successes\":3}}}",
                "requests (1) is less than successes and failures together (3)");
        cases.put("{\"format_version\":1,\"providers\":{\"g\":{\"audio_seconds\":-1.5}}}",
                "audio_seconds is not a finite non-negative number");
        int n = 0;
        for (Map.Entry<String, String> c : cases.entrySet()) {
            String garbage = c.getKey();
            Path file = Files.createDirectories(dir.resolve("case" + n++)).resolve("stats.json");
            Files.writeString(file, garbage, StandardCharsets.UTF_8);
            JsonFileStatsStore store = new JsonFileStatsStore(file);

            assertThat(store.load()).as(garbage).isEmpty();

            assertThat(store.damage()).as(garbage).hasValueSatisfying(d -> assertThat(d).contains(file.toString())
                    .contains(c.getValue()));
            assertThat(Files.readString(file)).as("left exactly as it was").isEqualTo(garbage);
            assertThatThrownBy(() -> store.save(Map.of("piper", snapshot("piper", 4))))
                    .as(garbage).isInstanceOf(StatsStoreException.class)
                    .hasMessageContaining("is damaged").hasMessageContaining("voice stats repair");
            assertThat(Files.readString(file)).as("a save does not overwrite it").isEqualTo(garbage);
        }
    }

    @Test
    void aStatsPathThatIsNoRegularFileIsDamageAndIsNeverRead() throws Exception {
        Path file = dir.resolve("stats.json");
        Process mk = new ProcessBuilder("mkfifo", file.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0);
        JsonFileStatsStore store = new JsonFileStatsStore(file);

        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () -> {
            assertThat(store.load()).isEmpty();
            assertThat(store.damage()).hasValueSatisfying(d -> assertThat(d).contains("not a regular file"));
            assertThatThrownBy(store::repair).isInstanceOf(StatsStoreException.class).hasMessageContaining("reset");
        });
    }

    @Test
    void repairKeepsWhatCanBeKeptAndBacksUpTheOriginal() throws IOException {
        Path file = dir.resolve("stats.json");
        String damaged = "{\"format_version\":1,\"providers\":{\"espeak\":null,"
                + "\"google_tts\":{\"requests\":7,\"successes\":7,"
                + "\"monthly_characters\":{\"2026-11:google_tts/standard\":300,\"2026-10:google_tts/standard\":-3}},"
                + "\"piper\":{\"requests\":-2,\"successes\":1}}}";
        Files.writeString(file, damaged);
        JsonFileStatsStore store = new JsonFileStatsStore(file);

        JsonFileStatsStore.Repair repair = store.repair();

        assertThat(repair.changes()).anySatisfy(l -> assertThat(l).contains("providers.espeak is null"))
                .anySatisfy(l -> assertThat(l).isEqualTo("providers.espeak is null: dropped"))
                .anySatisfy(l -> assertThat(l).contains("2026-10:google_tts/standard was -3: dropped"))
                .anySatisfy(l -> assertThat(l).contains("providers.piper.requests was -2: set to 0"))
                .anySatisfy(l -> assertThat(l).contains("providers.piper.requests was 0: raised to successes + failures, 1"));
        assertThat(repair.backup()).hasValueSatisfying(b -> assertThat(readString(b)).isEqualTo(damaged));
        Map<String, ProviderStatsSnapshot> loaded = new JsonFileStatsStore(file).load();
        assertThat(loaded).containsOnlyKeys("google_tts", "piper");
        assertThat(loaded.get("google_tts").monthlyCharacters()).containsExactly(Map.entry("2026-11:google_tts/standard", 300L));
        assertThat(loaded.get("piper").requests()).isEqualTo(1);
        assertThat(new JsonFileStatsStore(file).repair().changes()).as("nothing left to repair").isEmpty();
    }

    @Test
    void whatRepairCannotReadOnlyResetClears() throws IOException {
        Path file = Files.writeString(dir.resolve("stats.json"), "{\"format_version\":1,\"providers\":{\"piper\":");
        JsonFileStatsStore store = new JsonFileStatsStore(file);
        assertThatThrownBy(store::repair).isInstanceOf(StatsStoreException.class).hasMessageContaining("reset it instead");

        assertThat(store.reset()).hasValueSatisfying(b -> assertThat(readString(b)).startsWith("{\"format_version\":1"));

        JsonFileStatsStore fresh = new JsonFileStatsStore(file);
        assertThat(fresh.load()).isEmpty();
        assertThat(fresh.damage()).isEmpty();
        fresh.save(Map.of("piper", snapshot("piper", 4)));
        assertThat(new JsonFileStatsStore(file).load()).containsKey("piper");
    }

    @Test
    void aFileThatCannotBeLockedIsStillReadButNotWritten() throws IOException {
        Path file = dir.resolve("stats.json");
        new JsonFileStatsStore(file).save(Map.of("piper", snapshot("piper", 5)));
        Files.delete(dir.resolve("stats.json.lock"));
        Files.createDirectory(dir.resolve("stats.json.lock")); // as unusable as a read-only folder
        JsonFileStatsStore store = new JsonFileStatsStore(file);

        assertThat(store.load()).containsKey("piper");
        assertThat(store.damage()).isEmpty();
        assertThatThrownBy(() -> store.save(Map.of("piper", snapshot("piper", 6))))
                .isInstanceOf(StatsStoreException.class).hasMessageContaining("stats.json.lock");
        assertThat(new JsonFileStatsStore(file).load().get("piper").requests()).isEqualTo(5);
    }

    @Test
    void savesAddEachInstancesNewCountsToTheFileInsteadOfReplacingIt() {
        Path file = dir.resolve("stats.json");
        JsonFileStatsStore a = new JsonFileStatsStore(file); // two processes, as far as the file can tell
        JsonFileStatsStore b = new JsonFileStatsStore(file);
        Map<String, ProviderStatsSnapshot> start = Map.of("google_tts", snapshot("google_tts", 10));
        a.save(start);
        assertThat(a.load()).isEqualTo(start);
        assertThat(b.load()).isEqualTo(start);

        a.save(Map.of("google_tts", snapshot("google_tts", 13))); // a counted 3 more requests
        b.save(Map.of("google_tts", snapshot("google_tts", 15))); // b counted 5 more

        ProviderStatsSnapshot merged = new JsonFileStatsStore(file).load().get("google_tts");
        assertThat(merged.requests()).isEqualTo(18);
        assertThat(merged.monthlyCharacters()).containsEntry("2026-11:google_tts/standard", 18 * 40L)
                .containsEntry("2026-10:google_tts/standard", 7L);
    }

    @Test
    void aResetInBetweenIsNotUndoneByAnotherInstancesSave() {
        Path file = dir.resolve("stats.json");
        JsonFileStatsStore router = new JsonFileStatsStore(file);
        router.save(Map.of("piper", snapshot("piper", 10)));
        new JsonFileStatsStore(file).reset();

        router.save(Map.of("piper", snapshot("piper", 12)));

        assertThat(new JsonFileStatsStore(file).load().get("piper").requests()).as("only what came after the reset")
                .isEqualTo(2);
    }

    @Test
    void tempFilesOfACrashedSaveAreDeletedOnLoad() throws IOException {
        Path file = dir.resolve("stats.json");
        new JsonFileStatsStore(file).save(Map.of("piper", snapshot("piper", 3)));
        Files.writeString(dir.resolve(".stats.json.k3j2h1.tmp"), "{\"format_ver");
        Files.writeString(dir.resolve("stats.json123456.tmp"), "{"); // the naming of earlier versions
        Files.writeString(dir.resolve("other.json.tmp"), "not ours");

        assertThat(new JsonFileStatsStore(file).load()).containsKey("piper");

        assertThat(listing(dir)).containsExactly("other.json.tmp", "stats.json", "stats.json.lock");
    }

    @Test
    void concurrentSavesOfManyInstancesLoseNoCount() throws Exception {
        Path file = dir.resolve("stats.json");
        int threads = 6;
        int rounds = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                jobs.add(pool.submit(() -> {
                    JsonFileStatsStore store = new JsonFileStatsStore(file); // one router each
                    ProviderStatsSnapshot base = store.load().getOrDefault("piper", new ProviderStatsSnapshot("piper",
                            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Instant.EPOCH, Map.of()));
                    start.await();
                    for (int r = 1; r <= rounds; r++) { // what this router's counters say after r more successes
                        store.save(Map.of("piper", new ProviderStatsSnapshot("piper", base.requests() + r,
                                base.successes() + r, base.failures(), base.skips(), base.totalCharacters(),
                                base.audioSeconds(), base.avgLatencyMs(), base.p50LatencyMs(), base.p95LatencyMs(),
                                base.cacheHits(), base.cacheMisses(), Instant.parse("2026-11-25T12:00:00Z"),
                                base.monthlyCharacters())));
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
        ProviderStatsSnapshot piper = new JsonFileStatsStore(file).load().get("piper");
        assertThat(piper.requests()).isEqualTo(threads * rounds);
        assertThat(piper.successes()).isEqualTo(threads * rounds);
        assertThat(listing(dir)).containsExactly("stats.json", "stats.json.lock");
    }

    private static String readString(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> listing(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
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
