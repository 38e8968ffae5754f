package io.voicerouter.provider.ibm;

import io.voicerouter.cloud.testing.CannedFailure;
import io.voicerouter.cloud.testing.LogCapture;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.ProviderHealth;
import io.voicerouter.spi.SynthesisRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class IbmFailureTest extends IbmFakeTestBase {
    @Test
    void anUnknownApiKeyIsAnAuthenticationFailure() {
        IbmWatsonProvider p = provider("wrongwrongwrongwrongwrongwrong", Map.of());
        ProviderException e = caught(() -> p.synthesize(request(p, "Hi.", "en", Map.of())),
                ProviderException.class);
        assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(e.getMessage()).contains("IAM").doesNotContain("wrongwrongwrongwrongwrongwrong");
        assertThat(p.health().status()).isEqualTo(ProviderHealth.Status.DOWN);
        assertThat(fake.synthesisRequests()).isEmpty();
    }

    @Test
    void serviceErrorsMapToTheRouterKinds() {
        IbmWatsonProvider p = provider();
        fake.failNext(CannedFailure.status(401, "{\"code\":401,\"error\":\"Unauthorized\"}"));
        assertThat(kindOf(p)).isEqualTo(ErrorKind.AUTHENTICATION);

        fake.failNext(new CannedFailure(429, Map.of("Retry-After", "7"), "{\"code\":429,\"error\":\"Too Many Requests\"}", false));
        ProviderException limited = caught(() -> p.synthesize(request(p, "Hi.", "en", Map.of())),
                ProviderException.class);
        assertThat(limited.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(limited.retryAfter()).contains(Duration.ofSeconds(7));

        fake.failNext(CannedFailure.status(400, "{\"code\":400,\"error\":\"Invalid SSML\"}"));
        assertThat(kindOf(p)).isEqualTo(ErrorKind.BAD_INPUT);

        fake.failNext(CannedFailure.status(500, "{\"code\":500,\"error\":\"Internal Server Error\"}"));
        assertThat(kindOf(p)).isEqualTo(ErrorKind.SERVER_ERROR);

        ProviderException unknownVoice = caught(() -> p.synthesize(request(p, "Hi.", "en",
                Map.of("voice_name", "xx-XX_NobodyVoice"))), ProviderException.class);
        assertThat(unknownVoice.kind()).isEqualTo(ErrorKind.BAD_INPUT);
        assertThat(unknownVoice.getMessage()).contains("not found");
    }

    private ErrorKind kindOf(IbmWatsonProvider p) {
        return caught(() -> p.synthesize(request(p, "Hi.", "en", Map.of())), ProviderException.class).kind();
    }

    @Test
    void aServiceThatDoesNotAnswerInTimeIsATimeout() {
        IbmWatsonProvider p = provider(IbmFake.API_KEY, Map.of("ibm_watson.timeout", "500ms"));
        fake.failNext(CannedFailure.hanging());
        assertThat(kindOf(p)).isEqualTo(ErrorKind.TIMEOUT);
    }

    @Test
    void aPassedDeadlineFailsWithoutCallingTheService() {
        IbmWatsonProvider p = provider();
        SynthesisRequest r = request(p, "Hi.", "en", Map.of());
        SynthesisRequest late = new SynthesisRequest(r.text(), r.language(), r.voice(), r.settings(), Instant.now().minusSeconds(1));
        ProviderException e = caught(() -> p.synthesize(late), ProviderException.class);
        assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(fake.synthesisRequests()).isEmpty();
    }

    @Test
    void keysAndTokensNeverAppearInLogsExceptionsOrToString() {
        try (LogCapture logs = new LogCapture()) {
            List<Throwable> errors = new ArrayList<>();
            IbmWatsonProvider good = provider();
            good.initialize();
            good.synthesize(request(good, "Hello.", "en", Map.of()));
            fake.failNext(new CannedFailure(429, Map.of("Retry-After", "3"),
                    "{\"code\":429,\"error\":\"key " + IbmFake.API_KEY + " throttled\"}", false));
            fake.failNext(CannedFailure.status(400, "{\"code\":400,\"error\":\"bad apikey=" + IbmFake.API_KEY + "\"}"));
            fake.failNext(CannedFailure.status(503, "{\"code\":503,\"error\":\"Service Unavailable\"}"));
            for (int i = 0; i < 3; i++) {
                errors.add(caught(() -> good.synthesize(request(good, "Hi.", "en", Map.of())), ProviderException.class));
            }
            IbmWatsonProvider wrong = provider(IbmFake.API_KEY + "x", Map.of());
            errors.add(caught(wrong::initialize, ProviderException.class));

            List<String> secrets = new ArrayList<>(fake.issuedTokens());
            secrets.add(IbmFake.API_KEY);
            assertThat(errors).allSatisfy(e -> assertThat(e).isNotNull());
            for (Throwable e : errors) {
                for (Throwable t = e; t != null; t = t.getCause()) {
                    for (String secret : secrets) {
                        assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
                        assertThat(t.toString()).doesNotContain(secret);
                    }
                }
            }
            for (String secret : secrets) {
                assertThat(good.toString()).doesNotContain(secret);
                assertThat(wrong.toString()).doesNotContain(secret);
                assertThat(logs.text()).doesNotContain(secret);
            }
            assertThat(logs.text()).contains("ibm_watson");
        }
    }

    @Test
    void missingOrMalformedCredentialsAreReportedAtInitialize() {
        IbmWatsonProvider none = (IbmWatsonProvider) new IbmWatsonProviderFactory()
                .create(ProviderContext.builder().environment(Map.of()).build());
        ProviderException e = caught(none::initialize, ProviderException.class);
        assertThat(e.kind()).isEqualTo(ErrorKind.MISCONFIGURED);
        assertThat(e.getMessage()).contains("ibm_watson.api_key");
        assertThat(none.health().status()).isEqualTo(ProviderHealth.Status.DOWN);

        IbmWatsonProvider quoted = provider("\"" + IbmFake.API_KEY + "\"", Map.of());
        ProviderException q = caught(quoted::initialize, ProviderException.class);
        assertThat(q.kind()).isEqualTo(ErrorKind.MISCONFIGURED);
        assertThat(q.getMessage()).doesNotContain(IbmFake.API_KEY);

        IbmWatsonProvider fromEnv = (IbmWatsonProvider) new IbmWatsonProviderFactory().create(ProviderContext.builder()
                .environment(Map.of("IBM_WATSON_API_KEY", IbmFake.API_KEY, "IBM_WATSON_URL", fake.serviceUrl()))
                .option("ibm_watson.iam_url", fake.iamUrl()).build());
        fromEnv.initialize();
        assertThat(fromEnv.health().isUsable()).isTrue();
    }
}
