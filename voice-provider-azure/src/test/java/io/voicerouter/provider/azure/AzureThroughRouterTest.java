package io.voicerouter.provider.azure;

import io.voicerouter.cloud.testing.CannedFailure;
import io.voicerouter.config.VoiceConfig;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.router.Attempt;
import io.voicerouter.router.ResiliencePolicy;
import io.voicerouter.router.SkipReason;
import io.voicerouter.router.SpeechRequest;
import io.voicerouter.router.SpeechResult;
import io.voicerouter.router.VoiceRouter;
import io.voicerouter.stats.JsonFileStatsStore;
import io.voicerouter.testing.MutableClock;
import io.voicerouter.testing.ToneProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Azure provider behind the real router, against the loopback fake: each service answer leads
 * to the router behaviour the cloud issue asks for, visible in the attempt trace.
 */
class AzureThroughRouterTest extends AzureFakeTestBase {
    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-11-25T12:00:00Z");
    private final ToneProvider backup = ToneProvider.of("backup");

    private VoiceRouter router(AzureTtsProvider azure, JsonFileStatsStore store, long quota) {
        return VoiceRouter.builder().providers(List.of(azure, backup)).clock(clock).statsStore(store)
                .quota("azure_tts/neural", quota)
                .resilience(ResiliencePolicy.builder().backoff(Duration.ofMillis(10), 2, Duration.ofMillis(50)).build())
                .build();
    }

    private VoiceRouter router(AzureTtsProvider azure) {
        return router(azure, new JsonFileStatsStore(dir.resolve("stats.json")), 500_000);
    }

    private static VoiceConfig config() {
        VoiceConfig c = VoiceConfig.singleProvider("azure_tts");
        return c.withProvider("azure_tts", c.providers().get("azure_tts").withSettings(Map.of(
                "voice_name", "en-US-JennyNeural"))).withProvider("backup",
                io.voicerouter.config.ProviderConfig.enabledDefault()).withFallbackChain(List.of("backup"));
    }

    private static SpeechResult speak(VoiceRouter r, String text) {
        return r.synthesize(SpeechRequest.builder(text, config()).language("en-US").build());
    }

    private static Attempt.Failed failedFirst(SpeechResult r) {
        assertThat(r.providerId()).isEqualTo("backup");
        assertThat(r.attempts().get(0)).isInstanceOf(Attempt.Failed.class);
        return (Attempt.Failed) r.attempts().get(0);
    }

    private static SkipReason skippedFirst(SpeechResult r) {
        assertThat(r.attempts().get(0)).isInstanceOf(Attempt.Skipped.class);
        return ((Attempt.Skipped) r.attempts().get(0)).reason();
    }

    @Test
    void speaksThroughTheRouter() {
        try (VoiceRouter r = router(provider())) {
            r.initialize();
            SpeechResult res = speak(r, "Hello from Azure.");
            assertThat(res.providerId()).isEqualTo("azure_tts");
            assertThat(res.audio().sampleRate()).isEqualTo(AzureFake.RATE);
            assertThat(res.fellBack()).isFalse();
        }
    }

    @Test
    void aWrongKeyFoundAtStartUpMakesTheProviderUnavailable() {
        try (VoiceRouter r = router(provider("0000wrong0000key0000", Map.of()))) {
            r.initialize();
            SpeechResult res = speak(r, "Hello there.");
            assertThat(res.providerId()).isEqualTo("backup");
            assertThat(res.attempts().get(0)).isInstanceOfSatisfying(Attempt.Skipped.class, s -> {
                assertThat(s.reason()).isEqualTo(SkipReason.UNAVAILABLE);
                assertThat(s.detail()).doesNotContain("0000wrong0000key0000");
            });
        }
    }

