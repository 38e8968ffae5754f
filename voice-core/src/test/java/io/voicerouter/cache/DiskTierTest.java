package io.voicerouter.cache;

import io.voicerouter.audio.AudioData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.voicerouter.cache.TieredSynthesisCacheTest.BASE;
import static io.voicerouter.cache.TieredSynthesisCacheTest.keyFor;
import static io.voicerouter.cache.TieredSynthesisCacheTest.tone;
import static org.assertj.core.api.Assertions.assertThat;

class DiskTierTest {
    @TempDir
    Path dir;

    private TieredSynthesisCache open() {
        return TieredSynthesisCache.builder().diskDirectory(dir).build();
    }

    private Path fileOf(CacheKey key) throws IOException {
        return new DiskTier(dir, Long.MAX_VALUE, java.time.Clock.systemUTC()).pathOf(key.normalized().digest());
    }

    @Test
    void anEntrySurvivesARestartBitExact() throws Exception {
        float[] samples = {0f, -0f, 1f, -1f, Float.MIN_VALUE, 0.123456789f, -0.999999f, 1e-30f, 0.5f, -0.25f};
        AudioData stereo = AudioData.of(samples, 24_000, 2);
        try (TieredSynthesisCache first = open()) {
            first.get(BASE, () -> stereo);
        }

        try (TieredSynthesisCache second = open()) {
            SynthesisCache.Lookup lookup = second.get(BASE, () -> {
                throw new AssertionError("must come from disk");
            });
            assertThat(lookup.hit()).isTrue();
            assertThat(lookup.audio().sampleRate()).isEqualTo(24_000);
            assertThat(lookup.audio().channels()).isEqualTo(2);
            float[] back = lookup.audio().samples();
            for (int i = 0; i < samples.length; i++) {
                assertThat(Float.floatToRawIntBits(back[i])).isEqualTo(Float.floatToRawIntBits(samples[i]));
            }
            assertThat(second.stats().diskHits()).isEqualTo(1);
            // promoted: the second read is a memory hit and leaves the disk counter alone
            assertThat(second.getIfPresent(BASE)).contains(stereo);
            assertThat(second.stats().diskHits()).isEqualTo(1);
        }
    }

    @Test
    void aFlippedPayloadByteIsDroppedNotServed() throws Exception {
        assertCorruptionIsDropped(file -> {
            byte[] b = Files.readAllBytes(file);
            b[b.length - 3] ^= 0x40;
            Files.write(file, b);
        });
    }

    @Test
    void aFlippedHeaderFieldIsDroppedNotServed() throws Exception {
        assertCorruptionIsDropped(file -> {
            byte[] b = Files.readAllBytes(file);
            b[8] ^= 0x01; // sample rate: 22050 becomes 22051, same length, caught by the checksum
            Files.write(file, b);
        });
    }

    @Test
    void aTruncatedFileIsDroppedNotServed() throws Exception {
        assertCorruptionIsDropped(file -> {
            byte[] b = Files.readAllBytes(file);
            Files.write(file, java.util.Arrays.copyOf(b, b.length - 7));
        });
    }

    @Test
    void aFileShorterThanTheHeaderIsDroppedNotServed() throws Exception {
        assertCorruptionIsDropped(file -> Files.write(file, new byte[] {'V', 'R'}));
    }

    @Test
    void aGarbageHeaderIsDroppedNotServed() throws Exception {
        assertCorruptionIsDropped(file -> {
            byte[] b = Files.readAllBytes(file);
            for (int i = 0; i < AudioFileFormat.HEADER_BYTES; i++) {
                b[i] = (byte) (i * 37 + 11);
            }
            Files.write(file, b);
        });
    }

    @Test
    void anotherKeysFileAtThisPathIsDroppedNotServed() throws Exception {
        try (TieredSynthesisCache cache = open()) {
            cache.get(keyFor(1), () -> tone(64, 0.2f));
        }
        Path other = fileOf(keyFor(1));
        assertCorruptionIsDropped(file -> Files.copy(other, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING));
    }

    private interface Damage {
        void apply(Path file) throws IOException;
    }

    private void assertCorruptionIsDropped(Damage damage) throws Exception {
        AudioData original = tone(500, 0.9f);
        try (TieredSynthesisCache cache = open()) {
            cache.get(BASE, () -> original);
        }
        Path file = fileOf(BASE);
        assertThat(file).isRegularFile();
        damage.apply(file);

        try (TieredSynthesisCache reopened = open()) {
            assertThat(reopened.getIfPresent(BASE)).isEmpty();
            assertThat(file).doesNotExist();
            assertThat(reopened.stats().corruptEntriesDropped()).isEqualTo(1);

            AudioData fresh = tone(500, 0.4f);
            SynthesisCache.Lookup lookup = reopened.get(BASE, () -> fresh);
            assertThat(lookup.hit()).isFalse();
            assertThat(lookup.audio()).isEqualTo(fresh);
        }
        try (TieredSynthesisCache again = open()) {
            assertThat(again.getIfPresent(BASE)).contains(tone(500, 0.4f));
        }
    }

