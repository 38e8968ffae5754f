package io.voicerouter.provider.ibm;

import io.voicerouter.audio.AudioData;
import io.voicerouter.cloud.testing.CannedFailure;
import io.voicerouter.cloud.testing.RoutedCloud;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.router.Attempt;
import io.voicerouter.router.InitOutcome;
import io.voicerouter.router.SkipReason;
import io.voicerouter.router.SpeechResult;
import io.voicerouter.spi.ProviderHealth;
import io.voicerouter.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * IBM Watson behind the real router, against the loopback service and IAM fakes: credentials are
 * checked by IAM (a wrong or deleted API key is IAM's HTTP 400, an IAM outage is not a credentials
 * problem), the service answers 401/429/404/5xx in its own JSON, and every line draws from the Lite
 * plan's one bucket, {@code ibm_watson/lite}. Each leads to the router behaviour voice-core's README
 * names, visible in the attempt trace.
 */
class IbmThroughRouterTest extends IbmFakeTestBase {
    static final String BUCKET = "ibm_watson/lite";

    @TempDir
    Path dir;
    final MutableClock clock = MutableClock.at("2026-11-25T12:00:00Z");

    private RoutedCloud routed(IbmWatsonProvider ibm, Path stats, long quota) {
        return RoutedCloud.builder(ibm, clock, stats).quota(BUCKET, quota).start();
    }

    private RoutedCloud routed(IbmWatsonProvider ibm) {
        return routed(ibm, dir.resolve("stats.json"), 10_000);
    }

    @Test
    void speaksThroughTheRouterAndBillsTheCharacters() {
        try (RoutedCloud r = routed(provider())) {
            SpeechResult res = r.speak("Hello from Watson.");
            r.spoke(res, 1);
            assertThat(res.audio().sampleRate()).isEqualTo(IbmFake.RATE);
            assertThat(r.billed(BUCKET)).isEqualTo("Hello from Watson.".length());
            assertThat(fake.issuedTokens()).hasSize(1);
        }
    }

    private static final String FAMILY = "\uD83D\uDC69\u200D\uD83D\uDC69\u200D\uD83D\uDC67\u200D\uD83D\uDC66";

