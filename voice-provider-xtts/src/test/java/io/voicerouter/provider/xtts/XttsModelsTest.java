package io.voicerouter.provider.xtts;

import io.voicerouter.config.ProviderConfig;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.onnx.ChecksumMismatchException;
import io.voicerouter.onnx.ModelDownloadException;
import io.voicerouter.onnx.OfflineException;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.ProviderHealth;
import io.voicerouter.spi.Settings;
import io.voicerouter.spi.SynthesisOutput;
import io.voicerouter.spi.SynthesisRequest;
import io.voicerouter.spi.TtsProvider;
import io.voicerouter.testing.LoopbackFileServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Downloading the export through the model store from a loopback copy of the tiny export, served as
 * Hugging Face serves it ({@code X-Linked-Size} / {@code X-Linked-Etag} on a HEAD of LFS files).
 */
class XttsModelsTest {
    @TempDir
    Path tmp;

    private LoopbackFileServer server;
    private final Map<String, byte[]> export = new HashMap<>();

    @BeforeEach
    void serve() throws Exception {
        server = new LoopbackFileServer();
        Path tiny = Fixtures.tinyModel();
        try (Stream<Path> files = Files.walk(tiny)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = tiny.relativize(f).toString().replace('\\', '/');
                byte[] bytes = Files.readAllBytes(f);
                export.put(name, bytes);
                server.put("/hf/" + name, bytes);
                if (name.endsWith(".onnx") || name.endsWith(".npy")) { // LFS files on Hugging Face
                    server.headHeaders("/hf/" + name, Map.of("X-Linked-Size", Integer.toString(bytes.length),
                            "X-Linked-Etag", "\"" + sha256(bytes) + "\""));
                }
            }
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ProviderContext.Builder context(Path data) {
        return ProviderContext.builder().dataDirectory(data).environment(Map.of())
                .option("xtts_v2.model_url", server.uri("/hf/").toString()).option("xtts_v2.threads", "1")
                .option("xtts_v2.device", "cpu");
    }

    @Test
    void downloadsTheWholeExportIntoTheProvidersDirectoryAndTheProviderSpeaksWithIt() throws Exception {
        Path data = tmp.resolve("data");
        XttsModels models = XttsModels.fromContext(context(data).build());
        assertThat(models.directory()).isEqualTo(data.resolve("models").resolve("xtts_v2").toAbsolutePath());
        assertThat(models.installed()).isFalse();
        Map<String, Long> finished = new ConcurrentHashMap<>();
        models.download((file, done, total) -> {
            if (done == total) {
                finished.put(file, total);
            }
        });
        assertThat(models.installed()).isTrue();
        for (var e : export.entrySet()) {
            assertThat(models.directory().resolve(e.getKey())).as(e.getKey()).hasBinaryContent(e.getValue());
        }
        assertThat(finished).containsEntry("gpt_model.onnx", (long) export.get("gpt_model.onnx").length)
                .containsKeys("metadata.json", "vocab.json", "mel_stats.npy", "embeddings/text_embedding.npy");
        int gets = server.gets.get();
        models.download((f, d, t) -> { });
        assertThat(server.gets.get()).as("nothing fetched twice").isEqualTo(gets);

        Path sample = Fixtures.loopedSpeech(tmp.resolve("voice.wav"), 8);
        try (TtsProvider downloaded = new XttsProviderFactory().create(context(data).option("xtts_v2.offline", "true")
                .build());
             TtsProvider reference = new XttsProviderFactory().create(context(tmp)
                     .option("xtts_v2.model_dir", Fixtures.tinyModel().toString()).build())) {
            SynthesisOutput got = downloaded.synthesize(request(downloaded, sample));
            assertThat(got.audio().frames()).isPositive();
            assertThat(got.audio()).isEqualTo(reference.synthesize(request(reference, sample)).audio());
        }
    }

    @Test
    void autoDownloadFetchesTheExportAtInitialize() {
        Path data = tmp.resolve("auto");
        try (TtsProvider p = new XttsProviderFactory().create(context(data).option("xtts_v2.auto_download", "true")
                .build())) {
            p.initialize();
            assertThat(p.health().status()).isEqualTo(ProviderHealth.Status.UP);
            assertThat(data.resolve("models/xtts_v2/gpt_model.onnx")).hasBinaryContent(export.get("gpt_model.onnx"));
        }
    }

    @Test
    void aCutConnectionIsResumedByTheNextDownload() throws IOException {
        XttsModels models = XttsModels.builder().directory(tmp.resolve("m")).baseUri(server.uri("/hf/"))
                .store(s -> s.maxAttempts(1)).build();
        server.cutNext("/hf/gpt_model.onnx", 1000);
        assertThatThrownBy(() -> models.download((f, d, t) -> { })).isInstanceOf(ModelDownloadException.class)
                .hasMessageContaining("gpt_model.onnx");
        assertThat(Files.size(tmp.resolve("m/gpt_model.onnx.part"))).isEqualTo(1000);
        assertThat(models.missing()).contains("gpt_model.onnx");

        models.download((f, d, t) -> { });
        assertThat(server.ranges).contains("/hf/gpt_model.onnx bytes=1000-");
        assertThat(tmp.resolve("m/gpt_model.onnx")).hasBinaryContent(export.get("gpt_model.onnx"));
        assertThat(tmp.resolve("m/gpt_model.onnx.part")).doesNotExist();
        assertThat(models.installed()).isTrue();
    }

    @Test
    void aWrongPublishedSizeOrDigestIsRejectedAndNothingIsKept() {
        byte[] gpt = export.get("gpt_model.onnx");
        server.headHeaders("/hf/gpt_model.onnx", Map.of("X-Linked-Size", Integer.toString(gpt.length - 7)));
        XttsModels models = XttsModels.builder().directory(tmp.resolve("m")).baseUri(server.uri("/hf/")).build();
        assertThatThrownBy(() -> models.download((f, d, t) -> { })).isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining("gpt_model.onnx").hasMessageContaining("expected " + (gpt.length - 7));
        assertThat(tmp.resolve("m/gpt_model.onnx")).doesNotExist();
        assertThat(tmp.resolve("m/gpt_model.onnx.part")).doesNotExist();

        server.headHeaders("/hf/gpt_model.onnx", Map.of("X-Linked-Size", Integer.toString(gpt.length),
                "X-Linked-Etag", "\"" + "0".repeat(64) + "\""));
        assertThatThrownBy(() -> models.download((f, d, t) -> { })).isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining("SHA-256");
        assertThat(models.missing()).contains("gpt_model.onnx").doesNotContain("conditioning_encoder.onnx");
    }

    @Test
    void offlineModeNamesTheMissingFileAndTheProviderSaysHowToDownload() throws IOException {
        XttsModels offline = XttsModels.builder().directory(tmp.resolve("m")).baseUri(server.uri("/hf/"))
                .offline(true).build();
        assertThatThrownBy(() -> offline.download((f, d, t) -> { })).isInstanceOf(OfflineException.class)
                .hasMessageContaining("metadata.json");
        Files.createDirectories(tmp.resolve("m"));
        Files.write(tmp.resolve("m/metadata.json"), export.get("metadata.json"));
        assertThatThrownBy(() -> offline.download((f, d, t) -> { })).isInstanceOf(OfflineException.class)
                .hasMessageContaining("conditioning_encoder.onnx");
        assertThat(server.gets.get()).isZero();

        Path data = tmp.resolve("data");
        try (TtsProvider auto = new XttsProviderFactory().create(context(data).option("xtts_v2.auto_download", "true")
                .option("xtts_v2.offline", "true").build())) {
            assertThatThrownBy(auto::initialize).isInstanceOfSatisfying(ProviderException.class, e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.MODEL_MISSING);
                assertThat(e.getMessage()).contains("metadata.json").contains("offline");
            });
        }
        try (TtsProvider manual = new XttsProviderFactory().create(context(data).build())) {
            assertThatThrownBy(manual::initialize).isInstanceOfSatisfying(ProviderException.class, e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.MODEL_MISSING);
                assertThat(e.getMessage()).contains("gpt_model.onnx").contains("voice download xtts_v2")
                        .contains("xtts_v2.auto_download");
            });
        }
        assertThat(server.gets.get()).as("auto_download is off by default").isZero();
    }

    private static SynthesisRequest request(TtsProvider p, Path sample) {
        return SynthesisRequest.of("hello world. this is a test", "en",
                ProviderConfig.enabledDefault().withVoiceSample(sample.toString(), 8.0),
                Settings.resolve(p.capabilities().settings(), Map.of("seed", 7, "stream_chunk_size", 0)));
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
