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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.voicerouter.server.TestServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/** The console's static files and the endpoints it adds, over real HTTP on loopback. */
class ConsoleApiTest {
    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir.resolve("data"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ConsoleApiTest.class.getResourceAsStream("/speech/" + name)) {
            return in.readAllBytes();
        }
    }

    private static HttpResponse<byte[]> upload(String personality, byte[] wav) {
        String boundary = "----console" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"s.wav\""
                + "\r\nContent-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(wav);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return server.send(server.request("/api/personalities/" + personality + "/samples", ADMIN_KEY)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    private static void create(String id) {
        HttpResponse<byte[]> r = server.putJson("/api/personalities/" + id, ADMIN_KEY,
                "{\"active_provider\": \"espeak\", \"providers\": {\"espeak\": {\"enabled\": true}}, \"fallback_chain\": [\"espeak\"]}");
        assertThat(r.statusCode()).as(TestServer.text(r)).isIn(200, 201);
    }

    @Test
    void thePageAndEveryModuleItImportsComeFromTheJarWithoutAKeyAndLoadNothingFromElsewhere() {
        HttpResponse<byte[]> page = server.get("/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'self'").contains("script-src 'self'").contains("frame-ancestors 'none'");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        String html = TestServer.text(page);
        assertThat(html).contains("<script type=\"module\" src=\"/console/app.js\"></script>").contains("<html lang=\"en\">");

        // Follow every import from app.js: each module is served as JavaScript, none is missing, none is remote.
        List<String> seen = new ArrayList<>();
        List<String> todo = new ArrayList<>(List.of("app.js", "style.css", "icon.svg"));
        Pattern imports = Pattern.compile("(?:import|from)\\s+'\\./([a-z0-9-]+\\.js)'");
        while (!todo.isEmpty()) {
            String name = todo.remove(0);
            if (seen.contains(name)) {
                continue;
            }
            seen.add(name);
            HttpResponse<byte[]> r = server.get("/console/" + name, null);
            assertThat(r.statusCode()).as(name).isEqualTo(200);
            String type = r.headers().firstValue("Content-Type").orElseThrow();
            String text = TestServer.text(r);
            assertThat(text).as(name).doesNotContainPattern("(src|href)=[\"']?(https?:)?//").doesNotContain("import('http")
                    .doesNotContain("from 'http").doesNotContain("@import");
            if (name.endsWith(".js")) {
                assertThat(type).isEqualTo("text/javascript; charset=utf-8");
                Matcher m = imports.matcher(text);
                while (m.find()) {
                    todo.add(m.group(1));
                }
            }
        }
        assertThat(seen).contains("api.js", "voice.js", "chain.js", "settings.js", "samples.js", "tryit.js", "dashboard.js");
        // Every file in the jar's console folder is reachable from the page: nothing dead ships.
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/io/voicerouter/server/console"))) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.equals("index.html")))
                    .allMatch(seen::contains);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }

        assertThat(server.get("/console/nothing.js", null).statusCode()).isEqualTo(404);
        // Names are matched, never resolved as paths: nothing outside the folder, no other file type.
        assertThat(server.get("/console/sub/app.js", null).statusCode()).isEqualTo(404);
        assertThat(server.get("/console/APP.JS", null).statusCode()).isEqualTo(404);
        assertThat(server.get("/console/ServerConfig.class", null).statusCode()).isEqualTo(404);
        assertThat(server.send(server.request("/", null).POST(HttpRequest.BodyPublishers.noBody()).build()).statusCode())
                .isEqualTo(405);
    }

    @Test
    void theLanguageTableHasTheSeeds26RowsWithWhoCoversEach() {
        assertThat(server.get("/api/languages", null).statusCode()).isEqualTo(401);
        assertThat(server.get("/api/languages", server.newKey("speak")).statusCode()).isEqualTo(403);
        JsonNode body = TestServer.json(server.get("/api/languages", ADMIN_KEY));
        assertThat(body.path("data")).hasSize(26);
        JsonNode en = body.path("data").get(0);
        assertThat(en.path("code").asText()).isEqualTo("en");
        assertThat(en.path("seed_providers").toString()).contains("\"piper\"").contains("\"xtts_v2\"");
        assertThat(en.path("installed_providers").toString()).isEqualTo("[\"espeak\"]");
        JsonNode providers = body.path("providers");
        JsonNode piper = null;
        JsonNode xtts = null;
        JsonNode espeak = null;
        for (JsonNode p : providers) {
            switch (p.path("id").asText()) {
                case "piper" -> piper = p;
                case "xtts_v2" -> xtts = p;
                case "espeak" -> espeak = p;
                default -> { }
            }
        }
        assertThat(piper.path("installed").asBoolean()).isFalse();
        assertThat(piper.path("module").asText()).isEqualTo("io.voicerouter:voice-provider-piper");
        assertThat(espeak.path("installed").asBoolean()).isTrue();
        assertThat(xtts.path("sample_requirements").path("min_seconds").asDouble()).isEqualTo(6.0);
        assertThat(xtts.path("sample_requirements").path("max_seconds").asDouble()).isEqualTo(30.0);
    }

    @Test
    void theLatencyHistoryHasEachFinishedRequestInOrder() {
        create("historian");
        long before = System.currentTimeMillis() - 1;
        for (int i = 0; i < 2; i++) {
            HttpResponse<byte[]> r = server.postJson("/v1/audio/speech", ADMIN_KEY,
                    "{\"model\": \"tts-1-hd\", \"voice\": \"historian\", \"response_format\": \"wav\", \"input\": \"Line " + i + " of the history.\"}");
            assertThat(r.statusCode()).isEqualTo(200);
        }
        JsonNode data = TestServer.json(server.get("/api/stats/history?since=" + before, ADMIN_KEY)).path("data");
        List<JsonNode> mine = new ArrayList<>();
        data.forEach(p -> {
            if ("historian".equals(p.path("personality").asText())) {
                mine.add(p);
            }
        });
        assertThat(mine).hasSize(2);
        assertThat(mine.get(0).path("provider").asText()).isEqualTo("espeak");
        assertThat(mine.get(0).path("ok").asBoolean()).isTrue();
        assertThat(mine.get(0).path("latency_ms").asDouble()).isPositive();
        assertThat(mine.get(0).path("audio_seconds").asDouble()).isPositive();
        assertThat(mine.get(1).path("at").asLong()).isGreaterThanOrEqualTo(mine.get(0).path("at").asLong());
        long last = data.get(data.size() - 1).path("at").asLong();
        assertThat(TestServer.json(server.get("/api/stats/history?since=" + last, ADMIN_KEY)).path("data")).isEmpty();
        HttpResponse<byte[]> bad = server.get("/api/stats/history?since=yesterday", ADMIN_KEY);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(TestServer.json(bad).path("error").path("param").asText()).isEqualTo("since");
    }

    @Test
    void aSampleHasPeaksAndAudioAndDeletingItClearsItsProvidersAndItsFileWhenUnshared() throws IOException {
        create("sampler");
        create("sharer");
        byte[] wav = resource("exit.wav");
        JsonNode added = TestServer.json(upload("sampler", wav));
        String url = added.path("sample").path("url").asText();
        assertThat(added.path("sample").path("id").asText()).isEqualTo("sample_1");

        JsonNode peaks = TestServer.json(server.get("/api/personalities/sampler/samples/sample_1/peaks?buckets=300", ADMIN_KEY));
        assertThat(peaks.path("min")).hasSize(300);
        assertThat(peaks.path("max")).hasSize(300);
        assertThat(peaks.path("duration").asDouble()).isBetween(6.0, 6.2);
        double top = 0;
        for (int i = 0; i < 300; i++) {
            assertThat(peaks.path("min").get(i).asDouble()).isBetween(-1.0, 0.0);
            assertThat(peaks.path("max").get(i).asDouble()).isBetween(0.0, 1.0);
            top = Math.max(top, peaks.path("max").get(i).asDouble());
        }
        assertThat(top).as("speech, not silence").isGreaterThan(0.3);
        HttpResponse<byte[]> audio = server.get("/api/personalities/sampler/samples/sample_1/audio", ADMIN_KEY);
        assertThat(audio.headers().firstValue("Content-Type")).hasValue("audio/wav");
        assertThat(audio.body()).isEqualTo(wav);
        assertThat(server.get("/api/personalities/sampler/samples/sample_1/peaks", null).statusCode()).isEqualTo(401);

        // styletts2 uses it; the same recording is also sharer's sample: deleting sampler's keeps the file.
        JsonNode config = TestServer.json(server.get("/api/personalities/sampler", ADMIN_KEY));
        ((com.fasterxml.jackson.databind.node.ObjectNode) config.path("providers")).putObject("styletts2")
                .put("enabled", true).put("voice_sample_url", url).put("voice_sample_duration", 6.1);
        assertThat(server.putJson("/api/personalities/sampler", ADMIN_KEY, config.toString()).statusCode()).isEqualTo(200);
        TestServer.json(upload("sharer", wav));
        JsonNode deleted = TestServer.json(server.delete("/api/personalities/sampler/samples/sample_1", ADMIN_KEY));
        assertThat(deleted.path("cleared_providers").toString()).isEqualTo("[\"styletts2\"]");
        assertThat(deleted.path("file_deleted").asBoolean()).isFalse();
        JsonNode after = TestServer.json(server.get("/api/personalities/sampler", ADMIN_KEY));
        assertThat(after.path("voice_samples")).isEmpty();
        assertThat(after.path("providers").path("styletts2").has("voice_sample_url")).isFalse();
        assertThat(after.path("providers").path("styletts2").path("enabled").asBoolean()).isTrue();
        assertThat(server.get("/api/personalities/sharer/samples/sample_1/audio", ADMIN_KEY).body()).isEqualTo(wav);

        // The last reference goes: so does the file.
        JsonNode last = TestServer.json(server.delete("/api/personalities/sharer/samples/sample_1", ADMIN_KEY));
        assertThat(last.path("file_deleted").asBoolean()).isTrue();
        assertThat(server.get("/api/personalities/sharer/samples/sample_1/peaks", ADMIN_KEY).statusCode()).isEqualTo(404);
        assertThat(server.delete("/api/personalities/sharer/samples/sample_1", ADMIN_KEY).statusCode()).isEqualTo(404);
        assertThat(server.delete("/api/personalities/nobody/samples/sample_1", ADMIN_KEY).statusCode()).isEqualTo(404);
        assertThat(server.get("/api/personalities/sharer/samples/sample_1", ADMIN_KEY).statusCode()).isEqualTo(405);
    }

    @Test
    void measuringALocalProviderSpeaksThroughTheRouterTwice() {
        JsonNode r = TestServer.json(server.send(server.request("/api/providers/espeak/measure", ADMIN_KEY)
                .POST(HttpRequest.BodyPublishers.noBody()).build()));
        assertThat(r.path("runs")).hasSize(2);
        for (JsonNode run : r.path("runs")) {
            assertThat(run.path("latency_ms").asDouble()).isPositive();
            assertThat(run.path("audio_seconds").asDouble()).isBetween(2.0, 15.0);
            assertThat(run.path("real_time_factor").asDouble()).isPositive();
        }
        HttpResponse<byte[]> missing = server.send(server.request("/api/providers/piper/measure", ADMIN_KEY)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(server.get("/api/providers/espeak/measure", ADMIN_KEY).statusCode()).isEqualTo(405);
    }
}
