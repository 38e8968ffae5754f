package io.voicerouter.provider.azure;

import io.voicerouter.cloud.testing.CannedFailure;
import io.voicerouter.cloud.testing.RoutedCloud;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.router.Attempt;
import io.voicerouter.router.SkipReason;
import io.voicerouter.router.SpeechResult;
import io.voicerouter.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Azure provider behind the real router, against the loopback fake: each service answer leads
 * to the router behaviour the cloud issue asks for, visible in the attempt trace.
 */
class AzureThroughRouterTest extends AzureFakeTestBase {
    static final String BUCKET = "azure_tts/neural";

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-11-25T12:00:00Z");

    private RoutedCloud routed(AzureTtsProvider azure, Path stats, long quota) {
        return RoutedCloud.builder(azure, clock, stats).settings(jenny()).quota(BUCKET, quota).start();
    }

    private RoutedCloud routed(AzureTtsProvider azure) {
        return routed(azure, dir.resolve("stats.json"), 500_000);
    }

    @Test
    void speaksThroughTheRouter() {
        try (RoutedCloud r = routed(provider())) {
            SpeechResult res = r.speak("Hello from Azure.");
            r.spoke(res, 1);
            assertThat(res.audio().sampleRate()).isEqualTo(AzureFake.RATE);
        }
    }

    @Test
    void aWrongKeyFoundAtStartUpMakesTheProviderUnavailable() {
        try (RoutedCloud r = routed(provider("0000wrong0000key0000", Map.of()))) {
            Attempt.Skipped s = r.skippedToBackup(r.speak("Hello there."));
            assertThat(s.reason()).isEqualTo(SkipReason.UNAVAILABLE);
            assertThat(s.detail()).doesNotContain("0000wrong0000key0000");
        }
    }

    @Test
    void credentialsRejectedLaterFallBackAreNotRetriedAndRestUntilAProbeSucceeds() {
        try (RoutedCloud r = routed(provider())) {
            fake.failNext(CannedFailure.status(401, "{\"error\":{\"code\":\"401\",\"message\":\"Access denied\"}}"));
            Attempt.Failed f = r.failedToBackup(r.speak("Hello there."), ErrorKind.AUTHENTICATION, 1);
            assertThat(f.message()).doesNotContain(AzureFake.KEY);
            r.spoke(r.assertRestsBrokenThenProbes(), 1);
        }
    }

    @Test
    void rateLimitHonoursRetryAfterThenTheProviderComesBack() {
        try (RoutedCloud r = routed(provider())) {
            fake.failNext(new CannedFailure(429, Map.of("Retry-After", "60"), "{\"error\":{\"code\":\"429\"}}", false));
            // A Retry-After longer than the router waits in place ends the turn at the first try.
            r.failedToBackup(r.speak("Busy now."), ErrorKind.RATE_LIMITED, 1);
            r.assertRestsFor(Duration.ofSeconds(60));
        }
    }

    @Test
    void badInputFallsBackWithoutHurtingTheProvidersHealth() {
        try (RoutedCloud r = routed(provider())) {
            fake.failNext(CannedFailure.status(400, "{\"error\":{\"code\":\"400\",\"message\":\"Unsupported voice\"}}"));
            r.failedToBackup(r.speak("This text fails."), ErrorKind.BAD_INPUT, 1);
            r.spoke(r.speak("This text works."), 1);
        }
    }

    @Test
    void aServerErrorIsRetriedOnceAndThenSucceeds() {
        try (RoutedCloud r = routed(provider())) {
            fake.failNext(CannedFailure.status(500, ""));
            r.spoke(r.speak("Second time lucky."), 2);
        }
    }

    @Test
    void aTimeOutIsTransientAndFallsBackAfterOneRetry() {
        try (RoutedCloud r = routed(provider(AzureFake.KEY, Map.of("azure_tts.timeout", "300ms")))) {
            fake.failNext(CannedFailure.hanging());
            fake.failNext(CannedFailure.hanging());
            r.failedToBackup(r.speak("Nobody answers."), ErrorKind.TIMEOUT, 2);
            r.assertRestsFor(Duration.ofSeconds(30));
        }
    }

    @Test
    void quotaReachedSkipsTheServiceAndTheCountSurvivesARestart() {
        Path stats = dir.resolve("quota-stats.json");
        String line = "Twenty characters!!";
        long cost;
        try (RoutedCloud r = routed(provider(), stats, 1_000)) {
            r.spoke(r.speak(line), 1);
            cost = r.billed(BUCKET);
            assertThat(cost).isGreaterThanOrEqualTo(line.length());
        }
        try (RoutedCloud r = routed(provider(), stats, cost + cost / 2)) {
            assertThat(r.skipReason(r.speak(line + " again"))).as("the month's count was kept across the restart")
                    .isEqualTo(SkipReason.QUOTA_EXHAUSTED);
        }
    }
}
