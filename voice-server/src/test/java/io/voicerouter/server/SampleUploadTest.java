package io.voicerouter.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static io.voicerouter.server.TestServer.ADMIN_KEY;
import static io.voicerouter.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Multipart upload of each test recording, and of broken, oversize, too-long and non-audio files. */
class SampleUploadTest {
    static final List<String> RECORDINGS = List.of("downloaded.wav", "exit.wav", "gpuavailable.wav",
            "multispeaker.wav", "starting.wav", "success.wav", "waiting.wav");

    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() {
        // 2 MiB and 30 s (the test recordings are 2-24 s and up to 1 MB).
        server = TestServer.start(dir.resolve("data"), b -> b.maxSampleBytes(2 << 20).maxSampleSeconds(30));
        for (String id : List.of("narrator", "refusals", "crowd")) {
            HttpResponse<byte[]> r = server.putJson("/api/personalities/" + id, ADMIN_KEY,
                    "{\"active_provider\": \"espeak\", \"providers\": {\"espeak\": {\"enabled\": true}}}");
            assertThat(r.statusCode()).isEqualTo(201);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = SampleUploadTest.class.getResourceAsStream("/speech/" + name)) {
            return in.readAllBytes();
        }
    }

    static HttpResponse<byte[]> upload(String personality, String fileName, byte[] bytes, String key) {
        return upload(server, personality, fileName, bytes, key);
    }

    /** A multipart upload as a browser's form sends it, with {@code language} "en". */
    static HttpResponse<byte[]> upload(TestServer server, String personality, String fileName, byte[] bytes, String key) {
        String boundary = "----voicerouter" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"language\"\r\n\r\nen\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(bytes);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return server.send(server.request("/api/personalities/" + personality + "/samples", key)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    @Test
    void concurrentUploadsToOnePersonalityLoseNoSample() throws Exception {
        List<java.util.concurrent.CompletableFuture<HttpResponse<byte[]>>> all = new java.util.ArrayList<>();
        for (String name : List.of("starting.wav", "waiting.wav", "downloaded.wav")) {
            all.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> uploadUnchecked("crowd", name)));
        }
        for (var f : all) {
            assertThat(f.get(120, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(201);
        }
        JsonNode stored = json(server.get("/api/personalities/crowd", ADMIN_KEY));
        assertThat(stored.path("voice_samples")).hasSize(3);
    }

    static HttpResponse<byte[]> uploadUnchecked(String personality, String name) {
        try {
            return upload(personality, name, resource(name), ADMIN_KEY);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void eachRecordingGetsAQualityReportAndJoinsTheVoiceSamples() throws IOException {
        for (String name : RECORDINGS) {
            HttpResponse<byte[]> r = upload("narrator", name, resource(name), ADMIN_KEY);
            assertThat(r.statusCode()).as(name + ": " + TestServer.text(r)).isEqualTo(201);
            JsonNode body = json(r);
            JsonNode report = body.path("report");
            // Clean studio prompts: a good recording score; quality_score also weighs the duration
            // (0 for a 2 s prompt, too short for every cloning provider).
            assertThat(report.path("recording_score").asDouble()).as(name).isBetween(0.5, 1.0);
            assertThat(report.path("quality_score").asDouble()).as(name).isBetween(0.0, 1.0);
            assertThat(report.path("noise").path("snr_db").isNumber()).as(name).isTrue();
            assertThat(report.path("clipping").has("clipped_samples")).isTrue();
            assertThat(report.path("loudness").path("integrated_lufs").asDouble()).isBetween(-40.0, -5.0);
            assertThat(report.path("providers").findValuesAsText("provider")).contains("xtts_v2", "styletts2");
            assertThat(report.path("providers").findValues("duration_fit")).isNotEmpty();
            assertThat(body.path("sample").path("language").asText()).isEqualTo("en");
            assertThat(body.path("sample").path("quality_score").asDouble())   // stored to 2 decimals
                    .isCloseTo(report.path("quality_score").asDouble(), org.assertj.core.data.Offset.offset(0.006));
        }
        JsonNode stored = json(server.get("/api/personalities/narrator", ADMIN_KEY));
        assertThat(stored.path("voice_samples").size()).isEqualTo(RECORDINGS.size());
        assertThat(stored.path("voice_samples").findValuesAsText("url")).doesNotHaveDuplicates();
    }

    @Test
    void refusesWhatIsNotAUsableRecording() throws IOException {
        byte[] wav = resource("downloaded.wav");
        // Not audio at all.
        assertRefused(upload("refusals", "notes.txt", "just some text, not audio".getBytes(StandardCharsets.UTF_8),
                ADMIN_KEY), 415, "not_audio");
        // A WAV header on a body cut short.
        assertRefused(upload("refusals", "cut.wav", java.util.Arrays.copyOf(wav, 30), ADMIN_KEY), 415, null);
        // Empty.
        assertRefused(upload("refusals", "empty.wav", new byte[0], ADMIN_KEY), 400, "empty_file");
        // Larger than the server takes.
        assertRefused(upload("refusals", "big.wav", new byte[(2 << 20) + 10], ADMIN_KEY), 413, null);
        // Longer than the server takes (35 s of silence, 8 kHz 8-bit: small in bytes, too long in time).
        assertRefused(upload("refusals", "long.wav", silence(35, 8000), ADMIN_KEY), 413, null);
        // Not multipart, no file field, no such personality, and a speak-only key.
        HttpResponse<byte[]> json = server.postJson("/api/personalities/refusals/samples", ADMIN_KEY, "{}");
        assertThat(json.statusCode()).isEqualTo(415);
        assertThat(upload("nobody", "downloaded.wav", wav, ADMIN_KEY).statusCode()).isEqualTo(404);
        assertThat(upload("refusals", "downloaded.wav", wav, server.newKey("speak")).statusCode()).isEqualTo(403);
        assertThat(json(server.get("/api/personalities/refusals", ADMIN_KEY)).path("voice_samples").size())
                .as("no refused file was added").isZero();
    }

    private static void assertRefused(HttpResponse<byte[]> r, int status, String code) {
        assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(status);
        JsonNode err = json(r).path("error");
        assertThat(err.path("message").asText()).isNotBlank();
        if (code != null) {
            assertThat(err.path("code").asText()).isEqualTo(code);
        }
    }

    /** A valid 8-bit mono WAV of {@code seconds} of silence. */
    static byte[] silence(int seconds, int rate) {
        int n = seconds * rate;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(44 + n).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + n).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(rate).putInt(rate).putShort((short) 1).putShort((short) 8);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(n);
        for (int i = 0; i < n; i++) {
            b.put((byte) 0x80);
        }
        return b.array();
    }
}
