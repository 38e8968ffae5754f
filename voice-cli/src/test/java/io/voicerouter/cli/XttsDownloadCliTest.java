package io.voicerouter.cli;

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
 * {@code voice download xtts_v2} against a loopback copy of the public repository laid out as published:
 * the export (here voice-provider-xtts's tiny fixture under the real names) in the folder {@code xtts_onnx/},
 * the export's Python code and README at the root. The CLI is given only the repository's URL.
 */
class XttsDownloadCliTest {
    private static final Path TINY = Path.of("..", "voice-provider-xtts", "src", "test", "resources", "xtts", "tiny");
    private static final String REPO = "/hf/";

    @TempDir
    Path data;

    private final LoopbackFileServer server = new LoopbackFileServer();

    @BeforeEach
    void serve() throws Exception {
        try (Stream<Path> files = Files.walk(TINY)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(f);
                String path = REPO + "xtts_onnx/" + TINY.relativize(f).toString().replace('\\', '/');
                server.put(path, bytes).headHeaders(path, Map.of("X-Linked-Size", Integer.toString(bytes.length)));
            }
        }
        for (String root : new String[] {"README.md", "xtts_onnx_orchestrator.py", "xtts_streaming_pipeline.py"}) {
            server.put(REPO + root, root.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void downloadsTheExportWithAProgressBarIntoTheProvidersDirectory() throws Exception {
        CliRun r = CliRun.of("download", "xtts_v2", "--data-dir", data.toString(),
                "-O", "xtts_v2.model_url=" + server.uri(REPO));
        assertThat(r.exit()).as(r.err()).isZero();
        Path dir = data.resolve("models").resolve("xtts_v2");
        assertThat(r.out()).contains("Installed the XTTS v2 export at " + dir.toAbsolutePath());
        assertThat(r.err()).contains("metadata.json").contains("gpt_model.onnx").contains("mel_embedding.npy")
                .contains("100.0%");
        assertThat(dir.resolve("gpt_model.onnx")).hasSameBinaryContentAs(TINY.resolve("gpt_model.onnx"));
        assertThat(dir.resolve("embeddings/text_embedding.npy"))
                .hasSameBinaryContentAs(TINY.resolve("embeddings/text_embedding.npy"));

        int gets = server.gets.get();
        assertThat(CliRun.of("download", "xtts_v2", "--data-dir", data.toString(),
                "-O", "xtts_v2.model_url=" + server.uri(REPO)).exit()).isZero();
        assertThat(server.gets.get()).as("an installed export is not fetched again").isEqualTo(gets);
    }

    @Test
    void offlineNamesTheMissingFileAndPiperStillNeedsAVoice() {
        CliRun offline = CliRun.of("download", "xtts_v2", "--data-dir", data.toString(),
                "-O", "xtts_v2.model_url=" + server.uri(REPO), "-O", "xtts_v2.offline=true");
        assertThat(offline.exit()).isEqualTo(2);
        assertThat(offline.err()).contains("metadata.json").contains("offline");

        CliRun piper = CliRun.of("download", "piper", "--data-dir", data.toString());
        assertThat(piper.exit()).isEqualTo(2);
        assertThat(piper.err()).contains("voice voices piper");
        assertThat(server.gets.get()).isZero();
    }
}
