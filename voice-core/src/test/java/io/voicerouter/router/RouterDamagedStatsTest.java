package io.voicerouter.router;

import io.voicerouter.config.VoiceConfig;
import io.voicerouter.stats.JsonFileStatsStore;
import io.voicerouter.testing.MutableClock;
import io.voicerouter.testing.ToneProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.voicerouter.router.Configs.chain;
import static org.assertj.core.api.Assertions.assertThat;

/** A damaged stats file: the router starts, quotas fail closed, and a repair brings them back. */
class RouterDamagedStatsTest {
    private static final String BUCKET = "google_tts/standard";
    private final MutableClock clock = MutableClock.at("2026-11-25T12:00:00Z");
    private final VoiceConfig config = chain("google_tts", "espeak");

    @TempDir
    Path dir;

    private VoiceRouter router(Path file, ToneProvider google) {
        return VoiceRouter.builder().providers(List.of(google, ToneProvider.of("espeak"))).clock(clock)
                .statsStore(new JsonFileStatsStore(file)).quota(BUCKET, 1000).statsFlushInterval(Duration.ZERO).build();
    }

    private static ToneProvider google() {
        return ToneProvider.builder("google_tts").cloud(BUCKET, 1_000_000).build();
    }

    @Test
    void aNullEntryNoLongerStopsTheRouterAndQuotaProvidersAreSkippedWithTheReason() throws IOException {
        Path file = Files.writeString(dir.resolve("stats.json"),
                "{\"format_version\":1,\"providers\":{\"espeak\":null,\"google_tts\":{\"requests\":3,\"successes\":3,"
                        + "\"monthly_characters\":{\"2026-11:google_tts/standard\":990}}}}");
        String before = Files.readString(file);
        ToneProvider google = google();

        try (VoiceRouter r = router(file, google)) {
            SpeechResult result = r.synthesize(SpeechRequest.of("Hello world", config));

            assertThat(result.providerId()).isEqualTo("espeak");
            assertThat(result.attempts().get(0)).isInstanceOfSatisfying(Attempt.Skipped.class, s -> {
                assertThat(s.reason()).isEqualTo(SkipReason.QUOTA_UNKNOWN);
                assertThat(s.detail()).contains(BUCKET).contains("unknown").contains(file.toString())
                        .contains("providers.espeak is null").contains("voice stats repair");
            });
            assertThat(google.calls()).as("never called while its usage is unknown").isZero();
        }
        assertThat(Files.readString(file)).as("the damaged file is kept for the operator").isEqualTo(before);

        new JsonFileStatsStore(file).repair();

        ToneProvider afterRepair = google();
        try (VoiceRouter r = router(file, afterRepair)) {
            SpeechResult result = r.synthesize(SpeechRequest.of("Hello world", config));
            assertThat(result.providerId()).as("990 + 11 > 1000: the kept count still holds")
                    .isEqualTo("espeak");
            assertThat(((Attempt.Skipped) result.attempts().get(0)).reason()).isEqualTo(SkipReason.QUOTA_EXHAUSTED);
            assertThat(afterRepair.calls()).isZero();
            assertThat(r.synthesize(SpeechRequest.of("Hi", config)).providerId()).isEqualTo("google_tts");
        }
        assertThat(new JsonFileStatsStore(file).load().get("google_tts").monthlyCharacters())
                .containsEntry("2026-11:" + BUCKET, 992L);
    }

    @Test
    void providersWithoutAQuotaSpeakAsUsual() throws IOException {
        Path file = Files.writeString(dir.resolve("stats.json"), "garbage");
        try (VoiceRouter r = VoiceRouter.builder().providers(List.of(ToneProvider.of("espeak"))).clock(clock)
                .statsStore(new JsonFileStatsStore(file)).statsFlushInterval(Duration.ZERO).build()) {
            SpeechResult result = r.synthesize(SpeechRequest.of("Hello world", chain("espeak")));
            assertThat(result.providerId()).isEqualTo("espeak");
            assertThat(result.attempts()).hasSize(1);
        }
        assertThat(Files.readString(file)).isEqualTo("garbage");
    }

    @Test
    void aSharedQuotaStoreKeepsTheCountsSoDamagedStatsDoNotStopTheQuotaProvider() throws IOException {
        Path file = Files.writeString(dir.resolve("stats.json"), "{\"format_version\":1,\"providers\":{\"espeak\":null}}");
        MemoryQuotaStore quotas = new MemoryQuotaStore();
        ToneProvider google = google();
        try (VoiceRouter r = VoiceRouter.builder().providers(List.of(google, ToneProvider.of("espeak"))).clock(clock)
                .statsStore(new JsonFileStatsStore(file)).quotaStore(quotas).quota(BUCKET, 1000)
                .statsFlushInterval(Duration.ZERO).build()) {
            assertThat(r.synthesize(SpeechRequest.of("Hello world", config)).providerId()).isEqualTo("google_tts");
        }
        assertThat(quotas.used("2026-11", BUCKET)).isEqualTo(11);
    }

    /** The smallest QuotaStore: one process, counts in a map. */
    private static final class MemoryQuotaStore implements io.voicerouter.state.QuotaStore {
        private final java.util.Map<String, Long> used = new java.util.HashMap<>();

        @Override
        public synchronized java.util.Optional<io.voicerouter.state.QuotaReservation> reserve(String month, String bucket,
                                                                                             long characters, long limit) {
            if (used(month, bucket) + characters > limit) {
                return java.util.Optional.empty();
            }
            used.merge(month + ":" + bucket, characters, Long::sum);
            return java.util.Optional.of(new io.voicerouter.state.QuotaReservation(java.util.UUID.randomUUID().toString(),
                    month, bucket, characters, java.time.Instant.MAX));
        }

        @Override
        public void commit(io.voicerouter.state.QuotaReservation reservation) {
        }

        @Override
        public synchronized void refund(io.voicerouter.state.QuotaReservation r) {
            used.merge(r.month() + ":" + r.bucket(), -r.characters(), Long::sum);
        }

        @Override
        public synchronized long used(String month, String bucket) {
            return used.getOrDefault(month + ":" + bucket, 0L);
        }
    }
}
