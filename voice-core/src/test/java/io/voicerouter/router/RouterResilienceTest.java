package io.voicerouter.router;

import io.voicerouter.config.VoiceConfig;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.testing.MutableClock;
import io.voicerouter.spi.ProviderHealth;
import io.voicerouter.testing.ScriptedProvider;
import io.voicerouter.testing.ToneProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;

import static io.voicerouter.router.Configs.chain;
import static org.assertj.core.api.Assertions.assertThat;

/** Error classification, retries, Retry-After and the cool-down circuit breaker, on a fake clock. */
class RouterResilienceTest {
    private final MutableClock clock = MutableClock.at("2026-11-25T12:00:00Z");
    private final Configs.RecordingSleeper sleeper = new Configs.RecordingSleeper();
    private final ToneProvider piper = ToneProvider.of("piper");
    private final VoiceConfig config = chain("xtts_v2", "piper");

    private VoiceRouter router(ScriptedProvider xtts, ResiliencePolicy policy) {
        return VoiceRouter.builder().providers(List.of(xtts, piper)).clock(clock).resilience(policy)
                .sleeper(sleeper).statsFlushInterval(Duration.ZERO).build();
    }

    /** The defaults' cool-downs with two retries, so the retry tests see a back-off sequence. */
    private VoiceRouter router(ScriptedProvider xtts) {
        return router(xtts, ResiliencePolicy.builder().maxRetries(2).build());
    }

    private SpeechResult speak(VoiceRouter r) {
        return r.synthesize(SpeechRequest.of("Hello", config));
    }

    private static ScriptedProvider xtts() {
        return ScriptedProvider.of(ToneProvider.of("xtts_v2"));
    }

