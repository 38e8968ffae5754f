package io.voicerouter.provider.azure;

import io.voicerouter.audio.AudioData;
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
import java.util.ArrayList;
import java.util.List;
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

    private static String inner(AzureFake.Received r) {
        return r.body().substring(r.body().indexOf("'>", r.body().indexOf("<voice")) + 2, r.body().indexOf("</voice>"));
    }

    @Test
    void longTextIsCutOnceByTheRouterInCharactersAtSentencesJoinedInOrderAndBilledPerRequestSent() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 8_000; i++) {
            text.append("Sentence number ").append(i).append(" is here to make the text long. ");
        }
        String input = text.toString().strip();
        try (RoutedCloud r = routed(provider())) {
            SpeechResult res = r.speak(input);
            r.spoke(res, 1);
            List<AzureFake.Received> received = fake.synthesisRequests();
            assertThat(received).hasSize(3);
            List<String> pieces = new ArrayList<>();
            AudioData expected = null;
            long billed = 0;
            for (AzureFake.Received rec : received) {
                assertThat(rec.text().length()).isLessThanOrEqualTo(3_000);
                assertThat(rec.text()).endsWith(".");
                pieces.add(rec.text());
                billed += Ssml.billed(inner(rec));
                AudioData part = AudioData.mono(AzureFake.tone(rec.text().length()), 48_000);
                expected = expected == null ? part : expected.concat(part);
            }
            assertThat(String.join(" ", pieces)).isEqualTo(input);
            assertThat(res.audio()).isEqualTo(expected);
            // Azure bills each request's markup inside <voice>: counted once per request sent.
            assertThat(r.billed(BUCKET)).isEqualTo(billed);
        }
    }

    @Test
    void emojiCountAsOneCharacterEachAndAreNeverCutInsideTheirSequence() {
        String family = "\uD83D\uDC69\u200D\uD83D\uDC69\u200D\uD83D\uDC67\u200D\uD83D\uDC66"; // 7 characters
        String input = ("Hallo " + family + ", ").repeat(300).strip(); // 4,499 characters, one sentence
        try (RoutedCloud r = routed(provider())) {
            r.spoke(r.speak(input), 1);
            List<AzureFake.Received> received = fake.synthesisRequests();
            assertThat(received).hasSize(2);
            assertThat(received.get(0).text()).endsWith(family + ",");
            assertThat(received.get(0).text().codePointCount(0, received.get(0).text().length())).isLessThanOrEqualTo(3_000)
                    .isGreaterThan(2_900);
            assertThat(received.get(0).text() + " " + received.get(1).text()).isEqualTo(input);
        }
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
