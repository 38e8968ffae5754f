package io.voicerouter.provider.google;

import io.voicerouter.cloud.testing.RoutedCloud;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.router.Attempt;
import io.voicerouter.router.InitOutcome;
import io.voicerouter.router.SkipReason;
import io.voicerouter.router.SpeechResult;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.TtsProvider;
import io.voicerouter.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Google behind the real router, against the loopback fake: each of the service's own answers
 * (an invalid or expired API key is HTTP 400, RESOURCE_EXHAUSTED carries its delay in RetryInfo,
 * an unknown voice is INVALID_ARGUMENT) leads to the router behaviour voice-core's README names,
 * visible in the attempt trace. Quota is counted per voice type: Standard and WaveNet/Neural2
 * voices draw from separate free-tier buckets.
 */
class GoogleThroughRouterTest {
    static final String KEY = GoogleTtsProviderTest.KEY;
    static final Map<String, Object> NEURAL2 = Map.of("voice_name", "en-US-Neural2-F");
    static final Map<String, Object> STANDARD = Map.of("voice_name", "en-US-Standard-B");

    @TempDir
    Path dir;
    FakeGoogleTts fake;
    final MutableClock clock = MutableClock.at("2026-11-25T12:00:00Z");

    @BeforeEach
    void start() throws Exception {
        fake = new FakeGoogleTts(KEY);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private TtsProvider google(String key, String timeout) {
        return new GoogleTtsProviderFactory().create(ProviderContext.builder().environment(Map.of())
                .option("google_tts.api_key", key)
                .option("google_tts.endpoint", fake.endpoint())
                .option("google_tts.timeout", timeout)
                .build());
    }

    private RoutedCloud.Builder routed(TtsProvider google, Path stats) {
        return RoutedCloud.builder(google, clock, stats).settings(NEURAL2);
    }

    private RoutedCloud routed() {
        return routed(google(KEY, "10s"), dir.resolve("stats.json")).start();
    }

    private void failNext(int status, String googleStatus, String message, Map<String, Object> detail) {
        fake.failNext(status, googleStatus, message, Map.of(), detail.isEmpty() ? List.of() : List.of(detail));
    }

    private static Map<String, Object> retryInfo(String delay) {
        return Map.of("@type", "type.googleapis.com/google.rpc.RetryInfo", "retryDelay", delay);
    }

    @Test
    void speaksThroughTheRouterAndBillsTheSsmlItSent() {
        try (RoutedCloud r = routed()) {
            SpeechResult res = r.speak("Hello from Google.");
            r.spoke(res, 1);
            assertThat(res.audio().sampleRate()).isEqualTo(24_000);
            assertThat(r.billed("google_tts/wavenet_neural2")).isEqualTo("<speak>Hello from Google.</speak>".length());
            assertThat(r.billed("google_tts/standard")).isZero();
        }
    }

    private static final String FAMILY = "\uD83D\uDC69\u200D\uD83D\uDC69\u200D\uD83D\uDC67\u200D\uD83D\uDC66";

    private static int utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    @Test
    void longTextIsCutOnceByTheRouterInEscapedBytesAtSentencesJoinedInOrderAndBilledAsSent() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; sb.length() < 9_500; i++) {
            sb.append("Sentence number ").append(i).append(" says that fish & chips are <tasty>, mostly. ");
        }
        String text = sb.toString().strip();
        try (RoutedCloud r = routed()) {
            SpeechResult res = r.speak(text);
            r.spoke(res, 1);
            List<FakeGoogleTts.Received> calls = fake.synthesizeRequests();
            assertThat(calls).hasSizeGreaterThanOrEqualTo(3);
            long sentCharacters = 0;
            for (FakeGoogleTts.Received c : calls) {
                String ssml = c.body().at("/input/ssml").asText();
                assertThat(utf8(ssml)).isLessThanOrEqualTo(5000);
                assertThat(c.spokenText()).endsWith("."); // cut at sentence ends
                sentCharacters += ssml.codePointCount(0, ssml.length());
            }
            // Packed full: every request but the last is within one sentence of the limit.
            assertThat(utf8(calls.get(0).body().at("/input/ssml").asText())).isGreaterThan(5000 - 80);
            assertThat(String.join(" ", calls.stream().map(FakeGoogleTts.Received::spokenText).toList())).isEqualTo(text);
            assertThat(r.billed("google_tts/wavenet_neural2")).isEqualTo(sentCharacters);
            // The audio is exactly the pieces' audio, in order, with nothing lost or added at the joins.
            List<short[]> sent = fake.sentAudio();
            assertThat(res.audio().frames()).isEqualTo(sent.stream().mapToInt(a -> a.length).sum());
            int at = 0;
            for (short[] piece : sent) {
                for (short v : piece) {
                    assertThat(res.audio().sampleAt(at++)).isEqualTo(v / 32768f);
                }
            }
        }
    }

    @Test
    void cjkAndEmojiAreCutByBytesAtTheLimitNeverInsideACharacterOrAnEmojiSequence() {
        // 27 + 25 + 3 bytes a sentence but only 19 characters: 2,000 sentences' worth of characters
        // would fit one request; in bytes, 250 sentences (13,750) need three.
        String text = ("日本語の文章です、" + FAMILY + "。").repeat(250);
        try (RoutedCloud r = routed()) {
            r.spoke(r.speak(text), 1);
            List<FakeGoogleTts.Received> calls = fake.synthesizeRequests();
            assertThat(calls).hasSize(3).allSatisfy(c -> {
                assertThat(utf8(c.body().at("/input/ssml").asText())).isLessThanOrEqualTo(5000);
                assertThat(c.spokenText()).startsWith("日本語").endsWith(FAMILY + "。");
            });
            assertThat(String.join("", calls.stream().map(FakeGoogleTts.Received::spokenText).toList())).isEqualTo(text);
        }
    }

    @Test
    void oneSentenceLongerThanTheLimitIsCutAtItsClausesNotInsideAnEmoji() {
        String text = ("これは長い文です" + FAMILY + "、").repeat(150) + "終わり。"; // one sentence, 7,504 bytes
        try (RoutedCloud r = routed()) {
            r.spoke(r.speak(text), 1);
            List<FakeGoogleTts.Received> calls = fake.synthesizeRequests();
            assertThat(calls).hasSize(2);
            assertThat(calls.get(0).spokenText()).endsWith(FAMILY + "、");
            assertThat(utf8(calls.get(0).body().at("/input/ssml").asText())).isLessThanOrEqualTo(5000);
            assertThat(calls.get(0).spokenText() + calls.get(1).spokenText()).isEqualTo(text);
        }
    }

    @Test
    void anInvalidKeyFoundAtStartUpMakesTheProviderUnavailable() {
        try (RoutedCloud r = routed(google("AIzaWrongWrongWrongKey", "10s"), dir.resolve("s.json")).start()) {
            assertThat(r.initOutcome().state()).isEqualTo(InitOutcome.State.FAILED);
            Attempt.Skipped s = r.skippedToBackup(r.speak("Hello there."));
            assertThat(s.reason()).isEqualTo(SkipReason.UNAVAILABLE);
            assertThat(s.detail()).contains("API key not valid").doesNotContain("AIzaWrongWrongWrongKey");
            assertThat(fake.synthesizeRequests()).isEmpty();
        }
    }

    @Test
    void anExpiredKeyIsAuthenticationNotBadInputAndRestsUntilAProbeSucceeds() {
        try (RoutedCloud r = routed()) {
            // What Google answers once a key expires: a 400, told apart from bad input by its reason.
            failNext(400, "INVALID_ARGUMENT", "API key expired. Please renew the API key.", Map.of(
                    "@type", "type.googleapis.com/google.rpc.ErrorInfo", "reason", "API_KEY_EXPIRED",
                    "domain", "googleapis.com"));
            Attempt.Failed f = r.failedToBackup(r.speak("Hello there."), ErrorKind.AUTHENTICATION, 1);
            assertThat(f.message()).contains("API key expired").doesNotContain(KEY);
            r.spoke(r.assertRestsBrokenThenProbes(), 1);
            assertThat(fake.synthesizeRequests()).as("the refused call and the probe, nothing while resting").hasSize(2);
        }
    }

    @Test
    void resourceExhaustedWithALongRetryDelayCoolsDownForThatLongThenComesBack() {
        try (RoutedCloud r = routed()) {
            failNext(429, "RESOURCE_EXHAUSTED", "Quota exceeded for quota metric 'Requests' and limit"
                    + " 'Requests per minute'.", retryInfo("60s"));
            // A delay longer than the router waits in place ends the turn at the first try.
            r.failedToBackup(r.speak("Busy now."), ErrorKind.RATE_LIMITED, 1);
            r.assertRestsFor(Duration.ofSeconds(60));
        }
    }

    @Test
    void resourceExhaustedWithAShortRetryDelayIsWaitedOutInPlace() {
        try (RoutedCloud r = routed()) {
            failNext(429, "RESOURCE_EXHAUSTED", "Quota exceeded.", retryInfo("0.050s"));
            r.spoke(r.speak("Just a moment."), 2);
            assertThat(fake.synthesizeRequests()).hasSize(2);
        }
    }

    @Test
    void anUnknownVoiceIsBadInputForThatLineOnly() {
        try (RoutedCloud r = routed()) {
            Attempt.Failed f = r.failedToBackup(r.speak("Wrong voice.", Map.of("voice_name", "en-US-Neural9-Z")),
                    ErrorKind.BAD_INPUT, 1);
            assertThat(f.message()).contains("does not exist");
            r.spoke(r.speak("Right voice."), 1);
        }
    }

    @Test
    void aServiceOutageIsRetriedOnceAndThenSucceeds() {
        try (RoutedCloud r = routed()) {
            failNext(503, "UNAVAILABLE", "The service is currently unavailable.", Map.of());
            r.spoke(r.speak("Second time lucky."), 2);
        }
    }

    @Test
    void aTimeOutIsRetriedOnceThenFallsBackAndCoolsDownForTheTransientRest() {
        try (RoutedCloud r = routed(google(KEY, "300ms"), dir.resolve("stats.json")).start()) {
            fake.hangNext();
            fake.hangNext();
            r.failedToBackup(r.speak("Nobody answers."), ErrorKind.TIMEOUT, 2);
            r.assertRestsFor(Duration.ofSeconds(30));
        }
    }

    @Test
    void eachVoiceTypeHasItsOwnQuotaAndTheCountSurvivesARestart() {
        Path stats = dir.resolve("quota.json");
        String line = "Twenty characters!!";
        long cost = "<speak></speak>".length() + line.length();
        try (RoutedCloud r = routed(google(KEY, "10s"), stats).start()) {
            r.spoke(r.speak(line), 1);
            assertThat(r.billed("google_tts/wavenet_neural2")).isEqualTo(cost);
        }
        try (RoutedCloud r = routed(google(KEY, "10s"), stats).quota("google_tts/wavenet_neural2", cost + cost / 2)
                .quota("google_tts/standard", cost + cost / 2).start()) {
            Attempt.Skipped s = r.skippedToBackup(r.speak(line));
            assertThat(s.reason()).as("the month's count was kept across the restart").isEqualTo(SkipReason.QUOTA_EXHAUSTED);
            assertThat(s.detail()).contains("google_tts/wavenet_neural2");
            r.spoke(r.speak(line, STANDARD), 1);
            assertThat(r.billed("google_tts/standard")).isEqualTo(cost);

            clock.set(Instant.parse("2026-12-01T00:00:00Z"));
            r.spoke(r.speak(line), 1);
            assertThat(r.billed("google_tts/wavenet_neural2")).as("a new UTC month starts from zero").isEqualTo(cost);
        }
        assertThat(fake.synthesizeRequests()).hasSize(3);
    }
}
