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
import java.nio.charset.StandardCharsets;
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
 * Downloading the export through the model store from a loopback copy of the public repository
 * (pltobing/XTTSv2-Streaming-ONNX) laid out as published: the export's files in its {@code xtts_onnx/}
 * folder (the tiny export's bytes under the real names), the Python code, README and sample audio at the
 * root, nothing else. Served as Hugging Face serves it ({@code X-Linked-Size} / {@code X-Linked-Etag} on a
 * HEAD of LFS files). Any request outside that tree is a 404, so a download from the wrong folder fails.
 */
class XttsModelsTest {
    /** The repository's root files besides the xtts_onnx/ folder (README.md's "Repository Structure"). */
    static final List<String> ROOT_FILES = List.of("README.md", "requirements.txt", "xtts_streaming_pipeline.py",
            "xtts_onnx_orchestrator.py", "xtts_tokenizer.py", "zh_num2words.py", "audio_ref/male_stewie.mp3");
    private static final String REPO = "/hf/";
    private static final String FOLDER = REPO + "xtts_onnx/";

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
                server.put(FOLDER + name, bytes);
                if (name.endsWith(".onnx") || name.endsWith(".npy")) { // LFS files on Hugging Face
                    server.headHeaders(FOLDER + name, Map.of("X-Linked-Size", Integer.toString(bytes.length),
                            "X-Linked-Etag", "\"" + sha256(bytes) + "\""));
                }
            }
        }
        for (String name : ROOT_FILES) {
            server.put(REPO + name, ("not part of the export: " + name).getBytes(StandardCharsets.UTF_8));
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ProviderContext.Builder context(Path data) {
        return ProviderContext.builder().dataDirectory(data).environment(Map.of())
                .option("xtts_v2.model_url", server.uri(REPO).toString()).option("xtts_v2.threads", "1")
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
        XttsModels models = XttsModels.builder().directory(tmp.resolve("m")).baseUri(server.uri(REPO))
                .store(s -> s.maxAttempts(1)).build();
        server.cutNext(FOLDER + "gpt_model.onnx", 1000);
        assertThatThrownBy(() -> models.download((f, d, t) -> { })).isInstanceOf(ModelDownloadException.class)
                .hasMessageContaining("gpt_model.onnx");
        assertThat(Files.size(tmp.resolve("m/gpt_model.onnx.part"))).isEqualTo(1000);
        assertThat(models.missing()).contains("gpt_model.onnx");

        models.download((f, d, t) -> { });
        assertThat(server.ranges).contains(FOLDER + "gpt_model.onnx bytes=1000-");
        assertThat(tmp.resolve("m/gpt_model.onnx")).hasBinaryContent(export.get("gpt_model.onnx"));
        assertThat(tmp.resolve("m/gpt_model.onnx.part")).doesNotExist();
        assertThat(models.installed()).isTrue();
    }

    @Test
    void aWrongPublishedSizeOrDigestIsRejectedAndNothingIsKept() {
        byte[] gpt = export.get("gpt_model.onnx");
        server.headHeaders(FOLDER + "gpt_model.onnx", Map.of("X-Linked-Size", Integer.toString(gpt.length - 7)));
        XttsModels models = XttsModels.builder().directory(tmp.resolve("m")).baseUri(server.uri(REPO)).build();
        assertThatThrownBy(() -> models.download((f, d, t) -> { })).isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining("gpt_model.onnx").hasMessageContaining("expected " + (gpt.length - 7));
        assertThat(tmp.resolve("m/gpt_model.onnx")).doesNotExist();
        assertThat(tmp.resolve("m/gpt_model.onnx.part")).doesNotExist();

        server.headHeaders(FOLDER + "gpt_model.onnx", Map.of("X-Linked-Size", Integer.toString(gpt.length),
                "X-Linked-Etag", "\"" + "0".repeat(64) + "\""));
        assertThatThrownBy(() -> models.download((f, d, t) -> { })).isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining("SHA-256");
        assertThat(models.missing()).contains("gpt_model.onnx").doesNotContain("conditioning_encoder.onnx");
    }

    @Test
    void offlineModeNamesTheMissingFileAndTheProviderSaysHowToDownload() throws IOException {
        XttsModels offline = XttsModels.builder().directory(tmp.resolve("m")).baseUri(server.uri(REPO))
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

    @Test
    void theDefaultSourceIsThePublicRepositorysXttsOnnxFolder() {
        XttsModels models = XttsModels.builder().directory(tmp).build();
        String repo = "https://huggingface.co/pltobing/XTTSv2-Streaming-ONNX/resolve/main/";
        assertThat(models.source("metadata.json")).hasToString(repo + "xtts_onnx/metadata.json");
        assertThat(models.source("embeddings/mel_pos_embedding.npy"))
                .hasToString(repo + "xtts_onnx/embeddings/mel_pos_embedding.npy");
        assertThat(XttsModels.builder().folder("").build().source("vocab.json")).hasToString(repo + "vocab.json");
        assertThat(XttsModels.builder().folder("/export").build().source("vocab.json"))
                .hasToString(repo + "export/vocab.json");
        assertThatThrownBy(() -> XttsModels.builder().folder("../other")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> XttsModels.fromContext(ProviderContext.builder().dataDirectory(tmp)
                .environment(Map.of()).option("xtts_v2.model_folder", "a/../../b").build()))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.MISCONFIGURED));
    }

    @Test
    void theInt8GptIsFetchedFromTheSameFolderWhenAsked() throws Exception {
        // the published metadata.json names both GPTs; the int8 one is served like the float one
        byte[] gpt = export.get("gpt_model.onnx");
        byte[] meta = new String(export.get("metadata.json"), StandardCharsets.UTF_8)
                .replace("\"gpt_model\": \"gpt_model.onnx\"",
                        "\"gpt_model\": \"gpt_model.onnx\", \"gpt_model_int8\": \"gpt_model_int8.onnx\"")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(new String(meta, StandardCharsets.UTF_8)).contains("gpt_model_int8");
        server.put(FOLDER + "metadata.json", meta).put(FOLDER + "gpt_model_int8.onnx", gpt);
        XttsModels models = XttsModels.builder().directory(tmp.resolve("m")).baseUri(server.uri(REPO))
                .preferInt8Gpt(true).build();
        models.download((f, d, t) -> { });
        assertThat(tmp.resolve("m/gpt_model_int8.onnx")).hasBinaryContent(gpt);
        assertThat(tmp.resolve("m/gpt_model.onnx")).doesNotExist();
        assertThat(models.installed()).isTrue();
    }

    @Test
    void aCloneOfTheRepositoryIsReadFromItsXttsOnnxFolder() throws Exception {
        Path clone = tmp.resolve("XTTSv2-Streaming-ONNX");
        for (var e : export.entrySet()) {
            Path f = clone.resolve("xtts_onnx").resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.write(f, e.getValue());
        }
        for (String name : ROOT_FILES) {
            Files.createDirectories(clone.resolve(name).getParent());
            Files.writeString(clone.resolve(name), name);
        }
        XttsModels models = XttsModels.builder().directory(clone).offline(true).build();
        assertThat(models.installed()).isTrue();
        try (TtsProvider p = new XttsProviderFactory().create(context(tmp).option("xtts_v2.model_dir", clone.toString())
                .option("xtts_v2.offline", "true").build())) {
            p.initialize();
            assertThat(p.health().status()).isEqualTo(ProviderHealth.Status.UP);
        }
        assertThat(server.requests.get()).isZero();

        // a clone whose LFS checkout missed a file is completed in its xtts_onnx/ folder, not at its root
        Files.delete(clone.resolve("xtts_onnx/mel_stats.npy"));
        XttsModels online = XttsModels.builder().directory(clone).baseUri(server.uri(REPO)).build();
        assertThat(online.missing()).containsExactly("mel_stats.npy");
        online.download((f, d, t) -> { });
        assertThat(clone.resolve("xtts_onnx/mel_stats.npy")).hasBinaryContent(export.get("mel_stats.npy"));
        assertThat(clone.resolve("mel_stats.npy")).doesNotExist();
        assertThat(clone.resolve("metadata.json")).doesNotExist();
        assertThat(server.gets.get()).isEqualTo(1);
    }

    private static SynthesisRequest request(TtsProvider p, Path sample) {
        return SynthesisRequest.of("hello world. this is a test", "en",
                ProviderConfig.enabledDefault().withVoiceSample(sample.toString(), 8.0).voice(),
                Settings.resolve(p.capabilities().settings(), Map.of("seed", 7, "stream_chunk_size", 0)));
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
