package io.voicerouter.onnx;

import io.voicerouter.testing.LoopbackFileServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelStoreTest {
    @TempDir
    Path dir;
    LoopbackFileServer server;
    byte[] content;

    @BeforeEach
    void start() throws Exception {
        server = new LoopbackFileServer();
        content = new byte[300_000];
        new Random(42).nextBytes(content);
        server.put("/m/model.onnx", content);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ModelFile file() throws Exception {
        return ModelFile.of("voices/model.onnx", server.uri("/m/model.onnx")).withSize(content.length)
                .withDigest(ModelFile.Digest.sha256(sha256(content)));
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void downloadsVerifiesAndReportsProgress() throws Exception {
        List<long[]> progress = new ArrayList<>();
        ModelStore store = ModelStore.builder().directory(dir).offline(false).build();
        Path got = store.fetch(file(), (f, done, total) -> progress.add(new long[] {done, total}));
        assertThat(got).isEqualTo(dir.resolve("voices/model.onnx"));
        assertThat(Files.readAllBytes(got)).isEqualTo(content);
        assertThat(progress).isNotEmpty();
        assertThat(progress.get(progress.size() - 1)).containsExactly(content.length, content.length);
        assertThat(Files.exists(dir.resolve("voices/model.onnx.part"))).isFalse();
        // Present now: a second fetch does not go to the network.
        int before = server.requests.get();
        store.fetch(file());
        assertThat(server.requests.get()).isEqualTo(before);
    }

    @Test
    void checksumMismatchIsRejectedAndNothingIsLeftBehind() throws Exception {
        ModelFile wrong = file().withDigest(ModelFile.Digest.md5("00112233445566778899aabbccddeeff"));
        ModelStore store = ModelStore.builder().directory(dir).offline(false).build();
        assertThatThrownBy(() -> store.fetch(wrong))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining("MD5")
                .hasMessageContaining("00112233445566778899aabbccddeeff");
        assertThat(Files.exists(dir.resolve("voices/model.onnx"))).isFalse();
        assertThat(Files.exists(dir.resolve("voices/model.onnx.part"))).isFalse();
    }

    @Test
    void wrongSizeIsRejected() throws Exception {
        ModelFile wrong = file().withSize(content.length - 10);
        ModelStore store = ModelStore.builder().directory(dir).offline(false).maxAttempts(1).build();
        assertThatThrownBy(() -> store.fetch(wrong)).isInstanceOf(ChecksumMismatchException.class);
        assertThat(Files.exists(dir.resolve("voices/model.onnx"))).isFalse();
    }

    @Test
    void resumesAfterACutConnectionWithinOneFetch() throws Exception {
        server.cutNext("/m/model.onnx", 100_000);
        ModelStore store = ModelStore.builder().directory(dir).offline(false).maxAttempts(3)
                .readTimeout(Duration.ofSeconds(2)).build();
        Path got = store.fetch(file());
        assertThat(Files.readAllBytes(got)).isEqualTo(content);
        assertThat(server.ranges).hasSize(1);
        long resumedAt = Long.parseLong(server.ranges.get(0).replaceAll("/m/model.onnx bytes=(\\d+)-", "$1"));
        assertThat(resumedAt).isPositive().isLessThan(content.length);
    }

    @Test
    void aFailedFetchKeepsThePartAndTheNextOneResumes() throws Exception {
        server.cutNext("/m/model.onnx", 120_000);
        ModelStore once = ModelStore.builder().directory(dir).offline(false).maxAttempts(1)
                .readTimeout(Duration.ofSeconds(2)).build();
        assertThatThrownBy(() -> once.fetch(file()))
                .isInstanceOf(ModelDownloadException.class)
                .isNotInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining("resumes");
        Path part = dir.resolve("voices/model.onnx.part");
        assertThat(part).exists();
        long kept = Files.size(part);
        assertThat(kept).isPositive().isLessThan(content.length);
        assertThat(Files.exists(dir.resolve("voices/model.onnx"))).isFalse();

        Path got = once.fetch(file());
        assertThat(Files.readAllBytes(got)).isEqualTo(content);
        assertThat(server.ranges).containsExactly("/m/model.onnx bytes=" + kept + "-");
    }

    @Test
    void offlineModeNamesTheMissingFile() throws Exception {
        ModelStore store = ModelStore.builder().directory(dir).offline(true).build();
        assertThatThrownBy(() -> store.fetch(file()))
                .isInstanceOf(OfflineException.class)
                .hasMessageContaining("voices/model.onnx")
                .hasMessageContaining("offline");
        assertThat(server.requests.get()).isZero();
    }

    @Test
    void offlineModeServesFilesAlreadyThere() throws Exception {
        ModelStore.builder().directory(dir).offline(false).build().fetch(file());
        Path got = ModelStore.builder().directory(dir).offline(true).build().fetch(file());
        assertThat(Files.readAllBytes(got)).isEqualTo(content);
    }

    @Test
    void notFoundIsATypedError() throws Exception {
        ModelFile missing = ModelFile.of("x.onnx", server.uri("/nope.onnx"));
        ModelStore store = ModelStore.builder().directory(dir).offline(false).build();
        assertThatThrownBy(() -> store.fetch(missing))
                .isInstanceOf(ModelDownloadException.class)
                .hasMessageContaining("404");
    }

    @Test
    void concurrentFetchesDownloadOnce() throws Exception {
        ModelStore a = ModelStore.builder().directory(dir).offline(false).build();
        ModelStore b = ModelStore.builder().directory(dir).offline(false).build();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Path>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ModelStore s = i % 2 == 0 ? a : b;
                results.add(pool.submit(() -> {
                    go.await();
                    return s.fetch(file());
                }));
            }
            go.countDown();
            for (Future<Path> f : results) {
                assertThat(Files.readAllBytes(f.get(30, TimeUnit.SECONDS))).isEqualTo(content);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.requests.get()).isEqualTo(1);
    }

    @Test
    void rejectsPathsThatEscapeTheStore() {
        assertThatThrownBy(() -> ModelFile.of("../evil.onnx", server.uri("/m/model.onnx")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModelFile.of("a/../../evil", server.uri("/m/model.onnx")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
