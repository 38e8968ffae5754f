package io.voicerouter.cli;

import io.voicerouter.config.VoiceConfig;
import io.voicerouter.store.jdbc.VoiceStore;
import io.voicerouter.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code voice serve} itself: the CLI's main class in its own JVM starts a real server on a free
 * 127.0.0.1 port with the database {@code --store} names, answers a personality and speech over
 * HTTP, and stops cleanly on SIGTERM (what Ctrl-C, systemd and docker stop send).
 */
class ServeCliTest {
    @TempDir
    Path dir;

    @Test
    void helpDocumentsTheStore() {
        CliRun help = CliRun.of("serve", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--store=URL").contains("jdbc:postgresql://").contains("VOICEROUTER_STORE_URL");
    }

    @Test
    void serveStartsSpeaksOverHttpAndStopsCleanly() throws Exception {
        Path data = dir.resolve("data");
        Path db = dir.resolve("elsewhere").resolve("shared.db");
        Path stderr = dir.resolve("stderr.txt");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI base;
        try (ChildJvm child = ChildJvm.start(VoiceCli.class, stderr, "serve", "--port", "0",
                "--data-dir", data.toString(), "--store", "jdbc:sqlite:" + db, "-O", "piper.offline=true")) {
            String serving = child.awaitLine("voice: serving on ", 90);
            base = URI.create(serving.substring("voice: serving on ".length()).split(" ")[0]);
            assertThat(base.getHost()).isEqualTo("127.0.0.1");
            assertThat(base.getPort()).isPositive();
            // No $VOICEROUTER_API_KEY here: the first admin key is generated and printed once.
            String key = Optional.ofNullable(System.getenv("VOICEROUTER_API_KEY"))
                    .orElseGet(() -> awaitKey(child));

            HttpResponse<String> put = http.send(HttpRequest.newBuilder(base.resolve("/api/personalities/aria"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"active_provider\": \"espeak\", \"providers\":"
                            + " {\"espeak\": {\"enabled\": true}}, \"languages\": {\"primary\": \"en\"}}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).as(put.body()).isEqualTo(201);

            HttpResponse<byte[]> speech = http.send(HttpRequest.newBuilder(base.resolve("/v1/audio/speech"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"tts-1\", \"voice\": \"aria\","
                            + " \"input\": \"Served from the command line.\", \"response_format\": \"wav\"}"))
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(speech.statusCode()).isEqualTo(200);
            assertThat(speech.headers().firstValue("X-Voicerouter-Provider")).hasValue("espeak");
            assertThat(new String(speech.body(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
            assertThat(speech.body().length).isGreaterThan(16_000); // over a second of speech

            int exit = child.terminate(30);
            assertThat(exit).as(child.stderr()).isEqualTo(143); // 128 + SIGTERM, after the shutdown hook ran
            String log = child.stderr();
            assertThat(log).doesNotContain(" WARN ").doesNotContain(" ERROR ").doesNotContain("\tat ").doesNotContain(key);
            // Providers nobody configured here are one INFO line with the reasons, not a warning each.
            List<String> unavailable = log.lines().filter(l -> l.contains("Voice providers unavailable: ")).toList();
            assertThat(unavailable).hasSize(1);
            if (System.getenv("GOOGLE_API_KEY") == null && System.getenv("GOOGLE_APPLICATION_CREDENTIALS") == null) {
                assertThat(unavailable.get(0)).contains(" INFO ").contains("google_tts (no credentials: set google_tts.api_key");
            }
            assertThat(log).contains("voice-server listening on http://127.0.0.1:" + base.getPort())
                    .contains("voice-server stopped");
        }
        // The port is closed, and what the server stored is in the --store database, not in the data directory.
        assertThatThrownBy(() -> new Socket(base.getHost(), base.getPort()).close()).isInstanceOf(ConnectException.class);
        assertThat(Files.exists(data.resolve(VoiceStore.Builder.EMBEDDED_FILE))).isFalse();
        try (VoiceStore store = VoiceStore.builder().url("jdbc:sqlite:" + db).build()) {
            assertThat(store.personality("aria")).map(VoiceConfig::activeProvider).hasValue(Optional.of("espeak"));
            assertThat(store.stats("aria").get("espeak").totalGenerations()).isEqualTo(1);
        }
    }

    private static String awaitKey(ChildJvm child) {
        try {
            return child.awaitLine("  vr-", 10).strip();
        } catch (InterruptedException | IOException e) {
            throw new AssertionError(e);
        }
    }
}