    @Test
    void credentialsRejectedLaterFallBackAreNotRetriedAndCoolDown() {
        try (VoiceRouter r = router(provider())) {
            r.initialize();
            fake.failNext(CannedFailure.status(401, "{\"error\":{\"code\":\"401\",\"message\":\"Access denied\"}}"));
            Attempt.Failed f = failedFirst(speak(r, "Hello there."));
            assertThat(f.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
            assertThat(f.tries()).isEqualTo(1);
            assertThat(f.message()).doesNotContain(AzureFake.KEY);
            SpeechResult next = speak(r, "Hello again.");
            assertThat(next.providerId()).isEqualTo("backup");
            assertThat(skippedFirst(next)).isIn(SkipReason.CIRCUIT_OPEN, SkipReason.UNAVAILABLE);
        }
    }

    @Test
    void rateLimitHonoursRetryAfterThenTheProviderComesBack() {
        try (VoiceRouter r = router(provider())) {
            r.initialize();
            fake.failNext(new CannedFailure(429, Map.of("Retry-After", "60"), "{\"error\":{\"code\":\"429\"}}", false));
            Attempt.Failed f = failedFirst(speak(r, "Busy now."));
            assertThat(f.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
            assertThat(f.tries()).as("a Retry-After longer than the router waits in place ends the turn").isEqualTo(1);

            clock.advance(Duration.ofSeconds(30));
            assertThat(skippedFirst(speak(r, "Still busy?"))).isEqualTo(SkipReason.CIRCUIT_OPEN);

            clock.advance(Duration.ofSeconds(31));
            assertThat(speak(r, "Back again.").providerId()).isEqualTo("azure_tts");
        }
    }

    @Test
    void badInputFallsBackWithoutHurtingTheProvidersHealth() {
        try (VoiceRouter r = router(provider())) {
            r.initialize();
            fake.failNext(CannedFailure.status(400, "{\"error\":{\"code\":\"400\",\"message\":\"Unsupported voice\"}}"));
            Attempt.Failed f = failedFirst(speak(r, "This text fails."));
            assertThat(f.kind()).isEqualTo(ErrorKind.BAD_INPUT);
            assertThat(f.tries()).isEqualTo(1);
            assertThat(speak(r, "This text works.").providerId()).as("no cool-down after bad input").isEqualTo("azure_tts");
        }
    }

    @Test
    void aServerErrorIsRetriedOnceAndThenSucceeds() {
        try (VoiceRouter r = router(provider())) {
            r.initialize();
            fake.failNext(CannedFailure.status(500, ""));
            SpeechResult res = speak(r, "Second time lucky.");
            assertThat(res.providerId()).isEqualTo("azure_tts");
            assertThat(res.attempts()).singleElement().isInstanceOfSatisfying(Attempt.Succeeded.class,
                    s -> assertThat(s.tries()).isEqualTo(2));
        }
    }

    @Test
    void aTimeOutIsTransientAndFallsBackAfterOneRetry() {
        try (VoiceRouter r = router(provider(AzureFake.KEY, Map.of("azure_tts.timeout", "300ms")))) {
            r.initialize();
            fake.failNext(CannedFailure.hanging());
            fake.failNext(CannedFailure.hanging());
            Attempt.Failed f = failedFirst(speak(r, "Nobody answers."));
            assertThat(f.kind()).isEqualTo(ErrorKind.TIMEOUT);
            assertThat(f.tries()).isEqualTo(2);
            assertThat(skippedFirst(speak(r, "Cooling down."))).isEqualTo(SkipReason.CIRCUIT_OPEN);
        }
    }

    @Test
    void quotaReachedSkipsTheServiceAndTheCountSurvivesARestart() {
        Path stats = dir.resolve("quota-stats.json");
        String line = "Twenty characters!!";
        long cost;
        try (VoiceRouter r = router(provider(), new JsonFileStatsStore(stats), 1_000)) {
            r.initialize();
            SpeechResult first = speak(r, line);
            assertThat(first.providerId()).isEqualTo("azure_tts");
            cost = r.stats().get("azure_tts").monthlyCharacters().get("2026-11:azure_tts/neural");
            assertThat(cost).isGreaterThanOrEqualTo(line.length());
        }
        long limit = cost + cost / 2;
        try (VoiceRouter r = router(provider(), new JsonFileStatsStore(stats), limit)) {
            r.initialize();
            SpeechResult skipped = speak(r, line + " again");
            assertThat(skipped.providerId()).isEqualTo("backup");
            assertThat(skippedFirst(skipped)).as("the month's count was kept across the restart")
                    .isEqualTo(SkipReason.QUOTA_EXHAUSTED);
        }
    }
}
