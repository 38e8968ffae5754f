package io.voicerouter.stats.micrometer;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.voicerouter.stats.ProviderStatsSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class VoiceRouterMetricsTest {
    private static final Clock NOVEMBER = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

    private static ProviderStatsSnapshot piper(long successes, Map<String, Long> monthly) {
        return new ProviderStatsSnapshot("piper", successes + 3, successes, 2, 1, 4200, 61.5, 812.5, 790, 1400,
                30, 70, Instant.parse("2026-11-25T11:00:00Z"), monthly);
    }

    @Test
    void exposesEveryCounterAndGaugePerKnownProvider() {
        AtomicReference<Map<String, ProviderStatsSnapshot>> stats = new AtomicReference<>(Map.of(
                "piper", piper(97, Map.of("2026-11:local", 4200L, "2026-10:local", 999L)),
                "user_supplied_junk", piper(1, Map.of())));
        MeterRegistry registry = new SimpleMeterRegistry();
        new VoiceRouterMetrics(stats::get, Set.of("piper", "google_tts"), Tags.of("app", "companion"), NOVEMBER)
                .bindTo(registry);

        assertThat(count(registry, "voice.requests", "outcome", "success")).isEqualTo(97);
        assertThat(count(registry, "voice.requests", "outcome", "failure")).isEqualTo(2);
        assertThat(count(registry, "voice.requests", "outcome", "skip")).isEqualTo(1);
        assertThat(count(registry, "voice.characters")).isEqualTo(4200);
        assertThat(count(registry, "voice.audio.seconds")).isEqualTo(61.5);
        assertThat(count(registry, "voice.cache", "result", "hit")).isEqualTo(30);
        assertThat(count(registry, "voice.cache", "result", "miss")).isEqualTo(70);
        assertThat(gauge(registry, "voice.latency.ewma")).isEqualTo(812.5);
        assertThat(registry.find("voice.latency.p50").meter()).as("percentiles are timers now").isNull();
        assertThat(registry.find("voice.latency.p95").meter()).isNull();
        assertThat(gauge(registry, "voice.quota.used")).isEqualTo(4200);
        assertThat(registry.get("voice.latency.ewma").gauge().getId().getBaseUnit()).isEqualTo("milliseconds");

        // values follow the supplier on every read
        stats.set(Map.of("piper", piper(150, Map.of("2026-11", 5000L, "2026-11:local", 4200L))));
        assertThat(count(registry, "voice.requests", "outcome", "success")).isEqualTo(150);
        assertThat(gauge(registry, "voice.quota.used")).as("a whole-month entry wins").isEqualTo(5000);
    }

    @Test
    void exposesTimeToFirstAudioOnceAProviderStreamed() {
        ProviderStatsSnapshot streamed = new ProviderStatsSnapshot("piper", 4, 4, 0, 0, 40, 2.0, 300, 290, 410, 0, 4,
                Instant.parse("2026-11-25T11:00:00Z"), Map.of(), 42.5, 40, 61);
        AtomicReference<Map<String, ProviderStatsSnapshot>> stats = new AtomicReference<>(Map.of("piper", piper(3, Map.of())));
        MeterRegistry registry = new SimpleMeterRegistry();
        new VoiceRouterMetrics(stats::get, Set.of("piper"), Tags.empty(), NOVEMBER).bindTo(registry);
        assertThat(gauge(registry, "voice.first_audio.ewma")).as("never streamed").isNaN();
        stats.set(Map.of("piper", streamed));
        assertThat(gauge(registry, "voice.first_audio.ewma")).isEqualTo(42.5);
        assertThat(registry.get("voice.first_audio.ewma").gauge().getId().getBaseUnit()).isEqualTo("milliseconds");
    }

    @Test
    void tagsStayBounded() {
        MeterRegistry registry = new SimpleMeterRegistry();
        new VoiceRouterMetrics(() -> Map.of("piper", piper(5, Map.of()), "evil text\n", piper(1, Map.of())),
                Set.of("piper", "google_tts")).bindTo(registry);

        assertThat(registry.getMeters().stream().map(m -> m.getId().getTag("provider")).distinct())
                .containsExactlyInAnyOrder("piper", "google_tts");
        assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTags().stream()
                .map(t -> t.getKey())).isSubsetOf("provider", "outcome", "result"));
        // 3 request outcomes, characters, audio, 2 cache results, the EWMA latency, the EWMA first audio, quota
        assertThat(registry.getMeters()).hasSize(2 * 10);
    }

    @Test
    void aProviderWithoutStatsReadsZeroCountsAndNoLatency() {
        MeterRegistry registry = new SimpleMeterRegistry();
        new VoiceRouterMetrics(Map::of, Set.of("google_tts")).bindTo(registry);
        Meter.Id any = registry.get("voice.requests").tags("provider", "google_tts", "outcome", "success")
                .functionCounter().getId();
        assertThat(any.getTag("provider")).isEqualTo("google_tts");
        assertThat(registry.get("voice.requests").tags("provider", "google_tts", "outcome", "success")
                .functionCounter().count()).isZero();
        assertThat(registry.get("voice.latency.ewma").tags("provider", "google_tts").gauge().value()).isNaN();
        assertThat(registry.get("voice.quota.used").tags("provider", "google_tts").gauge().value()).isZero();
    }

    @Test
    void metersKeepWorkingWhenNobodyHoldsTheBinder() {
        MeterRegistry registry = new SimpleMeterRegistry();
        bindAndForget(registry);
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        assertThat(count(registry, "voice.requests", "outcome", "success")).isEqualTo(10);
        assertThat(gauge(registry, "voice.latency.ewma")).isEqualTo(812.5);
    }

    private static void bindAndForget(MeterRegistry registry) {
        Map<String, ProviderStatsSnapshot> only = Map.of("piper", piper(10, Map.of()));
        new VoiceRouterMetrics(() -> only, Set.of("piper")).bindTo(registry);
    }

    private static double count(MeterRegistry registry, String name, String... tags) {
        return registry.get(name).tags("provider", "piper").tags(tags).functionCounter().count();
    }

    private static double gauge(MeterRegistry registry, String name) {
        return registry.get(name).tags("provider", "piper").gauge().value();
    }
}
