package io.voicerouter.provider.google;

import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.ProviderHealth;
import io.voicerouter.spi.TtsProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.voicerouter.provider.google.GoogleTtsProviderTest.KEY;
import static io.voicerouter.provider.google.GoogleTtsProviderTest.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Each way the service (or the network) can fail, mapped onto the router's error kinds. */
class GoogleErrorMappingTest {
    FakeGoogleTts fake;
    TtsProvider provider;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeGoogleTts(KEY);
        provider = provider(KEY, fake.endpoint(), "10s");
    }

    @AfterEach
    void stop() {
        provider.close();
        fake.close();
    }

    static TtsProvider provider(String key, String endpoint, String timeout) {
        return new GoogleTtsProviderFactory().create(ProviderContext.builder()
                .environment(Map.of())
                .option("google_tts.api_key", key)
                .option("google_tts.endpoint", endpoint)
                .option("google_tts.timeout", timeout)
                .build());
    }

    private ProviderException fail(TtsProvider p) {
        return catchThrowableOfType(ProviderException.class,
                () -> p.synthesize(request("Hello.", "en-US-Neural2-D", Map.of())));
    }

    @Test
    void invalidApiKeyIsAuthenticationNotBadInput() {
        // Google answers a wrong key with HTTP 400 INVALID_ARGUMENT, reason API_KEY_INVALID.
        try (TtsProvider wrong = provider("wrong-key-123", fake.endpoint(), "10s")) {
            ProviderException e = fail(wrong);
            assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
            assertThat(e.providerId()).isEqualTo("google_tts");
            assertThat(e.getMessage()).contains("400").contains("API key not valid");
            assertThat(wrong.health().status()).isEqualTo(ProviderHealth.Status.DOWN);
        }
    }

    @Test
    void unauthenticatedIsAuthentication() {
        fake.failNext(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.", Map.of(), List.of());
        ProviderException e = fail(provider);
        assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(e.kind().category()).isEqualTo(ErrorKind.Category.BROKEN);
    }

    @Test
    void disabledApiIsMisconfigured() {
        fake.failNext(403, "PERMISSION_DENIED", "Cloud Text-to-Speech API has not been used in project 123 before"
                + " or it is disabled.", Map.of(), List.of(Map.of("@type", "type.googleapis.com/google.rpc.ErrorInfo",
                "reason", "SERVICE_DISABLED", "domain", "googleapis.com")));
        assertThat(fail(provider).kind()).isEqualTo(ErrorKind.MISCONFIGURED);
    }

    @Test
    void rateLimitCarriesRetryAfter() {
        fake.failNext(429, "RESOURCE_EXHAUSTED", "Quota exceeded for quota metric 'Requests'.",
                Map.of("Retry-After", "7"), List.of());
        ProviderException e = fail(provider);
        assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
    }

    @Test
    void rateLimitWithoutHeaderUsesRetryInfo() {
        fake.failNext(429, "RESOURCE_EXHAUSTED", "Quota exceeded.", Map.of(),
                List.of(Map.of("@type", "type.googleapis.com/google.rpc.RetryInfo", "retryDelay", "2.500s")));
        ProviderException e = fail(provider);
        assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofMillis(2500));
    }

    @Test
    void badRequestForThisTextIsBadInput() {
        fake.failNext(400, "INVALID_ARGUMENT", "Sentence starting with: \"Hello\" is too long.", Map.of(), List.of());
        ProviderException e = fail(provider);
        assertThat(e.kind()).isEqualTo(ErrorKind.BAD_INPUT);
        assertThat(e.kind().countsAgainstHealth()).isFalse();
        assertThat(e.getMessage()).contains("too long");
    }

    @Test
    void unknownVoiceIsBadInputFromTheServiceItself() {
        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> provider.synthesize(request("Hello.", "en-US-Neural9-Z", Map.of())));
        assertThat(e.kind()).isEqualTo(ErrorKind.BAD_INPUT);
        assertThat(e.getMessage()).contains("does not exist");
    }

    @Test
    void serverErrorIsTransient() {
        fake.failNext(500, "INTERNAL", "Internal error encountered.", Map.of(), List.of());
        ProviderException e = fail(provider);
        assertThat(e.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
        assertThat(e.kind().category()).isEqualTo(ErrorKind.Category.TRANSIENT);
    }

    @Test
    void oneUnavailableFailsFastWithoutClientRetries() {
        fake.failNext(503, "UNAVAILABLE", "The service is currently unavailable.", Map.of(), List.of());
        long start = System.nanoTime();
        ProviderException e = fail(provider);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(e.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
        // The generated defaults would retry this for minutes; ours make exactly one attempt.
        assertThat(fake.synthesizeRequests()).hasSize(1);
        assertThat(took).isLessThan(Duration.ofSeconds(60));
        // The router owns the retry: the next call goes through.
        assertThat(provider.synthesize(request("Hello.", "en-US-Neural2-D", Map.of())).audio().frames()).isPositive();
    }

    @Test
    void slowServiceIsTimeout() {
        try (TtsProvider impatient = provider(KEY, fake.endpoint(), "300ms")) {
            fake.hangNext();
            ProviderException e = fail(impatient);
            assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
        }
    }

    @Test
    void unreachableServiceIsServerErrorNotBadInput() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (TtsProvider nowhere = provider(KEY, "http://127.0.0.1:" + port, "5s")) {
            ProviderException e = fail(nowhere);
            assertThat(e.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
            assertThat(e.getMessage()).contains("cannot reach");
        }
    }

    @Test
    void voiceListOutageDoesNotStopSynthesisNorDoubleEveryRequest() {
        fake.failNextVoiceList(503, "UNAVAILABLE", "The service is currently unavailable.");
        provider.initialize();
        assertThat(provider.synthesize(request("Hello.", "en-US-Neural2-D", Map.of())).audio().frames()).isPositive();
        assertThat(provider.synthesize(request("Again.", "en-US-Neural2-D", Map.of())).audio().frames()).isPositive();
        // One failed list call at initialize; the retry waits a minute, so the syntheses did not repeat it.
        assertThat(fake.received()).filteredOn(r -> r.path().equals(FakeGoogleTts.VOICES)).hasSize(1);
        assertThat(fake.synthesizeRequests()).hasSize(2)
                .allSatisfy(r -> assertThat(r.body().at("/voice/languageCode").asText()).isEqualTo("en-US"));
    }

    @Test
    void missingCredentialsAreMisconfigured() {
        try (TtsProvider none = new GoogleTtsProviderFactory().create(ProviderContext.builder()
                .environment(Map.of()).option("google_tts.endpoint", fake.endpoint()).build())) {
            assertThat(none.health().status()).isEqualTo(ProviderHealth.Status.DOWN);
            ProviderException e = catchThrowableOfType(ProviderException.class, none::initialize);
            assertThat(e.kind()).isEqualTo(ErrorKind.MISCONFIGURED);
            assertThat(e.getMessage()).contains("google_tts.api_key").contains("GOOGLE_APPLICATION_CREDENTIALS");
        }
        assertThat(fake.received()).isEmpty();
    }
}
