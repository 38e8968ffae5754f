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
    void removesLeftoversOfAnInterruptedWrite() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("ab"));
        Path leftover = Files.write(sub.resolve("abcd-123.tmp"), new byte[10]);
        SampleStore.open(dir);
        assertThat(leftover).doesNotExist();
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
