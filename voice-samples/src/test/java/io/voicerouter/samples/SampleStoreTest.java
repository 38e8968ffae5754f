package io.voicerouter.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voicerouter.error.AudioFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleStoreTest {
    @TempDir
    Path dir;

    @Test
    void storesByContentHashOnce() throws IOException {
        SampleStore store = SampleStore.open(dir);
        byte[] wav = Fixtures.bytes("downloaded.wav");
        StoredSample a = store.put(wav);
        StoredSample b = store.put(wav.clone());
        assertThat(a).isEqualTo(b);
        assertThat(a.sha256()).isEqualTo(SampleStore.sha256(wav)).hasSize(64);
        assertThat(a.path()).isEqualTo(dir.resolve(a.sha256().substring(0, 2)).resolve(a.sha256() + ".wav"));
        assertThat(Files.readAllBytes(a.path())).isEqualTo(wav);
        assertThat(store.read(a.sha256())).contains(wav);
        StoredSample mp3 = store.put(Fixtures.bytes("waiting_48k_stereo.mp3"));
        assertThat(mp3.container()).isEqualTo("mp3");
        assertThat(store.find(mp3.sha256())).contains(mp3);
        assertThat(store.delete(mp3.sha256())).isTrue();
        assertThat(store.find(mp3.sha256())).isEmpty();
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(p -> p.toString().endsWith(".tmp"))).isEmpty();
        }
    }

    @Test
    void concurrentWritersOfTheSameSampleAgree() throws Exception {
        SampleStore store = SampleStore.open(dir);
        byte[] wav = Fixtures.bytes("exit.wav");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<StoredSample>> results = pool.invokeAll(
                    java.util.Collections.nCopies(8, () -> store.put(wav)));
            for (Future<StoredSample> f : results) {
                assertThat(Files.readAllBytes(f.get().path())).isEqualTo(wav);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectsBadInputWithTypedErrors() throws IOException {
        SampleStore store = SampleStore.open(dir, 1000);
        assertThatThrownBy(() -> store.put(Fixtures.bytes("downloaded.wav"))).isInstanceOf(SampleTooLargeException.class);
        assertThatThrownBy(() -> store.put("not audio".getBytes())).isInstanceOf(AudioFormatException.class);
        assertThatThrownBy(() -> store.find("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void removesLeftoversOfAnInterruptedWriteButNotAFreshOne() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("ab"));
        Path leftover = backdated(Files.write(sub.resolve("abcd-123.tmp"), new byte[10]));
        Path fresh = Files.write(sub.resolve("abcd-456.tmp"), new byte[10]);
        SampleStore.open(dir);
        assertThat(leftover).as("unlocked and old: its writer is gone").doesNotExist();
        assertThat(fresh).as("younger than ABANDONED_AFTER: its writer may be about to lock it").exists();
    }

    @Test
    void anotherStoreInstanceOpeningMidWriteLeavesTheWriteAlone() throws Exception {
        byte[] wav = Fixtures.bytes("downloaded.wav");
        Path target = dir.resolve("xy").resolve("sample.wav");
        try (SampleStore.Temp tmp = SampleStore.Temp.create(Files.createDirectories(dir.resolve("xy")), "half-")) {
            tmp.channel().write(java.nio.ByteBuffer.wrap(wav, 0, wav.length / 2));
            backdated(tmp.path()); // a slow write: age alone would not protect it
            SampleStore.open(dir);
            SampleStore.open(dir);
            assertThat(tmp.path()).as("being written in this JVM").exists();
            tmp.channel().write(java.nio.ByteBuffer.wrap(wav, wav.length / 2, wav.length - wav.length / 2));
            tmp.moveTo(target);
        }
        assertThat(Files.readAllBytes(target)).isEqualTo(wav);
    }

    @Test
    void aStoreOpenedWhileAnotherProcessIsMidWriteLeavesItAloneAndRemovesItOnceThatProcessIsKilled() throws Exception {
        byte[] wav = Fixtures.bytes("downloaded.wav");
        Path sample = Files.write(dir.resolve("source.wav"), wav);
        Path folder = dir.resolve("store").resolve("cd");
        Path target = folder.resolve("done.wav");
        try (io.voicerouter.testing.ChildJvm writer = io.voicerouter.testing.ChildJvm.start(HalfWrittenSample.class,
                dir.resolve("writer.err"), folder.toString(), sample.toString(), target.toString())) {
            Path tmp = Path.of(writer.awaitLine("WRITING ", 60).substring(8));
            backdated(tmp);
            SampleStore.open(dir.resolve("store"));
            assertThat(tmp).as("locked by the writing process").exists();
            writer.send("finish");
            writer.awaitLine("DONE", 60);
            assertThat(writer.await(30)).isZero();
        }
        assertThat(Files.readAllBytes(target)).isEqualTo(wav);

        try (io.voicerouter.testing.ChildJvm victim = io.voicerouter.testing.ChildJvm.start(HalfWrittenSample.class,
                dir.resolve("victim.err"), folder.toString(), sample.toString(), folder.resolve("never.wav").toString())) {
            Path tmp = Path.of(victim.awaitLine("WRITING ", 60).substring(8));
            victim.kill(); // kill -9 mid-write: the OS drops its lock
            backdated(tmp);
            SampleStore.open(dir.resolve("store"));
            assertThat(tmp).as("abandoned by a dead writer").doesNotExist();
        }
    }

    private static Path backdated(Path p) throws IOException {
        Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(SampleStore.ABANDONED_AFTER).minusSeconds(60)));
        return p;
    }

    @Test
    void detectsCorruptionOnRead() throws IOException {
        SampleStore store = SampleStore.open(dir);
        StoredSample s = store.put(Fixtures.bytes("downloaded.wav"));
        byte[] damaged = Files.readAllBytes(s.path());
        damaged[100] ^= 1;
        Files.write(s.path(), damaged);
        assertThatThrownBy(() -> store.read(s.sha256())).isInstanceOf(SampleStoreException.class);
    }
}
