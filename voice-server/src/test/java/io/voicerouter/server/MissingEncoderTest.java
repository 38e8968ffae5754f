package io.voicerouter.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import static io.voicerouter.server.TestServer.ADMIN_KEY;
import static io.voicerouter.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

/** A host without ffmpeg: mp3 and aac are a clear 501 before any synthesis; opus, flac and wav still work in Java. */
class MissingEncoderTest {
    @TempDir
    Path dir;

    @Test
    void aFormatWithoutAnEncoderIs501AndSaysWhatToInstall() {
        String previous = System.getProperty("voicerouter.ffmpeg");
        TestServer server;
        System.setProperty("voicerouter.ffmpeg", "/nonexistent/bin/ffmpeg"); // read when the server's encoders are made
        try {
            server = TestServer.start(dir.resolve("data"));
        } finally {
            if (previous == null) {
                System.clearProperty("voicerouter.ffmpeg");
            } else {
                System.setProperty("voicerouter.ffmpeg", previous);
            }
        }
        try (server) {
            for (String format : new String[] {"mp3", "aac"}) {
                HttpResponse<byte[]> r = server.postJson("/v1/audio/speech", ADMIN_KEY,
                        "{\"model\":\"tts-1\",\"voice\":\"alloy\",\"input\":\"Hello.\",\"response_format\":\"" + format + "\"}");
                assertThat(r.statusCode()).isEqualTo(501);
                assertThat(json(r).path("error").path("param").asText()).isEqualTo("response_format");
                assertThat(json(r).path("error").path("message").asText()).contains("Cannot encode " + format)
                        .contains("apt-get install ffmpeg");
            }
            for (String format : new String[] {"opus", "flac", "wav", "pcm"}) {
                HttpResponse<byte[]> r = server.postJson("/v1/audio/speech", ADMIN_KEY,
                        "{\"model\":\"tts-1\",\"voice\":\"alloy\",\"input\":\"Hello.\",\"response_format\":\"" + format + "\"}");
                assertThat(r.statusCode()).as(format).isEqualTo(200);
                assertThat(r.body().length).as(format).isGreaterThan(1000);
            }
            // Nothing was synthesized for the refused formats: one line spoken (then cached) for the rest.
            assertThat(json(server.get("/api/stats", ADMIN_KEY)).path("global").path("espeak")
                    .path("total_generations").asLong()).isEqualTo(4);
        }
    }
}
