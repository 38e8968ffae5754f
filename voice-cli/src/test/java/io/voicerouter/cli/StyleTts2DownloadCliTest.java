package io.voicerouter.cli;

import io.voicerouter.provider.styletts2.StyleTts2Models;
import io.voicerouter.testing.LoopbackFileServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code voice download styletts2 kokoro-v1.0} against a loopback copy of onnx-community's published
 * layout (voice-provider-styletts2's release stand-in; every v1.0 voice name is served).
 */
class StyleTts2DownloadCliTest {
    private static final Path LAYOUT = Path.of("..", "voice-provider-styletts2", "src", "test", "resources",
            "styletts2", "releases", "onnx-community-v1.0");

    @TempDir
    Path data;

    private final LoopbackFileServer server = new LoopbackFileServer();

    @BeforeEach
    void serve() throws Exception {
        try (Stream<Path> files = Files.walk(LAYOUT)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(f);
                String path = "/hf/" + LAYOUT.relativize(f).toString().replace('\\', '/');
                server.put(path, bytes).headHeaders(path, Map.of("X-Linked-Size", Integer.toString(bytes.length)));
            }
        }
        byte[] voice = new byte[2 * 256 * 4]; // the other voices: two rows of zeros, to keep the test small
        for (String v : StyleTts2Models.VOICES) {
            if (!v.equals("af_heart")) {
                server.put("/hf/voices/" + v + ".bin", voice);
            }
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void downloadsAReleaseOrAVariantIntoTheProvidersDirectoryAndSaysHowToUseIt() throws Exception {
        CliRun r = CliRun.of("download", "styletts2", "kokoro-v1.0-fp16", "--data-dir", data.toString(),
                "-O", "styletts2.model_url=" + server.uri("/hf/"));
        assertThat(r.exit()).as(r.err()).isZero();
        Path dir = data.resolve("models").resolve("styletts2").resolve("kokoro-v1.0-fp16");
        assertThat(r.out()).contains("Installed Kokoro kokoro-v1.0-fp16 at " + dir.toAbsolutePath())
                .contains("-O styletts2.model=kokoro-v1.0-fp16");
        assertThat(r.err()).contains("model_fp16.onnx").contains("af_heart.bin").contains("zm_yunyang.bin")
                .contains("100.0%");
        assertThat(dir.resolve("onnx/model_fp16.onnx")).hasSameBinaryContentAs(LAYOUT.resolve("onnx/model_fp16.onnx"));
        assertThat(dir.resolve("tokenizer.json")).hasSameBinaryContentAs(LAYOUT.resolve("tokenizer.json"));
        assertThat(dir.resolve("voices/zm_yunyang.bin")).exists();

        int gets = server.gets.get();
        assertThat(CliRun.of("download", "styletts2", "kokoro-v1.0-fp16", "--data-dir", data.toString(),
                "-O", "styletts2.model_url=" + server.uri("/hf/")).exit()).isZero();
        assertThat(server.gets.get()).as("an installed release is not fetched again").isEqualTo(gets);
    }

    @Test
    void anUnknownReleaseListsTheKnownOnesAndOfflineNamesTheMissingFile() {
        CliRun unknown = CliRun.of("download", "styletts2", "kokoro-v9", "--data-dir", data.toString());
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("kokoro-v1.0").contains("kokoro-v1.0-quantized");

        CliRun offline = CliRun.of("download", "styletts2", "--data-dir", data.toString(),
                "-O", "styletts2.model_url=" + server.uri("/hf/"), "-O", "styletts2.offline=true");
        assertThat(offline.exit()).isEqualTo(2);
        assertThat(offline.err()).contains("config.json").contains("offline");
        assertThat(server.gets.get()).isZero();
    }
}
