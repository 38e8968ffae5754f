package io.voicerouter.cli;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code voice voices piper} and {@code voice download piper VOICE} against a loopback copy of the
 * Piper voices catalog, then {@code voice say} with the downloaded voice.
 */
class PiperVoicesCliTest {
    private static final String VOICE = "en_US-probetext-x_low";
    private static final String DIR = "en/en_US/probetext/x_low/";
    private static final Path PROBES = Path.of("..", "voice-provider-piper", "src", "test", "resources", "piper");

    @TempDir
    Path data;

    private HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();

    @BeforeEach
    void serve() throws Exception {
        byte[] model = Files.readAllBytes(PROBES.resolve(VOICE + ".onnx"));
        byte[] config = Files.readAllBytes(PROBES.resolve(VOICE + ".onnx.json"));
        files.put("/hf/" + DIR + VOICE + ".onnx", model);
        files.put("/hf/" + DIR + VOICE + ".onnx.json", config);
        files.put("/hf/voices.json", """
                {"%1$s": {"key": "%1$s", "name": "probetext", "quality": "x_low", "num_speakers": 1,
                  "language": {"code": "en_US", "family": "en", "region": "US", "name_english": "English"},
                  "files": {"%2$s%1$s.onnx": {"size_bytes": %3$d, "md5_digest": "%4$s"},
                            "%2$s%1$s.onnx.json": {"size_bytes": %5$d, "md5_digest": "%6$s"}}},
                 "de_DE-thorsten-medium": {"key": "de_DE-thorsten-medium", "name": "thorsten", "quality": "medium",
                  "num_speakers": 1, "language": {"code": "de_DE", "family": "de", "region": "DE", "name_english": "German"},
                  "files": {"de/de_DE/thorsten/medium/de_DE-thorsten-medium.onnx": {"size_bytes": 63201294, "md5_digest": "00000000000000000000000000000000"},
                            "de/de_DE/thorsten/medium/de_DE-thorsten-medium.onnx.json": {"size_bytes": 5, "md5_digest": "00000000000000000000000000000000"}}}}
                """.formatted(VOICE, DIR, model.length, md5(model), config.length, md5(config))
                .getBytes(StandardCharsets.UTF_8));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            byte[] body = files.get(ex.getRequestURI().getPath());
            try (ex; OutputStream out = ex.getResponseBody()) {
                if (body == null) {
                    ex.sendResponseHeaders(404, -1);
                    return;
                }
                ex.sendResponseHeaders(200, body.length);
                out.write(body);
            } catch (IOException ignored) {
                // the client went away
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private List<String> options(String... more) {
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/hf/";
        List<String> args = new ArrayList<>(List.of(more));
        args.addAll(List.of("--data-dir", data.toString(), "-O", "piper.catalog_url=" + base + "voices.json",
                "-O", "piper.base_url=" + base, "-O", "piper.device=cpu"));
        return args;
    }

    private String[] run(List<String> args, int expectedExit) {
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isEqualTo(expectedExit);
        return new String[] {r.out(), r.err()};
    }

    @Test
    void listsDownloadsAndSpeaksWithACatalogVoice() throws Exception {
        String[] all = run(options("voices", "piper"), 0);
        assertThat(all[0]).contains(VOICE).contains("de_DE-thorsten-medium").contains("63.2 MB").contains("2 voices");

        String[] english = run(options("voices", "piper", "--language", "en-US"), 0);
        assertThat(english[0]).contains(VOICE).doesNotContain("thorsten");

        String[] download = run(options("download", "piper", VOICE), 0);
        assertThat(download[0]).contains("Installed " + VOICE);
        assertThat(download[1]).contains(VOICE + ".onnx").contains("100.0%");

        String[] listed = run(options("voices", "piper", "--language", "en"), 0);
        assertThat(listed[0]).containsPattern(VOICE + ".*yes");

        Path config = data.resolve("piper.json");
        Files.writeString(config, """
                {"active_provider": "piper",
                 "providers": {"piper": {"enabled": true, "voice_id": "%s"}, "espeak": {"enabled": true}},
                 "fallback_chain": ["espeak"]}
                """.formatted(VOICE));
        Path wav = data.resolve("piper.wav");
        String[] say = run(options("say", "hello", "--config", config.toString(), "-o", wav.toString(),
                "-O", "piper.offline=true"), 0);
        assertThat(say[0]).contains("from piper").contains("1. piper").contains("ok in");
        assertThat(Files.size(wav)).isGreaterThan(44);
    }

    @Test
    void anUnknownVoiceIsAClearError() {
        String[] r = run(options("download", "piper", "xx_XX-nobody-low"), 2);
        assertThat(r[1]).contains("xx_XX-nobody-low").contains("voice voices piper");
    }

    private static String md5(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
    }
}
