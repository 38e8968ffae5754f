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
}
