package io.voicerouter.cloud.testing;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TestingHelpersTest {
    @Test
    void logCaptureSeesSlf4jAndJulLines() {
        try (LogCapture logs = new LogCapture()) {
            LoggerFactory.getLogger("cloud.test").warn("slf4j line {}", 42);
            java.util.logging.Logger.getLogger("cloud.jul").fine("jul line");
            assertThat(logs.text()).contains("slf4j line 42", "jul line");
        }
    }

    @Test
    void loopbackServerAnswersCannedFailuresAndDecodesForms() throws Exception {
        try (LoopbackServer server = new LoopbackServer()) {
            CannedFailure failure = new CannedFailure(429, Map.of("Retry-After", "3"), "{\"error\":\"slow down\"}", false);
            server.route("/v1/x", ex -> {
                try (ex) {
                    ex.getRequestBody().readAllBytes();
                    failure.answer(ex, server, "application/json");
                }
            });
            assertThat(server.url()).startsWith("http://127.0.0.1:");
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url() + "/v1/x"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(429);
            assertThat(r.headers().firstValue("Retry-After")).contains("3");
            assertThat(r.body()).contains("slow down");
        }
        assertThat(LoopbackServer.decodeForm("grant_type=urn%3Aibm&apikey=a+b&flag"))
                .containsExactly(Map.entry("grant_type", "urn:ibm"), Map.entry("apikey", "a b"), Map.entry("flag", ""));
        assertThat(LoopbackServer.decodeForm(null)).isEmpty();
    }
}
