package io.voicerouter.router;

import io.voicerouter.config.VoiceConfig;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.stats.InMemoryStatsStore;
import io.voicerouter.stats.ProviderStatsSnapshot;
import io.voicerouter.stats.StatsStore;
import io.voicerouter.testing.MutableClock;
import io.voicerouter.testing.ScriptedProvider;
import io.voicerouter.testing.ToneProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.voicerouter.router.Configs.chain;
import static org.assertj.core.api.Assertions.assertThat;

/** Monthly free-tier quotas: skip when over, counted per UTC month, kept through a StatsStore. */
class RouterQuotaTest {
    private static final String BUCKET = "google_tts/standard";
    private static final String LINE = "Hello world"; // 11 characters
    private final MutableClock clock = MutableClock.at("2026-11-25T12:00:00Z");
    private final StatsStore store = new InMemoryStatsStore();
    private final VoiceConfig config = chain("google_tts", "piper");

    private VoiceRouter router(ToneProvider google, long limit) {
        return VoiceRouter.builder().providers(List.of(google, ToneProvider.of("piper"))).clock(clock)
                .statsStore(store).quota(BUCKET, limit).statsFlushInterval(Duration.ZERO).build();
    }

    private static ToneProvider google() {
        return ToneProvider.builder("google_tts").cloud(BUCKET, 1_000_000).build();
    }

    @Test
    void overQuotaProviderIsSkippedAndTheFallbackSpeaks() {
        ToneProvider google = google();
        try (VoiceRouter r = router(google, 20)) {
            assertThat(r.synthesize(SpeechRequest.of(LINE, config)).providerId()).isEqualTo("google_tts");
            SpeechResult second = r.synthesize(SpeechRequest.of(LINE, config));
            assertThat(second.providerId()).isEqualTo("piper");
            assertThat(second.attempts().get(0)).isInstanceOfSatisfying(Attempt.Skipped.class, s -> {
                assertThat(s.reason()).isEqualTo(SkipReason.QUOTA_EXHAUSTED);
                assertThat(s.detail()).contains(BUCKET).contains("11 of 20");
            });
            assertThat(google.calls()).isEqualTo(1);
            ProviderStatsSnapshot s = r.stats().get("google_tts");
            assertThat(s.monthlyCharacters()).containsEntry("2026-11:" + BUCKET, 11L).containsEntry("2026-11", 11L);
            assertThat(s.skips()).isEqualTo(1);
        }
    }

    @Test
    void bucketDefaultAppliesWithoutAnOverride() {
        ToneProvider google = ToneProvider.builder("google_tts").cloud(BUCKET, 15).build();
        try (VoiceRouter r = VoiceRouter.builder().providers(List.of(google, ToneProvider.of("piper"))).clock(clock)
                .statsFlushInterval(Duration.ZERO).build()) {
            assertThat(r.synthesize(SpeechRequest.of(LINE, config)).providerId()).isEqualTo("google_tts");
            assertThat(r.synthesize(SpeechRequest.of(LINE, config)).providerId()).isEqualTo("piper");
        }
    }

    @Test
    void usedQuotaSurvivesARestartThroughTheStore() {
        try (VoiceRouter r = router(google(), 20)) {
            r.synthesize(SpeechRequest.of(LINE, config));
        } // close() saves
        ToneProvider google = google();
        try (VoiceRouter restarted = router(google, 20)) {
            SpeechResult res = restarted.synthesize(SpeechRequest.of(LINE, config));
            assertThat(res.providerId()).isEqualTo("piper");
            assertThat(((Attempt.Skipped) res.attempts().get(0)).reason()).isEqualTo(SkipReason.QUOTA_EXHAUSTED);
            assertThat(google.calls()).isZero();
            assertThat(restarted.stats().get("google_tts").successes()).isEqualTo(1);
        }
    }

    @Test
    void statsAreSavedPeriodicallyOnlyWhenSomethingChanged() throws Exception {
        java.util.concurrent.atomic.AtomicInteger saves = new java.util.concurrent.atomic.AtomicInteger();
        int after;
        StatsStore counting = new StatsStore() {
            @Override
            public java.util.Map<String, ProviderStatsSnapshot> load() {
                return store.load();
            }

            @Override
            public void save(java.util.Map<String, ProviderStatsSnapshot> snapshot) {
                saves.incrementAndGet(); // before the save, so a visible save is always counted
                store.save(snapshot);
            }
        };
        try (VoiceRouter r = VoiceRouter.builder().providers(List.of(ToneProvider.of("piper"))).statsStore(counting)
                .statsFlushInterval(Duration.ofMillis(20)).build()) {
            r.synthesize(SpeechRequest.of(LINE, chain("piper")));
            long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
            while (!savedOneSuccess() && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertThat(savedOneSuccess()).isTrue();
            after = saves.get();
            Thread.sleep(200); // ten idle periods
            assertThat(saves.get()).isEqualTo(after);
        }
        assertThat(saves.get()).as("close() has nothing new to save").isEqualTo(after);
    }

    private boolean savedOneSuccess() {
        ProviderStatsSnapshot s = store.load().get("piper");
        return s != null && s.successes() == 1;
    }

    @Test
    void aNewUtcMonthStartsAFreshCount() {
        try (VoiceRouter r = router(google(), 20)) {
            r.synthesize(SpeechRequest.of(LINE, config));
            clock.set(Instant.parse("2026-11-30T23:59:59Z"));
            assertThat(r.synthesize(SpeechRequest.of(LINE, config)).providerId()).isEqualTo("piper");
            clock.set(Instant.parse("2026-12-01T00:00:00Z"));
            assertThat(r.synthesize(SpeechRequest.of(LINE, config)).providerId()).isEqualTo("google_tts");
            assertThat(r.stats().get("google_tts").monthlyCharacters())
                    .containsEntry("2026-11:" + BUCKET, 11L).containsEntry("2026-12:" + BUCKET, 11L);
        }
    }

    @Test
    void failedCallsAreNotCharged() {
        ScriptedProvider google = ScriptedProvider.of(google()).thenFail(ErrorKind.SERVER_ERROR);
        try (VoiceRouter r = VoiceRouter.builder().providers(List.of(google, ToneProvider.of("piper"))).clock(clock)
                .quota(BUCKET, 20).resilience(Configs.fastPolicy().maxRetries(0).build())
                .statsFlushInterval(Duration.ZERO).build()) {
            assertThat(r.synthesize(SpeechRequest.of(LINE, config)).providerId()).isEqualTo("piper");
            assertThat(r.stats().get("google_tts").monthlyCharacters()).isEmpty();
        }
    }

    @Test
    void cacheHitsCostNoQuotaAndAreServedEvenWhenTheQuotaIsUsedUp() {
        ToneProvider google = google();
        MapCache cache = new MapCache();
        try (VoiceRouter r = VoiceRouter.builder().providers(List.of(google, ToneProvider.of("piper"))).clock(clock)
                .cache(cache).quota(BUCKET, 11).statsFlushInterval(Duration.ZERO).build()) {
            r.synthesize(SpeechRequest.of(LINE, config));
            SpeechResult again = r.synthesize(SpeechRequest.of("Hello   world ", config));
            assertThat(again.providerId()).isEqualTo("google_tts");
            assertThat(again.cached()).isTrue();
            assertThat(google.calls()).isEqualTo(1);
            assertThat(r.stats().get("google_tts").monthlyCharacters()).containsEntry("2026-11:" + BUCKET, 11L);
            assertThat(r.synthesize(SpeechRequest.of("Other line", config)).providerId()).isEqualTo("piper");
        }
    }
}
