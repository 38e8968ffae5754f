package io.voicerouter.server.internal;

import io.voicerouter.audio.AudioData;
import io.voicerouter.router.RouterObserver;
import io.voicerouter.router.SpeechResult;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LatencyHistoryTest {
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(5_000), ZoneOffset.UTC);

    private static SpeechResult result(String provider, long ms) {
        return new SpeechResult(AudioData.mono(new float[24_000], 24_000), provider, "en", Duration.ofMillis(ms), false,
                List.of(), Map.of());
    }

    @Test
    void keepsTheNewestPointsUpToItsCapacityWithWhatTheRouterSaid() {
        LatencyHistory history = new LatencyHistory(2, CLOCK);
        for (long ms : new long[]{10, 20, 30}) {
            history.requestStarted(new RouterObserver.RequestStart("en", true, 12, Optional.of("p")))
                    .finished(Optional.of(result("espeak", ms)), Optional.empty());
        }
        history.requestStarted(new RouterObserver.RequestStart("en", false, 12, Optional.empty()))
                .finished(Optional.empty(), Optional.of(new IllegalStateException("all failed")));
        List<LatencyHistory.Point> points = history.since(0);
        assertThat(points).hasSize(2);
        assertThat(points.get(0).latencyMs()).isEqualTo(30.0);
        assertThat(points.get(0).provider()).hasValue("espeak");
        assertThat(points.get(0).personality()).hasValue("p");
        assertThat(points.get(0).streaming()).isTrue();
        assertThat(points.get(0).audioSeconds()).isEqualTo(1.0);
        assertThat(points.get(1).ok()).isFalse();
        assertThat(points.get(1).provider()).isEmpty();
        assertThat(history.since(5_000)).isEmpty();
        assertThatThrownBy(() -> new LatencyHistory(0, CLOCK)).isInstanceOf(IllegalArgumentException.class);
    }
}
