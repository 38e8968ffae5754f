package io.voicerouter.provider.styletts2;

import io.voicerouter.config.ProviderConfig;
import io.voicerouter.onnx.ChecksumMismatchException;
import io.voicerouter.onnx.ModelDownloadException;
import io.voicerouter.onnx.OfflineException;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.ProviderHealth;
import io.voicerouter.spi.Settings;
import io.voicerouter.spi.SynthesisRequest;
import io.voicerouter.spi.TtsProvider;
import io.voicerouter.testing.LoopbackFileServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
 * {@code kokoro-v1.0} and its variants downloaded through the model store from a loopback server
 * serving onnx-community/Kokoro-82M-v1.0-ONNX's published layout (the release stand-in, plus every
 * v1.0 voice name under {@code voices/}), with the headers Hugging Face sends for LFS files.
 */
class StyleTts2ModelsTest {
    private static final Path LAYOUT = TestData.path("releases/onnx-community-v1.0");

    @TempDir
    Path tmp;

    private final LoopbackFileServer server = new LoopbackFileServer();
    private final Map<String, byte[]> published = new HashMap<>();

    @BeforeEach
    void serve() throws Exception {
        try (Stream<Path> files = Files.walk(LAYOUT)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                published.put(LAYOUT.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
            }
        }
        for (int v = 0; v < StyleTts2Models.VOICES.size(); v++) {
            // The stand-in has af_heart at full size; the other voices get two distinct rows each.
            published.putIfAbsent("voices/" + StyleTts2Models.VOICES.get(v) + ".bin", rows(2, v));
        }
        for (var e : published.entrySet()) {
            server.put("/hf/" + e.getKey(), e.getValue());
            if (e.getKey().endsWith(".onnx") || e.getKey().endsWith(".bin")) { // LFS files on Hugging Face
                server.headHeaders("/hf/" + e.getKey(), Map.of("X-Linked-Size", Integer.toString(e.getValue().length),
                        "X-Linked-Etag", "\"" + sha256(e.getValue()) + "\""));
            }
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ProviderContext.Builder context(Path data) {
        return ProviderContext.builder().dataDirectory(data).environment(Map.of())
                .option("styletts2.model_url", server.uri("/hf/").toString());
    }

    @Test
    void downloadsKokoroV1InOnnxCommunitysLayoutAndTheProviderSpeaksFromIt() throws Exception {
        Path data = tmp.resolve("data");
        StyleTts2Models models = StyleTts2Models.fromContext(context(data).build(), "kokoro-v1.0");
        assertThat(models.directory()).isEqualTo(data.resolve("models/styletts2/kokoro-v1.0").toAbsolutePath());
        assertThat(models.files()).hasSize(3 + 1 + 54).contains("onnx/model.onnx", "tokenizer.json",
                "voices/af_heart.bin", "voices/zm_yunyang.bin");
        Map<String, Long> finished = new ConcurrentHashMap<>();
        models.download((file, done, total) -> {
            if (done == total) {
                finished.put(file, total);
            }
        });
        assertThat(models.installed()).isTrue();
        for (String f : models.files()) {
            assertThat(models.directory().resolve(f)).as(f).hasBinaryContent(published.get(f));
        }
        assertThat(models.directory().resolve("onnx/model_fp16.onnx")).as("one precision only").doesNotExist();
        assertThat(finished).containsKeys("onnx/model.onnx", "voices/af_heart.bin", "config.json");
        int gets = server.gets.get();
        models.download((f, d, t) -> { });
        assertThat(server.gets.get()).as("nothing fetched twice").isEqualTo(gets);

        // styletts2.model names the downloaded release; the provider reads it unchanged.
        try (TtsProvider p = new StyleTts2ProviderFactory(TestData.NO_ESPEAK).create(context(data)
                .option("styletts2.model", "kokoro-v1.0").build())) {
            p.initialize();
            assertThat(p.health().attributes()).containsEntry("graph", "onnx/model.onnx")
                    .containsEntry("vocabulary", "tokenizer.json");
            Map<String, Object> settings = Map.of("input_phonemes", true, "voice", "zm_yunyang");
            float[] w = p.synthesize(SynthesisRequest.of("a", "en", ProviderConfig.enabledDefault().withSettings(settings).voice(),
                    Settings.resolve(p.capabilities().settings(), settings))).audio().samples();
            assertThat(w).hasSize(3 + 256 + 1);
            assertThat(w[3]).as("zm_yunyang's last row (one phoneme, two rows)").isEqualTo(53 * 1000f + 256);
        }
    }

    @Test
    void aVariantDownloadsOnlyItsGraphAndAnUnknownNameListsTheReleases() throws Exception {
        StyleTts2Models fp16 = StyleTts2Models.builder("kokoro-v1.0-fp16").directory(tmp.resolve("fp16"))
                .baseUri(server.uri("/hf/")).build();
        fp16.download((f, d, t) -> { });
        assertThat(tmp.resolve("fp16/onnx/model_fp16.onnx")).hasBinaryContent(published.get("onnx/model_fp16.onnx"));
        assertThat(tmp.resolve("fp16/onnx/model.onnx")).doesNotExist();
        try (TtsProvider p = ReleaseLayoutsTest.open(tmp.resolve("fp16"), Map.of(), List::of)) {
            assertThat(p.health().status()).isEqualTo(ProviderHealth.Status.UP);
            assertThat(p.health().attributes()).containsEntry("graph", "onnx/model_fp16.onnx");
        }
        assertThat(StyleTts2Models.RELEASES).containsKeys("kokoro-v1.0", "kokoro-v1.0-fp16", "kokoro-v1.0-quantized",
                "kokoro-v1.0-q8f16");
        assertThatThrownBy(() -> StyleTts2Models.builder("kokoro-v9")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kokoro-v1.0-quantized");
        // A precision the server does not publish fails naming the file; nothing is left under its name.
        StyleTts2Models q4 = StyleTts2Models.builder("kokoro-v1.0-q4").directory(tmp.resolve("q4"))
                .baseUri(server.uri("/hf/")).store(s -> s.maxAttempts(1)).build();
        assertThatThrownBy(() -> q4.download((f, d, t) -> { })).isInstanceOf(ModelDownloadException.class)
                .hasMessageContaining("onnx/model_q4.onnx");
        assertThat(tmp.resolve("q4/onnx/model_q4.onnx")).doesNotExist();
    }

    @Test
    void aWrongDigestIsRejectedAndOfflineNamesTheFirstMissingFile() {
        server.headHeaders("/hf/voices/af_heart.bin", Map.of("X-Linked-Etag", "\"" + "0".repeat(64) + "\""));
        StyleTts2Models models = StyleTts2Models.builder("kokoro-v1.0").directory(tmp.resolve("m"))
                .baseUri(server.uri("/hf/")).build();
        assertThatThrownBy(() -> models.download((f, d, t) -> { })).isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining("voices/af_heart.bin");
        assertThat(tmp.resolve("m/voices/af_heart.bin")).doesNotExist();
        assertThat(models.missing()).contains("voices/af_heart.bin").doesNotContain("onnx/model.onnx");

        int gets = server.gets.get();
        StyleTts2Models offline = StyleTts2Models.builder("kokoro-v1.0").directory(tmp.resolve("off"))
                .baseUri(server.uri("/hf/")).offline(true).build();
        assertThatThrownBy(() -> offline.download((f, d, t) -> { })).isInstanceOf(OfflineException.class)
                .hasMessageContaining("config.json");
        assertThat(server.gets.get()).isEqualTo(gets);
    }

    /** {@code rows} rows of 256 floats: voice * 1000 + row * 256 + column. */
    private static byte[] rows(int rows, int voice) {
        ByteBuffer b = ByteBuffer.allocate(rows * 256 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < 256; j++) {
                b.putFloat(voice * 1000f + r * 256 + j);
            }
        }
        return b.array();
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
