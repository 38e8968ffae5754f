package io.voicerouter.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.voicerouter.server.TestServer.ADMIN_KEY;
import static io.voicerouter.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 200 speech requests at once (distinct lines, so each is a real synthesis) against
 * a server allowed 2 syntheses at a time and 40 waiting: every request gets an answer within the
 * time bound, each either speech or 429/503 with Retry-After, never a 500; the stats count exactly
 * the successes.
 */
class LoadTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void twoHundredConcurrentRequestsAreAllAnsweredAndCountedExactly() throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("data"), b -> b
                .concurrency(2, 40, Duration.ofSeconds(20)).rateLimit(50, 150))) {
            assertThat(server.putJson("/api/personalities/crowd", ADMIN_KEY,
                    "{\"active_provider\": \"espeak\", \"providers\": {\"espeak\": {\"enabled\": true}}}").statusCode())
                    .isEqualTo(201);
            ExecutorService pool = Executors.newFixedThreadPool(16);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(pool)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            List<CompletableFuture<HttpResponse<byte[]>>> calls = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < 200; i++) {
                String body = "{\"model\":\"tts-1\",\"voice\":\"crowd\",\"response_format\":\"wav\",\"input\":\"Request number "
                        + i + " of the crowd.\"}";
                calls.add(http.sendAsync(server.request("/v1/audio/speech", ADMIN_KEY)
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(90))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray()));
            }
            Map<Integer, Integer> byStatus = new TreeMap<>();
            List<String> broken = new ArrayList<>();
            List<HttpResponse<byte[]>> answers = new ArrayList<>();
            for (CompletableFuture<HttpResponse<byte[]>> c : calls) {
                try {
                    answers.add(c.get(100, TimeUnit.SECONDS));
                } catch (java.util.concurrent.ExecutionException e) {
                    broken.add((System.nanoTime() - t0) / 1_000_000 + " ms: " + e.getCause());
                }
            }
            Map<Integer, Integer> seen = new TreeMap<>();
            answers.forEach(r -> seen.merge(r.statusCode(), 1, Integer::sum));
            assertThat(broken).as("requests without an answer (answered: %s)", seen).isEmpty();
            for (HttpResponse<byte[]> r : answers) {
                byStatus.merge(r.statusCode(), 1, Integer::sum);
                assertThat(r.statusCode()).as(TestServer.text(r)).isIn(200, 429, 503);
                if (r.statusCode() == 200) {
                    assertThat(r.body().length).isGreaterThan(1000);
                    assertThat(r.headers().firstValue("X-Voicerouter-Trace").orElseThrow()).startsWith("espeak ok");
                } else {
                    assertThat(Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow())).isPositive();
                }
            }
            pool.shutdownNow();
            System.out.printf("LoadTest: 200 requests answered in %d ms: %s%n", (System.nanoTime() - t0) / 1_000_000, byStatus);
            int ok = byStatus.getOrDefault(200, 0);
            assertThat(byStatus.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(200);
            assertThat(ok).as("%s", byStatus).isGreaterThanOrEqualTo(40);

            JsonNode stats = json(server.get("/api/stats", ADMIN_KEY));
            JsonNode espeak = stats.path("personalities").path("crowd").path("espeak");
            assertThat(espeak.path("total_generations").asLong()).as("%s", byStatus).isEqualTo(ok);
            assertThat(espeak.path("failures").asLong()).isZero();
            assertThat(stats.path("global").path("espeak").path("total_generations").asLong()).isEqualTo(ok);
            JsonNode counted = stats.path("server").path("responses_by_status");
            byStatus.forEach((status, n) -> {
                long expected = n + (status == 201 ? 1 : 0);
                assertThat(counted.path(String.valueOf(status)).asLong()).as("status " + status).isEqualTo(expected);
            });
            assertThat(counted.has("500")).isFalse();
        }
    }
}
