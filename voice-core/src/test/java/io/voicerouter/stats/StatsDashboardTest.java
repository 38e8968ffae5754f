package io.voicerouter.stats;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.YearMonth;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StatsDashboardTest {
    private static ProviderStatsSnapshot stats(String id, long successes, long failures, double avgMs, long hits,
                                               long misses, Map<String, Long> monthly) {
        return new ProviderStatsSnapshot(id, successes + failures, successes, failures, 0, 0, 0, avgMs, avgMs,
                avgMs, hits, misses, Instant.parse("2026-11-25T12:00:00Z"), monthly);
    }

    private static final Map<String, ProviderStatsSnapshot> STATS = Map.of(
            "styletts2", stats("styletts2", 1228, 6, 2300, 555, 679, Map.of()),
            "piper", stats("piper", 3453, 3, 800, 1797, 1659, Map.of()),
            "google_tts", stats("google_tts", 123, 0, 1234.5, 47, 76, Map.of(
                    "2026-11:google_tts/standard", 12_000L,
                    "2026-10:google_tts/standard", 99_999L)),
            "azure_tts", stats("azure_tts", 9_999, 1, 640.4, 0, 10_000, Map.of(
                    "2026-11:azure_tts/neural", 5_678L,
                    "2026-11:google_tts/standard", 345L)), // buckets are summed across providers
            "xtts_v2", stats("xtts_v2", 0, 0, 0, 0, 0, Map.of()));

    private static final Map<String, String> NAMES = Map.of(
            "styletts2", "StyleTTS2", "piper", "Piper", "google_tts", "Google TTS", "xtts_v2", "XTTS v2",
            "azure_tts", "Azure TTS", "google_tts/standard", "Google Cloud", "azure_tts/neural", "Azure");

    @Test
    void rendersTheSeedsDashboard() {
        StatsDashboard dashboard = StatsDashboard.builder()
                .displayNames(NAMES)
                .quotaLimits(Map.of("google_tts/standard", 100_000L, "azure_tts/neural", 500_000L,
                        "ibm_watson/lite", 10_000L))
                .month(YearMonth.of(2026, 11))
                .build();

        assertThat(dashboard.render(STATS)).isEqualTo("""
                Voice Model Performance
                Model       Requests  Success  Avg Latency  Cache
                Azure TTS     10,000    99.9%        640ms     0%
                Piper          3,456    99.9%        800ms    52%
                StyleTTS2      1,234    99.5%         2.3s    45%
                Google TTS       123     100%         1.2s    38%
                XTTS v2            0        -            -      -

                Quota usage 2026-11
                Azure: 5,678 / 500,000 (1.1% used)
                Google Cloud: 12,345 / 100,000 (12.3% used)
                ibm_watson/lite: 0 / 10,000 (0% used)
                """);
    }

    @Test
    void successIsRoundedDownSoOneFailureInTenThousandIsNot100Percent() {
        String out = StatsDashboard.builder().build()
                .render(Map.of("piper", stats("piper", 99_999, 1, 999.7, 0, 1, Map.of())));
        assertThat(out).contains("99.9%").doesNotContain("100%").contains("1.0s").contains("100,000");
    }

    @Test
    void theOutputDoesNotDependOnTheDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            String german = StatsDashboard.builder().displayNames(NAMES).month(YearMonth.of(2026, 11))
                    .quotaLimits(Map.of("google_tts/standard", 100_000L)).build().render(STATS);
            assertThat(german).contains("3,456", "2.3s", "12.3% used").doesNotContain("3.456", "2,3s");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void anEmptyRouterSaysSo() {
        assertThat(StatsDashboard.builder().build().render(Map.of())).isEqualTo("""
                Voice Model Performance
                Model  Requests  Success  Avg Latency  Cache
                (no requests yet)
                """);
    }
}
