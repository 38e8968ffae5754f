package io.voicerouter.stats.micrometer;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.voicerouter.config.VoiceConfig;
import io.voicerouter.router.SpeechRequest;
import io.voicerouter.router.VoiceRouter;
import io.voicerouter.state.FinishedRequest;
import io.voicerouter.testing.ToneProvider;
import io.voicerouter.cache.TieredSynthesisCache;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyTimersTest {
    @Test
    void routerRequestsLandInTimersWithHistogramBucketsAndListenersSeeThePersonality() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<FinishedRequest> seen = new CopyOnWriteArrayList<>();
        try (TieredSynthesisCache cache = TieredSynthesisCache.builder().build();
             VoiceRouter router = VoiceRouter.builder().providers(List.of(ToneProvider.of("piper")))
                     .cache(cache)
                     .listener(new LatencyTimers(registry, List.of("piper"), Tags.of("app", "t")))
                     .listener(seen::add)
                     .build()) {
            VoiceConfig config = VoiceConfig.singleProvider("piper");
            router.synthesize(SpeechRequest.builder("Hello there", config).personality("aria").build());
            router.synthesize(SpeechRequest.builder("Hello there", config).personality("aria").build());
            router.synthesize(SpeechRequest.of("Something else", config));
        }
        Timer miss = registry.get("voice.latency").tags("provider", "piper", "cached", "false").timer();
        Timer hit = registry.get("voice.latency").tags("provider", "piper", "cached", "true").timer();
        assertThat(miss.count()).isEqualTo(2);
        assertThat(hit.count()).isEqualTo(1);
        assertThat(registry.get("voice.request.latency").tags("outcome", "success").timer().count()).isEqualTo(3);
        HistogramSnapshot h = miss.takeSnapshot();
        assertThat(h.histogramCounts()).as("percentile histogram buckets, mergeable across instances").isNotEmpty();
        assertThat(h.histogramCounts()[h.histogramCounts().length - 1].count()).isEqualTo(2);

        assertThat(seen).hasSize(3);
        assertThat(seen.get(0).personalityId()).contains("aria");
        assertThat(seen.get(0).characters()).isEqualTo(11);
        assertThat(seen.get(1).success().orElseThrow().cached()).isTrue();
        assertThat(seen.get(2).personalityId()).isEmpty();
    }
}
