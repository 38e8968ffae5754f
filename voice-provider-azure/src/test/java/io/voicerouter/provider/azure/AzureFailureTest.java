package io.voicerouter.provider.azure;

import io.voicerouter.cloud.RetryAfter;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AzureFailureTest extends AzureFakeTestBase {
    @Test
    void wrongKeyIsAnAuthenticationFailureAndMarksTheProviderDown() {
        AzureTtsProvider p = provider("0000wrong0000key0000", Map.of());
        ProviderException e = caught(() -> p.synthesize(request(p, "Hi.", "en", jenny())),
                ProviderException.class);
        assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(e.retryAfter()).isEmpty();
        assertThat(p.health().status()).isEqualTo(ProviderHealth.Status.DOWN);
        assertThat(e.getMessage()).doesNotContain("0000wrong0000key0000");
    }

    @Test
    void tooManyRequestsCarriesRetryAfter() {
        AzureTtsProvider p = provider();
        fake.failNext(new CannedFailure(429, Map.of("Retry-After", "7"),
                "{\"error\":{\"code\":\"429\",\"message\":\"Too many requests\"}}", false));
        ProviderException e = caught(() -> p.synthesize(request(p, "Hi.", "en", jenny())),
                ProviderException.class);
        assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
    }

    @Test
    void badRequestIsBadInputAndServerErrorIsTransient() {
        AzureTtsProvider p = provider();
        fake.failNext(CannedFailure.status(400, "{\"error\":{\"code\":\"400\",\"message\":\"Unsupported voice\"}}"));
        ProviderException bad = caught(() -> p.synthesize(request(p, "Hi.", "en", jenny())),
                ProviderException.class);
        assertThat(bad.kind()).isEqualTo(ErrorKind.BAD_INPUT);
        assertThat(bad.kind().countsAgainstHealth()).isFalse();
        assertThat(bad.getMessage()).contains("Unsupported voice");

        fake.failNext(CannedFailure.status(500, ""));
        ProviderException server = caught(() -> p.synthesize(request(p, "Hi.", "en", jenny())),
                ProviderException.class);
        assertThat(server.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
        assertThat(server.kind().category()).isEqualTo(ErrorKind.Category.TRANSIENT);
    }

    @Test
    void aServiceThatDoesNotAnswerInTimeIsATimeout() {
        AzureTtsProvider p = provider(AzureFake.KEY, Map.of("azure_tts.timeout", "300ms"));
        fake.failNext(CannedFailure.hanging());
        ProviderException e = caught(() -> p.synthesize(request(p, "Hi.", "en", jenny())),
                ProviderException.class);
        assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
    }

    @Test
    void aPassedDeadlineFailsWithoutCallingTheService() {
        AzureTtsProvider p = provider();
        SynthesisRequest r = request(p, "Hi.", "en", jenny());
        SynthesisRequest late = new SynthesisRequest(r.text(), r.language(), r.voice(), r.settings(), Instant.now().minusSeconds(1));
        assertThatThrownBy(() -> p.synthesize(late)).isInstanceOf(ProviderException.class)
                .extracting(t -> ((ProviderException) t).kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(fake.synthesisRequests()).isEmpty();
    }

    @Test
    void keysNeverAppearInLogsExceptionsOrToString() {
        try (LogCapture logs = new LogCapture()) {
            List<Throwable> errors = new ArrayList<>();
            AzureTtsProvider good = provider();
            good.initialize();
            good.synthesize(request(good, "Hello.", "en", jenny()));
            fake.failNext(new CannedFailure(429, Map.of("Retry-After", "3"),
                    "{\"error\":{\"message\":\"key " + AzureFake.KEY + " is throttled\"}}", false));
            fake.failNext(CannedFailure.status(400, "echo " + AzureFake.KEY));
            fake.failNext(CannedFailure.status(503, ""));
            for (int i = 0; i < 3; i++) {
                errors.add(caught(() -> good.synthesize(request(good, "Hi.", "en", jenny())), ProviderException.class));
            }
            AzureTtsProvider wrong = provider(AzureFake.KEY + "x", Map.of());
            errors.add(caught(wrong::initialize, ProviderException.class));

            assertThat(errors).allSatisfy(e -> assertThat(e).isNotNull());
            for (Throwable e : errors) {
                for (Throwable t = e; t != null; t = t.getCause()) {
                    assertThat(String.valueOf(t.getMessage())).doesNotContain(AzureFake.KEY);
                    assertThat(t.toString()).doesNotContain(AzureFake.KEY);
                }
            }
            assertThat(good.toString()).doesNotContain(AzureFake.KEY).contains("***");
            assertThat(wrong.toString()).doesNotContain(AzureFake.KEY);
            assertThat(logs.text()).contains("azure_tts").doesNotContain(AzureFake.KEY);
        }
    }

    @Test
    void missingCredentialsAreReportedAtInitializeNotAtCreate() {
        AzureTtsProvider p = (AzureTtsProvider) new AzureTtsProviderFactory()
                .create(ProviderContext.builder().environment(Map.of()).build());
        ProviderException e = caught(p::initialize, ProviderException.class);
        assertThat(e.kind()).isEqualTo(ErrorKind.MISCONFIGURED);
        assertThat(e.getMessage()).contains("azure_tts.region");
        assertThat(p.health().status()).isEqualTo(ProviderHealth.Status.DOWN);

        AzureTtsProvider fromEnv = (AzureTtsProvider) new AzureTtsProviderFactory().create(ProviderContext.builder()
                .environment(Map.of("AZURE_SPEECH_KEY", AzureFake.KEY, "AZURE_SPEECH_ENDPOINT", fake.endpoint())).build());
        fromEnv.initialize();
        assertThat(fromEnv.health().isUsable()).isTrue();
    }

    @Test
    void audioThatIsNotWavIsAServerError() {
        AzureTtsProvider p = provider();
        fake.failNext(CannedFailure.status(200, "<html>maintenance</html>"));
        ProviderException e = caught(() -> p.synthesize(request(p, "Hi.", "en", jenny())), ProviderException.class);
        assertThat(e.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
        assertThat(e.getMessage()).contains("unreadable audio");
    }

    @Test
    void retryAfterMayBeAnHttpDate() {
        java.time.Clock clock = java.time.Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), java.time.ZoneOffset.UTC);
        assertThat(RetryAfter.parse("Wed, 25 Nov 2026 12:00:30 GMT", clock)).contains(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Wed, 25 Nov 2026 11:00:00 GMT", clock)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("12", clock)).contains(Duration.ofSeconds(12));
        assertThat(RetryAfter.parse("soon", clock)).isEmpty();
    }
}