    @Test
    void longTextIsCutOnceByTheRouterInEscapedBytesAtSentencesAndJoinedInOrder() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 9_500; i++) {
            text.append("Sätze wie Nummer ").append(i).append(" & so weiter machen den Text lang. ");
        }
        String input = text.toString().strip();
        try (RoutedCloud r = routed(provider(), dir.resolve("stats.json"), 100_000)) {
            SpeechResult res = r.speak(input);
            r.spoke(res, 1);
            List<IbmFake.Received> received = fake.synthesisRequests();
            assertThat(received).hasSizeGreaterThanOrEqualTo(3);
            List<String> pieces = new ArrayList<>();
            AudioData expected = null;
            for (IbmFake.Received rec : received) {
                assertThat(rec.text().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(5_000);
                assertThat(rec.spoken()).endsWith(".");
                pieces.add(rec.spoken());
                AudioData part = AudioData.mono(IbmFake.tone(rec.spoken().length()), 22_050);
                expected = expected == null ? part : expected.concat(part);
            }
            assertThat(String.join(" ", pieces)).isEqualTo(input);
            assertThat(res.audio()).isEqualTo(expected);
            // IBM bills the text's characters: the pieces', without the spaces the cuts dropped.
            assertThat(r.billed(BUCKET)).isEqualTo(pieces.stream().mapToLong(String::length).sum());
        }
    }

    @Test
    void cjkAndEmojiAreCutByBytesNeverInsideACharacterOrAnEmojiSequence() {
        String input = ("日本語の文章です、" + FAMILY + "。").repeat(250); // 13,750 bytes, 4,750 characters
        try (RoutedCloud r = routed(provider(), dir.resolve("stats.json"), 100_000)) {
            r.spoke(r.speak(input), 1);
            List<IbmFake.Received> received = fake.synthesisRequests();
            assertThat(received).hasSize(3).allSatisfy(rec -> {
                assertThat(rec.text().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(5_000);
                assertThat(rec.spoken()).startsWith("日本語").endsWith(FAMILY + "。");
            });
            assertThat(String.join("", received.stream().map(IbmFake.Received::spoken).toList())).isEqualTo(input);
        }
    }

    @Test
    void aKeyIamDoesNotKnowMakesTheProviderUnavailableAtStartUp() {
        String wrong = "Qq1_wrongwrongwrongwrongwrongwrongwrongwrong";
        try (RoutedCloud r = routed(provider(wrong, Map.of()))) {
            assertThat(r.initOutcome().state()).isEqualTo(InitOutcome.State.FAILED);
            Attempt.Skipped s = r.skippedToBackup(r.speak("Hello there."));
            assertThat(s.reason()).isEqualTo(SkipReason.UNAVAILABLE);
            assertThat(s.detail()).contains("IAM").doesNotContain(wrong);
            assertThat(fake.issuedTokens()).isEmpty();
            assertThat(fake.synthesisRequests()).isEmpty();
        }
    }

    @Test
    void aKeyDeletedWhileRunningFailsAtTheNextTokenRefreshAndEachProbeFindsItStillRefused() throws Exception {
        fake.issueNextToken(1, 1);
        try (RoutedCloud r = routed(provider())) {
            fake.revokeKey();
            long expiration = System.currentTimeMillis() / 1000 + 1;
            while (System.currentTimeMillis() / 1000 <= expiration) {
                Thread.sleep(100); // the SDK decides about its token on the system clock
            }
            Attempt.Failed f = r.failedToBackup(r.speak("Hello there."), ErrorKind.AUTHENTICATION, 1);
            assertThat(f.message()).contains("IAM").doesNotContain(IbmFake.API_KEY);
            r.failedToBackup(r.assertRestsBrokenThenProbes(), ErrorKind.AUTHENTICATION, 1);
            assertThat(fake.synthesisRequests()).as("IAM refuses before any synthesis").isEmpty();
        }
    }

    @Test
    void aTokenTheServiceRefusesIsAuthenticationAndRestsUntilAProbeSucceeds() {
        try (RoutedCloud r = routed(provider())) {
            fake.failNext(CannedFailure.status(401, "{\"code\":401,\"error\":\"Unauthorized\"}"));
            r.failedToBackup(r.speak("Hello there."), ErrorKind.AUTHENTICATION, 1);
            r.spoke(r.assertRestsBrokenThenProbes(), 1);
            assertThat(fake.synthesisRequests()).as("the refused call and the probe, nothing while resting").hasSize(2);
        }
    }

    @Test
    void anIamOutageIsTransientNotACredentialsFailure() {
        String down = "{\"errorCode\":\"BXNIM0514E\",\"errorMessage\":\"Service unavailable\"}";
        fake.failNextToken(CannedFailure.status(503, down));
        fake.failNextToken(CannedFailure.status(503, down));
        try (RoutedCloud r = routed(provider())) {
            assertThat(r.initOutcome().state()).as("only the voice list is missing").isEqualTo(InitOutcome.State.READY);
            assertThat(r.router().health().get(IbmWatsonProvider.ID).status()).isEqualTo(ProviderHealth.Status.DEGRADED);
            r.spoke(r.speak("IAM is back."), 2);
        }
    }

    @Test
    void rateLimitHonoursRetryAfterThenTheProviderComesBack() {
        try (RoutedCloud r = routed(provider())) {
            fake.failNext(new CannedFailure(429, Map.of("Retry-After", "60"),
                    "{\"code\":429,\"error\":\"Too Many Requests\"}", false));
            // A Retry-After longer than the router waits in place ends the turn at the first try.
            r.failedToBackup(r.speak("Busy now."), ErrorKind.RATE_LIMITED, 1);
            r.assertRestsFor(Duration.ofSeconds(60));
        }
    }

    @Test
    void anUnknownVoiceIsBadInputForThatLineOnly() {
        try (RoutedCloud r = routed(provider())) {
            Attempt.Failed f = r.failedToBackup(r.speak("Wrong voice.", Map.of("voice_name", "en-US_NobodyV3Voice")),
                    ErrorKind.BAD_INPUT, 1);
            assertThat(f.message()).contains("not found");
            r.spoke(r.speak("Right voice."), 1);
        }
    }

    @Test
    void aServerErrorIsRetriedOnceAndThenSucceeds() {
        try (RoutedCloud r = routed(provider())) {
            fake.failNext(CannedFailure.status(500, "{\"code\":500,\"error\":\"Internal Server Error\"}"));
            r.spoke(r.speak("Second time lucky."), 2);
            assertThat(fake.synthesisRequests()).hasSize(2);
        }
    }

    @Test
    void aTimeOutIsRetriedOnceThenFallsBackAndCoolsDownForTheTransientRest() {
        try (RoutedCloud r = routed(provider(IbmFake.API_KEY, Map.of("ibm_watson.timeout", "300ms")))) {
            fake.failNext(CannedFailure.hanging());
            fake.failNext(CannedFailure.hanging());
            r.failedToBackup(r.speak("Nobody answers."), ErrorKind.TIMEOUT, 2);
            r.assertRestsFor(Duration.ofSeconds(30));
        }
    }

    @Test
    void theLitePlansMonthIsCountedAcrossARestart() {
        Path stats = dir.resolve("quota.json");
        String line = "Twenty characters!!";
        try (RoutedCloud r = routed(provider(), stats, 10_000)) {
            r.spoke(r.speak(line), 1);
            assertThat(r.billed(BUCKET)).isEqualTo(line.length());
        }
        try (RoutedCloud r = routed(provider(), stats, line.length() + line.length() / 2)) {
            Attempt.Skipped s = r.skippedToBackup(r.speak(line));
            assertThat(s.reason()).as("the month's count was kept across the restart").isEqualTo(SkipReason.QUOTA_EXHAUSTED);
            assertThat(s.detail()).contains(BUCKET);
            assertThat(r.speak("Short.").providerId()).as("a shorter line still fits").isEqualTo(IbmWatsonProvider.ID);
        }
        assertThat(fake.synthesisRequests()).hasSize(2);
    }
}