    @Test
    void theSizeCapEvictsTheLeastRecentlyUsedFiles() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-11-25T12:00:00Z"));
        AudioData clip = tone(1000, 0.5f);
        long fileBytes = AudioFileFormat.HEADER_BYTES + 4L * clip.sampleCount();
        TieredSynthesisCache.Builder builder = TieredSynthesisCache.builder()
                .diskDirectory(dir).maximumDiskBytes(3 * fileBytes).maximumMemoryBytes(0).clock(clock);
        try (TieredSynthesisCache cache = builder.build()) {
            for (int i = 0; i < 3; i++) {
                cache.get(keyFor(i), () -> clip);
                clock.advance(Duration.ofMinutes(1));
            }
            // reading entry 0 makes entry 1 the least recently used
            assertThat(cache.getIfPresent(keyFor(0))).isPresent();
            clock.advance(Duration.ofMinutes(1));

            cache.get(keyFor(3), () -> clip);

            assertThat(cache.stats().diskEvictions()).isEqualTo(1);
            assertThat(cache.stats().diskBytes()).isEqualTo(3 * fileBytes);
            assertThat(fileOf(keyFor(1))).doesNotExist();
            assertThat(fileOf(keyFor(0))).exists();
            assertThat(fileOf(keyFor(2))).exists();
            assertThat(fileOf(keyFor(3))).exists();
        }
        // a restart counts what is on disk and keeps enforcing the cap
        try (TieredSynthesisCache reopened = builder.build()) {
            assertThat(reopened.stats().diskBytes()).isEqualTo(3 * fileBytes);
            clock.advance(Duration.ofMinutes(1));
            reopened.get(keyFor(4), () -> clip);
            assertThat(fileOf(keyFor(2))).doesNotExist();
            assertThat(reopened.stats().diskBytes()).isEqualTo(3 * fileBytes);
        }
    }

    @Test
    void anEntryLargerThanTheCapStaysInMemoryOnly() throws Exception {
        try (TieredSynthesisCache cache = TieredSynthesisCache.builder().diskDirectory(dir).maximumDiskBytes(100)
                .build()) {
            cache.get(BASE, () -> tone(1000, 0.5f));
            assertThat(fileOf(BASE)).doesNotExist();
            assertThat(cache.getIfPresent(BASE)).isPresent();
        }
    }

    @Test
    void concurrentWritersOfOneKeyNeverLeaveAHalfWrittenFile() throws Exception {
        int writers = 6;
        int rounds = 40;
        List<AudioData> versions = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            versions.add(tone(2000 + 500 * w, 0.1f * (w + 1)));
        }
        String digest = BASE.normalized().digest();
        DiskTier tier = new DiskTier(dir, Long.MAX_VALUE, java.time.Clock.systemUTC());
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                AudioData mine = versions.get(w);
                // separate tiers on one directory, as separate processes would be
                DiskTier own = new DiskTier(dir, Long.MAX_VALUE, java.time.Clock.systemUTC());
                jobs.add(pool.submit(() -> {
                    start.await();
                    for (int r = 0; r < rounds; r++) {
                        own.write(digest, mine);
                    }
                    return null;
                }));
            }
            Future<Integer> reader = pool.submit(() -> {
                start.await();
                int seen = 0;
                for (int r = 0; r < rounds * 2; r++) {
                    Optional<AudioData> read = tier.read(digest);
                    if (read.isPresent()) {
                        assertThat(versions).contains(read.get());
                        seen++;
                    }
                }
                return seen;
            });
            start.countDown();
            for (Future<?> job : jobs) {
                job.get(60, TimeUnit.SECONDS);
            }
            reader.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(tier.corruptDropped()).isZero();
        assertThat(tier.read(digest)).hasValueSatisfying(a -> assertThat(versions).contains(a));
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .containsExactly(digest + DiskTier.SUFFIX);
        }
    }

    @Test
    void staleTempFilesOfACrashedWriterAreRemovedAtStart() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-11-25T12:00:00Z"));
        Path shard = Files.createDirectories(dir.resolve("ab"));
        Path stale = Files.write(shard.resolve("abcd123.tmp"), new byte[] {1, 2, 3});
        Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.from(clock.instant().minusSeconds(7200)));
        Path recent = Files.write(shard.resolve("abcd456.tmp"), new byte[] {1, 2, 3}, StandardOpenOption.CREATE);
        Files.setLastModifiedTime(recent, java.nio.file.attribute.FileTime.from(clock.instant()));

        TieredSynthesisCache.builder().diskDirectory(dir).clock(clock).build().close();

        assertThat(stale).doesNotExist();
        assertThat(recent).exists(); // may belong to a live writer in another process
    }

    @Test
    void invalidateAllDeletesTheFiles() throws Exception {
        try (TieredSynthesisCache cache = open()) {
            cache.get(BASE, () -> tone(10, 0.1f));
            cache.invalidateAll();
            assertThat(fileOf(BASE)).doesNotExist();
            assertThat(cache.stats().diskBytes()).isZero();
        }
        try (TieredSynthesisCache reopened = open()) {
            assertThat(reopened.getIfPresent(BASE)).isEmpty();
        }
    }

    @Test
    void aFifoUnderAnEntrysNameIsNeitherReadNorReplaced() throws Exception {
        Path entry = fileOf(BASE);
        Files.createDirectories(entry.getParent());
        Process mk = new ProcessBuilder("mkfifo", entry.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0);
        AudioData fresh = tone(300, 0.2f);

        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (TieredSynthesisCache cache = open()) {
                assertThat(cache.getIfPresent(BASE)).as("a FIFO is not read, which would block").isEmpty();
                assertThat(cache.get(BASE, () -> fresh).hit()).isFalse();
            }
        });

        assertThat(Files.isRegularFile(entry)).as("still the FIFO").isFalse();
        assertThat(entry).exists();
    }
}