    @ParameterizedTest
    @EnumSource(value = ErrorKind.class, names = {"TIMEOUT", "SERVER_ERROR", "RATE_LIMITED", "INTERNAL"})
    void transientFailuresAreRetriedWithBackoffThenSucceed(ErrorKind kind) {
        ScriptedProvider xtts = xtts().thenFail(kind).thenFail(kind);
        try (VoiceRouter r = router(xtts)) {
            SpeechResult res = speak(r);
            assertThat(res.providerId()).isEqualTo("xtts_v2");
            assertThat(res.attempts()).singleElement().isInstanceOfSatisfying(Attempt.Succeeded.class,
                    s -> assertThat(s.tries()).isEqualTo(3));
            assertThat(sleeper.waits).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400));
            assertThat(r.health().get("xtts_v2").attributes()).containsEntry("circuit", "closed");
        }
    }

    @Test
    void theDefaultPolicyRetriesOnceWithBackoffThenFallsBack() {
        ScriptedProvider xtts = xtts().thenFail(ErrorKind.SERVER_ERROR).thenFail(ErrorKind.SERVER_ERROR);
        try (VoiceRouter r = router(xtts, ResiliencePolicy.defaults())) {
            SpeechResult res = speak(r);
            assertThat(res.providerId()).isEqualTo("piper");
            assertThat(res.attempts().get(0)).isInstanceOfSatisfying(Attempt.Failed.class,
                    f -> assertThat(f.tries()).isEqualTo(2));
            assertThat(sleeper.waits).containsExactly(Duration.ofMillis(200));
        }
    }

    @Test
    void aProviderThatWentDownAfterRefusedCredentialsIsProbedAgainAfterTheBrokenCooldown() {
        ToneProvider tone = ToneProvider.of("xtts_v2");
        ScriptedProvider xtts = ScriptedProvider.of(tone).thenFail(ErrorKind.AUTHENTICATION).thenSucceed();
        try (VoiceRouter r = router(xtts, ResiliencePolicy.defaults())) {
            assertThat(speak(r).providerId()).isEqualTo("piper");
            tone.setHealth(ProviderHealth.down("credentials refused")); // what a cloud provider reports now

            SpeechResult resting = speak(r);
            assertThat(resting.attempts().get(0)).isInstanceOfSatisfying(Attempt.Skipped.class,
                    s -> assertThat(s.reason()).isEqualTo(SkipReason.CIRCUIT_OPEN));

            clock.advance(ResiliencePolicy.defaults().brokenCooldown());
            SpeechResult probe = speak(r);
            assertThat(probe.providerId()).as("the probe reaches the provider despite its DOWN health").isEqualTo("xtts_v2");
            assertThat(xtts.calls()).isEqualTo(2);
        }
    }

    @Test
    void aProviderThatIsDownWithNothingPendingIsUnavailable() {
        ToneProvider tone = ToneProvider.of("xtts_v2");
        tone.setHealth(ProviderHealth.down("GPU lost"));
        try (VoiceRouter r = router(ScriptedProvider.of(tone), ResiliencePolicy.defaults())) {
            assertThat(speak(r).attempts().get(0)).isInstanceOfSatisfying(Attempt.Skipped.class, s -> {
                assertThat(s.reason()).isEqualTo(SkipReason.UNAVAILABLE);
                assertThat(s.detail()).contains("GPU lost");
            });
        }
    }

    @Test
    void anyRuntimeExceptionFromAProviderIsInternalAndRetried() {
        ScriptedProvider xtts = xtts().thenThrow(new IllegalStateException("tensor shape mismatch"))
                .otherwise(ErrorKind.INTERNAL);
        try (VoiceRouter r = router(xtts, Configs.fastPolicy().maxRetries(0).build())) {
            SpeechResult res = r.synthesize(SpeechRequest.of("Hello", config));
            assertThat(res.providerId()).isEqualTo("piper");
            assertThat(res.attempts().get(0)).isInstanceOfSatisfying(Attempt.Failed.class, f -> {
                assertThat(f.kind()).isEqualTo(ErrorKind.INTERNAL);
                assertThat(f.message()).contains("IllegalStateException").contains("tensor shape mismatch");
            });
        }
    }

    /** A provider's typed setting read refusing a value is bad input: not retried, no cool-down. */
    @Test
    void anInvalidSettingFromAProviderIsBadInputNotABrokenProvider() {
        ScriptedProvider xtts = xtts().thenThrow(new io.voicerouter.error.InvalidSettingException("temperature",
                "temperature must be a finite number, got \"warm\""));
        try (VoiceRouter r = router(xtts)) {
            SpeechResult res = speak(r);
            assertThat(res.providerId()).isEqualTo("piper");
            assertThat(res.attempts().get(0)).isInstanceOfSatisfying(Attempt.Failed.class, f -> {
                assertThat(f.kind()).isEqualTo(ErrorKind.BAD_INPUT);
                assertThat(f.tries()).isEqualTo(1);
                assertThat(f.message()).contains("temperature");
            });
            assertThat(sleeper.waits).isEmpty();
            assertThat(r.health().get("xtts_v2").attributes()).containsEntry("circuit", "closed");
            assertThat(speak(r).providerId()).isEqualTo("xtts_v2");
        }
    }

    @Test
    void exhaustedRetriesFallBackThenCircuitOpensAndRecoversAfterTheCooldown() {
        ScriptedProvider xtts = xtts().thenFail(ErrorKind.SERVER_ERROR).thenFail(ErrorKind.SERVER_ERROR)
                .thenFail(ErrorKind.SERVER_ERROR);
        try (VoiceRouter r = router(xtts)) {
            SpeechResult first = speak(r);
            assertThat(first.providerId()).isEqualTo("piper");
            assertThat(first.fellBack()).isTrue();
            assertThat(first.attempts().get(0)).isInstanceOfSatisfying(Attempt.Failed.class, f -> {
                assertThat(f.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
                assertThat(f.tries()).isEqualTo(3);
            });

            clock.advance(Duration.ofSeconds(29));
            SpeechResult during = speak(r);
            assertThat(during.attempts().get(0)).isInstanceOfSatisfying(Attempt.Skipped.class,
                    s -> assertThat(s.reason()).isEqualTo(SkipReason.CIRCUIT_OPEN));
            assertThat(xtts.calls()).isEqualTo(3);
            assertThat(r.health().get("xtts_v2").attributes()).containsEntry("circuit", "open");

            clock.advance(Duration.ofSeconds(2)); // 31 s: past the 30 s transient cool-down
            assertThat(r.health().get("xtts_v2").attributes()).containsEntry("circuit", "half_open");
            SpeechResult after = speak(r);
            assertThat(after.providerId()).isEqualTo("xtts_v2");
            assertThat(r.health().get("xtts_v2").attributes()).containsEntry("circuit", "closed");
            assertThat(r.stats().get("xtts_v2").failures()).isEqualTo(1);
            assertThat(r.stats().get("xtts_v2").skips()).isEqualTo(1);
        }
    }

    @Test
    void failedProbeReopensForLonger() {
        ScriptedProvider xtts = xtts().otherwise(ErrorKind.TIMEOUT);
        try (VoiceRouter r = router(xtts, Configs.fastPolicy().maxRetries(0).build())) {
            speak(r);
            clock.advance(Duration.ofSeconds(31));
            assertThat(speak(r).attempts().get(0)).isInstanceOf(Attempt.Failed.class); // the probe
            clock.advance(Duration.ofSeconds(45)); // within 2 x 30 s
            assertThat(speak(r).attempts().get(0)).isInstanceOfSatisfying(Attempt.Skipped.class,
                    s -> assertThat(s.reason()).isEqualTo(SkipReason.CIRCUIT_OPEN));
            clock.advance(Duration.ofSeconds(16));
            assertThat(speak(r).attempts().get(0)).isInstanceOf(Attempt.Failed.class);
            assertThat(xtts.calls()).isEqualTo(3);
        }
    }

    @Test
    void shortRetryAfterIsWaitedOutInPlace() {
        ScriptedProvider xtts = xtts().thenFail(ErrorKind.RATE_LIMITED, Duration.ofSeconds(3));
        try (VoiceRouter r = router(xtts)) {
            SpeechResult res = speak(r);
            assertThat(res.providerId()).isEqualTo("xtts_v2");
            assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(3));
            assertThat(((Attempt.Succeeded) res.attempts().get(0)).tries()).isEqualTo(2);
        }
    }

    @Test
    void longRetryAfterEndsTheTurnAndCoolsDownForThatLong() {
        ScriptedProvider xtts = xtts().thenFail(ErrorKind.RATE_LIMITED, Duration.ofMinutes(10));
        try (VoiceRouter r = router(xtts)) {
            SpeechResult res = speak(r);
            assertThat(res.providerId()).isEqualTo("piper");
            assertThat(res.attempts().get(0)).isInstanceOfSatisfying(Attempt.Failed.class, f -> {
                assertThat(f.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
                assertThat(f.tries()).isEqualTo(1);
            });
            assertThat(sleeper.waits).isEmpty();
            clock.advance(Duration.ofMinutes(5)); // long past the 30 s transient cool-down
            assertThat(((Attempt.Skipped) speak(r).attempts().get(0)).reason()).isEqualTo(SkipReason.CIRCUIT_OPEN);
            clock.advance(Duration.ofMinutes(5).plusSeconds(1));
            assertThat(speak(r).providerId()).isEqualTo("xtts_v2");
        }
    }

    @ParameterizedTest
    @EnumSource(value = ErrorKind.class, names = {"AUTHENTICATION", "MODEL_MISSING", "MISCONFIGURED"})
    void brokenProvidersAreNotRetriedAndRestLonger(ErrorKind kind) {
        ScriptedProvider xtts = xtts().thenFail(kind);
        try (VoiceRouter r = router(xtts)) {
            SpeechResult res = speak(r);
            assertThat(res.providerId()).isEqualTo("piper");
            assertThat(res.attempts().get(0)).isInstanceOfSatisfying(Attempt.Failed.class, f -> {
                assertThat(f.kind()).isEqualTo(kind);
                assertThat(f.tries()).isEqualTo(1);
            });
            assertThat(sleeper.waits).isEmpty();
            clock.advance(Duration.ofMinutes(5));
            assertThat(((Attempt.Skipped) speak(r).attempts().get(0)).reason()).isEqualTo(SkipReason.CIRCUIT_OPEN);
            clock.advance(Duration.ofMinutes(5));
            assertThat(speak(r).providerId()).isEqualTo("xtts_v2");
            assertThat(xtts.calls()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ErrorKind.class, names = {"BAD_INPUT", "UNSUPPORTED_LANGUAGE"})
    void badInputIsNotRetriedAndNeverCountsAgainstHealth(ErrorKind kind) {
        ScriptedProvider xtts = xtts().otherwise(kind);
        try (VoiceRouter r = router(xtts)) {
            for (int i = 0; i < 5; i++) {
                SpeechResult res = speak(r);
                assertThat(res.providerId()).isEqualTo("piper");
                assertThat(res.attempts().get(0)).isInstanceOfSatisfying(Attempt.Failed.class, f -> {
                    assertThat(f.kind()).isEqualTo(kind);
                    assertThat(f.tries()).isEqualTo(1);
                });
            }
            assertThat(xtts.calls()).isEqualTo(5);
            assertThat(sleeper.waits).isEmpty();
            assertThat(r.health().get("xtts_v2").attributes()).containsEntry("circuit", "closed");
            assertThat(r.stats().get("xtts_v2").failures()).isEqualTo(5);
        }
    }

    @Test
    void serviceQuotaExhaustionRestsTheProviderWithoutHealthPenalty() {
        ScriptedProvider xtts = xtts().thenFail(ErrorKind.QUOTA_EXHAUSTED);
        try (VoiceRouter r = router(xtts)) {
            assertThat(speak(r).providerId()).isEqualTo("piper");
            clock.advance(Duration.ofMinutes(59));
            SpeechResult during = speak(r);
            assertThat(during.attempts().get(0)).isInstanceOfSatisfying(Attempt.Skipped.class, s -> {
                assertThat(s.reason()).isEqualTo(SkipReason.QUOTA_EXHAUSTED);
                assertThat(s.detail()).contains("service reported");
            });
            assertThat(r.health().get("xtts_v2").attributes()).containsEntry("circuit", "closed");
            clock.advance(Duration.ofMinutes(2));
            assertThat(speak(r).providerId()).isEqualTo("xtts_v2");
        }
    }

    @Test
    void circuitOpensOnlyAtTheThreshold() {
        ScriptedProvider xtts = xtts().thenFail(ErrorKind.TIMEOUT).thenFail(ErrorKind.TIMEOUT)
                .thenFail(ErrorKind.TIMEOUT);
        ResiliencePolicy policy = Configs.fastPolicy().maxRetries(0)
                .circuitBreaker(3, 2, Duration.ofMinutes(30)).build();
        try (VoiceRouter r = router(xtts, policy)) {
            assertThat(speak(r).providerId()).isEqualTo("piper");
            assertThat(speak(r).providerId()).isEqualTo("piper");
            assertThat(r.health().get("xtts_v2").attributes()).containsEntry("circuit", "closed");
            assertThat(speak(r).attempts().get(0)).isInstanceOf(Attempt.Failed.class);
            assertThat(((Attempt.Skipped) speak(r).attempts().get(0)).reason()).isEqualTo(SkipReason.CIRCUIT_OPEN);
        }
    }

    @Test
    void everyProviderFailingGivesTheTypedExceptionWithTries() {
        ScriptedProvider xtts = xtts().otherwise(ErrorKind.SERVER_ERROR);
        ScriptedProvider google = ScriptedProvider.of(ToneProvider.of("google_tts")).otherwise(ErrorKind.AUTHENTICATION);
        try (VoiceRouter r = VoiceRouter.builder().providers(List.of(xtts, google)).clock(clock)
                .resilience(Configs.fastPolicy().maxRetries(1).build()).sleeper(sleeper)
                .statsFlushInterval(Duration.ZERO).build()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> r.synthesize(SpeechRequest.of("Hi", chain("xtts_v2", "google_tts"))))
                    .isInstanceOfSatisfying(AllProvidersFailedException.class, e -> {
                        assertThat(e.attempts()).hasSize(2);
                        assertThat(e.attempts().get(0)).isInstanceOfSatisfying(Attempt.Failed.class, f -> {
                            assertThat(f.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
                            assertThat(f.tries()).isEqualTo(2);
                        });
                        assertThat(e.attempts().get(1)).isInstanceOfSatisfying(Attempt.Failed.class, f -> {
                            assertThat(f.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
                            assertThat(f.tries()).isEqualTo(1);
                        });
                    });
        }
    }
}
