package io.voicerouter.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicerouter.testing.Concurrently;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.voicerouter.server.TestServer.ADMIN_KEY;
import static io.voicerouter.server.TestServer.json;
import static io.voicerouter.server.TestServer.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Every endpoint's success and error paths over real HTTP on loopback, keys and scopes, limits. */
class HttpApiTest {
    static final String ESPEAK_ONLY = """
            {"active_provider": "espeak", "providers": {"espeak": {"enabled": true, "settings": {"rate": 170}}},
             "fallback_chain": ["espeak"], "languages": {"primary": "en"}}""";
    /** Piper first (not installed in this module's tests), espeak after it: the trace must show the fallback. */
    static final String PIPER_THEN_ESPEAK = """
            {"active_provider": "piper", "providers": {"piper": {"enabled": true, "voice_id": "en_US-lessac-medium"},
             "espeak": {"enabled": true}}, "fallback_chain": ["piper", "espeak"], "unknown_field": {"kept": true}}""";

    @TempDir
    static Path dir;
    static TestServer server;
    static String speakKey;

    @BeforeAll
    static void start() {
        // Every test here shares the admin key; the default burst (40) is sized for one client, not a
        // suite, and ran out when the concurrent-create test came first. The limit itself is tested
        // on its own server below.
        server = TestServer.start(dir.resolve("data"), b -> b.rateLimit(1000, 1000));
        speakKey = server.newKey("speak");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String speech(String voice, String model, String extra) {
        return "{\"model\":\"" + model + "\",\"voice\":\"" + voice + "\",\"input\":\"Testing one two three.\""
                + ",\"response_format\":\"wav\"" + extra + "}";
    }

    @Test
    void authenticationAndScopes() {
        String body = speech("alloy", "tts-1", "");
        HttpResponse<byte[]> none = server.postJson("/v1/audio/speech", null, body);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(json(none).path("error").path("code").asText()).isEqualTo("missing_api_key");
        assertThat(server.postJson("/v1/audio/speech", "wrong-key-wrong-key", body).statusCode()).isEqualTo(401);
        assertThat(server.send(server.request("/v1/audio/speech", null).header("Authorization", "Basic abc")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build()).statusCode()).isEqualTo(401);
        assertThat(server.postJson("/v1/audio/speech", speakKey, body).statusCode()).isEqualTo(200);
        for (String admin : List.of("/api/stats", "/api/providers", "/api/personalities", "/api/keys", "/metrics",
                "/api/personalities/x")) {
            HttpResponse<byte[]> r = server.get(admin, speakKey);
            assertThat(r.statusCode()).as(admin).isEqualTo(403);
            assertThat(json(r).path("error").path("type").asText()).isEqualTo("permission_error");
            assertThat(server.get(admin, null).statusCode()).as(admin).isEqualTo(401);
        }
        // Health and readiness need no key (load balancers and orchestrators probe them).
        assertThat(server.get("/health", null).statusCode()).isEqualTo(200);
        assertThat(json(server.get("/ready", null)).path("status").asText()).isEqualTo("ready");
    }

    @Test
    void keysAreStoredHashedListedWithoutSecretsAndRevocable() throws Exception {
        String key = server.newKey("speak");
        // Only hashes reach the database: not in its rows, not in its file (nor its write-ahead log).
        assertThat(server.server.store().apiKeys()).extracting(k -> k.sha256())
                .contains(sha256(key))
                .doesNotContain(key);
        for (String f : List.of("data/voicerouter.db", "data/voicerouter.db-wal")) {
            if (Files.exists(dir.resolve(f))) {
                String raw = new String(Files.readAllBytes(dir.resolve(f)), StandardCharsets.ISO_8859_1);
                assertThat(raw).as(f).doesNotContain(key).doesNotContain(ADMIN_KEY);
            }
        }
        HttpResponse<byte[]> list = server.get("/api/keys", ADMIN_KEY);
        assertThat(text(list)).doesNotContain(key).doesNotContain(ADMIN_KEY);
        String id = null;
        for (JsonNode k : json(list).path("data")) {
            assertThat(k.has("key")).isFalse();
            id = k.path("id").asText();
        }
        assertThat(server.get("/v1/models", key).statusCode()).isEqualTo(200);
        assertThat(server.delete("/api/keys/" + id, ADMIN_KEY).statusCode()).isEqualTo(204);
        assertThat(server.get("/v1/models", key).statusCode()).isEqualTo(401);
        assertThat(server.delete("/api/keys/" + id, ADMIN_KEY).statusCode()).isEqualTo(404);
        assertThat(server.postJson("/api/keys", ADMIN_KEY, "{\"scopes\":[\"root\"]}").statusCode()).isEqualTo(400);
        assertThat(server.postJson("/api/keys", ADMIN_KEY, "{\"scopes\":[]}").statusCode()).isEqualTo(400);
    }

    static String sha256(String secret) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(secret.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void keysNeverReachTheLog() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        String key;
        try {
            key = server.newKey("speak");
            server.postJson("/v1/audio/speech", key, speech("nobody", "tts-1", ""));
            server.postJson("/v1/audio/speech", key + "-bad", speech("alloy", "tts-1", ""));
            server.get("/api/stats", key);
            server.postJson("/v1/audio/speech", ADMIN_KEY, "{broken");
        } finally {
            System.setErr(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain(key).doesNotContain(ADMIN_KEY);
    }

    @Test
    void concurrentCreatesOfOneIdGiveExactlyOne201() throws Exception {
        // POST creates only (the others 409); PUT creates or replaces (the others 200).
        assertThat(createAtOnce("racer", true)).containsOnly(201, 409);
        assertThat(createAtOnce("putter", false)).containsOnly(201, 200);
    }

    /** Eight creates of {@code id} at once, each with its own config; exactly one must answer 201. */
    private static List<Integer> createAtOnce(String id, boolean post) throws Exception {
        List<java.util.concurrent.Callable<Integer>> creates = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String body = ESPEAK_ONLY.replace("170", String.valueOf(150 + i)); // each request a different config
            String path = "/api/personalities/" + id;
            creates.add(() -> (post ? server.postJson(path, ADMIN_KEY, body) : server.putJson(path, ADMIN_KEY, body))
                    .statusCode());
        }
        List<Integer> got = Concurrently.call(java.time.Duration.ofSeconds(60), creates);
        assertThat(got.stream().filter(s -> s == 201).count()).as(got.toString()).isEqualTo(1);
        return got;
    }

    @Test
    void speechErrorsAreOpenAiShapedWithTheParameter() {
        record Case(String body, int status, String param) {
        }
        for (Case c : List.of(
                new Case("{broken", 400, null),
                new Case("[1,2]", 400, null),
                new Case("{\"voice\":\"alloy\",\"input\":\"x\"}", 400, "model"),
                new Case("{\"model\":\"tts-1\",\"voice\":\"alloy\"}", 400, "input"),
                new Case("{\"model\":\"tts-1\",\"voice\":\"alloy\",\"input\":\"  \"}", 400, "input"),
                new Case("{\"model\":\"tts-1\",\"input\":\"x\"}", 400, "voice"),
                new Case(speech("alloy", "whisper-1", ""), 400, "model"),
                new Case(speech("nobody", "tts-1", ""), 400, "voice"),
                new Case(speech("piper:en_US-lessac-medium", "tts-1", ""), 400, "voice"),
                new Case(speech("alloy", "tts-1", ",\"speed\":0.2"), 400, "speed"),
                new Case(speech("alloy", "tts-1", ",\"speed\":\"fast\""), 400, "speed"),
                new Case(speech("alloy", "tts-1", ",\"stream_format\":\"chunks\""), 400, "stream_format"),
                new Case("{\"model\":\"tts-1\",\"voice\":\"alloy\",\"input\":\"x\",\"response_format\":\"ogg\"}", 400,
                        "response_format"),
                new Case("{\"model\":\"tts-1\",\"voice\":\"alloy\",\"input\":\"" + "é".repeat(4097) + "\"}", 400, "input"))) {
            HttpResponse<byte[]> r = server.postJson("/v1/audio/speech", ADMIN_KEY, c.body());
            assertThat(r.statusCode()).as(c.body()).isEqualTo(c.status());
            JsonNode err = json(r).path("error");
            assertThat(err.path("type").asText()).isEqualTo("invalid_request_error");
            assertThat(err.path("message").asText()).isNotBlank();
            if (c.param() != null) {
                assertThat(err.path("param").asText()).as(c.body()).isEqualTo(c.param());
            }
        }
        HttpResponse<byte[]> plain = server.send(server.request("/v1/audio/speech", ADMIN_KEY)
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("hi")).build());
        assertThat(plain.statusCode()).isEqualTo(415);
        HttpResponse<byte[]> huge = server.postJson("/v1/audio/speech", ADMIN_KEY,
                "{\"input\":\"" + "a".repeat(1_100_000) + "\"}");
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(server.get("/v1/audio/speech", ADMIN_KEY).statusCode()).isEqualTo(405);
        assertThat(server.get("/v1/nothing", ADMIN_KEY).statusCode()).isEqualTo(404);
    }

    @Test
    void aPersonalitySpeaksWithItsFallbackInTheTraceAndItsStatsCount() {
        assertThat(server.putJson("/api/personalities/hermes", ADMIN_KEY, PIPER_THEN_ESPEAK).statusCode()).isEqualTo(201);
        HttpResponse<byte[]> hd = server.postJson("/v1/audio/speech", speakKey, speech("hermes", "tts-1-hd", ""));
        assertThat(hd.statusCode()).isEqualTo(200);
        assertThat(hd.headers().firstValue("X-Voicerouter-Trace").orElseThrow())
                .matches("piper skipped [A-Z_]+, espeak ok \\d+ms");
        assertThat(hd.headers().firstValue("X-Voicerouter-Provider")).hasValue("espeak");
        // tts-1 goes straight to a fast local provider the personality has (espeak here: piper is not installed).
        HttpResponse<byte[]> fast = server.postJson("/v1/audio/speech", speakKey, speech("hermes", "tts-1", ""));
        assertThat(fast.headers().firstValue("X-Voicerouter-Trace").orElseThrow()).startsWith("espeak ok");
        JsonNode stats = json(server.get("/api/stats", ADMIN_KEY));
        assertThat(stats.path("personalities").path("hermes").path("espeak").path("total_generations").asLong()).isEqualTo(2);
        // The second line was a cache hit: a generation, but no characters synthesized.
        assertThat(stats.path("personalities").path("hermes").path("espeak").path("total_characters").asLong())
                .isEqualTo("Testing one two three.".length());
        assertThat(stats.path("global").path("espeak").path("total_generations").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(stats.path("this_process").path("espeak").has("monthly_characters")).isTrue();
        // The stored config came back with the unknown field kept and the stats filled in.
        JsonNode stored = json(server.get("/api/personalities/hermes", ADMIN_KEY));
        assertThat(stored.path("unknown_field").path("kept").asBoolean()).isTrue();
        assertThat(stored.path("stats").path("espeak").path("total_generations").asLong()).isEqualTo(2);
    }

    @Test
    void personalitiesCrudAndValidationListsEveryProblem() {
        assertThat(server.putJson("/api/personalities/aria", ADMIN_KEY, ESPEAK_ONLY).statusCode()).isEqualTo(201);
        assertThat(server.putJson("/api/personalities/aria", ADMIN_KEY, ESPEAK_ONLY).statusCode()).isEqualTo(200);
        HttpResponse<byte[]> again = server.postJson("/api/personalities/aria", ADMIN_KEY, ESPEAK_ONLY);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(server.get("/api/personalities/aria", ADMIN_KEY)).path("providers").path("espeak")
                .path("settings").path("rate").asInt()).isEqualTo(170);
        assertThat(json(server.get("/api/personalities", ADMIN_KEY)).path("data").findValuesAsText("id")).contains("aria");
        assertThat(json(server.get("/v1/audio/voices", speakKey)).path("voices").findValuesAsText("id"))
                .contains("aria", "alloy", "nova", "shimmer");

        HttpResponse<byte[]> invalid = server.putJson("/api/personalities/bad", ADMIN_KEY, """
                {"active_provider": "espeak", "providers": {"espeak": {"enabled": true,
                  "settings": {"rate": 9999, "pitch": "high"}}}, "fallback_chain": ["no_such_provider"]}""");
        assertThat(invalid.statusCode()).isEqualTo(422);
        JsonNode problems = json(invalid).path("error").path("problems");
        assertThat(problems.size()).isGreaterThanOrEqualTo(2);
        assertThat(problems.toString()).contains("rate").contains("pitch");
        assertThat(server.get("/api/personalities/bad", ADMIN_KEY).statusCode()).isEqualTo(404);
        assertThat(server.putJson("/api/personalities/bad", ADMIN_KEY, "{\"providers\": 5}").statusCode()).isEqualTo(422);
        assertThat(server.putJson("/api/personalities/..%2F..", ADMIN_KEY, ESPEAK_ONLY).statusCode()).isIn(400, 404);
        assertThat(server.putJson("/api/personalities/" + "x".repeat(65), ADMIN_KEY, ESPEAK_ONLY).statusCode()).isEqualTo(400);

        assertThat(server.delete("/api/personalities/aria", ADMIN_KEY).statusCode()).isEqualTo(204);
        assertThat(server.get("/api/personalities/aria", ADMIN_KEY).statusCode()).isEqualTo(404);
        assertThat(server.delete("/api/personalities/aria", ADMIN_KEY).statusCode()).isEqualTo(404);
        assertThat(server.postJson("/v1/audio/speech", speakKey, speech("aria", "tts-1", "")).statusCode()).isEqualTo(400);
    }

    @Test
    void listingsProvidersMetricsAndHealth() {
        JsonNode models = json(server.get("/v1/models", speakKey));
        assertThat(models.path("object").asText()).isEqualTo("list");
        assertThat(models.path("data").findValuesAsText("id")).containsExactly("tts-1", "tts-1-hd", "gpt-4o-mini-tts");
        assertThat(json(server.get("/v1/audio/models", speakKey)).path("models").findValuesAsText("id")).contains("tts-1");

        JsonNode espeak = json(server.get("/api/providers", ADMIN_KEY)).path("data").path(0);
        assertThat(espeak.path("id").asText()).isEqualTo("espeak");
        assertThat(espeak.path("kind").asText()).isEqualTo("local");
        assertThat(espeak.path("health").path("status").asText()).isEqualTo("UP");
        // The text limit says its unit (cloud services count UTF-8 bytes); the deprecated unitless field is gone.
        assertThat(espeak.path("text_limit").path("max").asInt()).isEqualTo(100_000);
        assertThat(espeak.path("text_limit").path("unit").asText()).isEqualTo("characters");
        assertThat(espeak.has("max_text_length")).isFalse();
        JsonNode rate = null;
        for (JsonNode s : espeak.path("settings")) {
            if (s.path("name").asText().equals("rate")) {
                rate = s;
            }
        }
        assertThat(rate).isNotNull();
        assertThat(rate.path("type").asText()).isEqualTo("integer");
        assertThat(rate.path("min").asInt()).isEqualTo(80);
        assertThat(rate.path("max").asInt()).isEqualTo(450);

        server.postJson("/v1/audio/speech", speakKey, speech("alloy", "tts-1", ""));
        server.postJson("/v1/audio/speech", null, "{}");
        server.get("/api/personalities/someone-" + System.nanoTime(), ADMIN_KEY);
        HttpResponse<byte[]> metrics = server.get("/metrics", ADMIN_KEY);
        assertThat(metrics.statusCode()).isEqualTo(200);
        // Failures are tagged with their route template too, never with a raw path.
        assertThat(text(metrics)).contains("voicerouter_http_requests_seconds_count{method=\"POST\",route=\"/v1/audio/speech\",status=\"200\"}")
                .contains("voicerouter_http_requests_seconds_count{method=\"POST\",route=\"/v1/audio/speech\",status=\"401\"}")
                .contains("route=\"/api/personalities/{id}\",status=\"404\"").doesNotContain("someone-")
                .contains("provider=\"espeak\"");
    }

    @Test
    void limitsRateTimeoutsAndCors() {
        try (TestServer strict = TestServer.start(dir.resolve("strict"), b -> b.rateLimit(0.5, 3)
                .requestTimeout(Duration.ofNanos(1)).maxJsonBytes(4096)
                .corsOrigins(List.of("https://app\\.example")))) {
            HttpResponse<byte[]> timedOut = strict.postJson("/v1/audio/speech", ADMIN_KEY, speech("alloy", "tts-1", ""));
            assertThat(timedOut.statusCode()).isEqualTo(504);
            assertThat(json(timedOut).path("error").path("trace").path(0).path("provider").asText()).isEqualTo("espeak");
            assertThat(timedOut.headers().firstValue("X-Voicerouter-Trace")).isPresent();
            assertThat(strict.postJson("/v1/audio/speech", ADMIN_KEY, "{\"input\":\"" + "a".repeat(5000) + "\"}")
                    .statusCode()).isEqualTo(413);
            // A bucket of 3 refilled at one every 2 s: a few more requests run it dry.
            HttpResponse<byte[]> limited = strict.get("/v1/models", ADMIN_KEY);
            for (int i = 0; i < 6 && limited.statusCode() == 200; i++) {
                limited = strict.get("/v1/models", ADMIN_KEY);
            }
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 2L);
            assertThat(json(limited).path("error").path("type").asText()).isEqualTo("rate_limit_error");

            HttpResponse<byte[]> preflight = strict.send(strict.request("/v1/audio/speech", null)
                    .header("Origin", "https://app.example").header("Access-Control-Request-Method", "POST")
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example");
        }
        // CORS is off by default: a browser from another origin gets no permission.
        HttpResponse<byte[]> preflight = server.send(server.request("/v1/audio/speech", null)
                .header("Origin", "https://app.example").header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(server.server.uri().getHost()).isEqualTo("127.0.0.1");
    }
}
