package io.voicerouter.stats.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.voicerouter.router.Attempt;
import io.voicerouter.state.FinishedRequest;
import io.voicerouter.state.RequestListener;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Latency as Micrometer {@link Timer}s with percentile histograms: unlike p50/p95 gauges computed in
 * one process, histogram buckets add up across instances, so a dashboard can take the p95 of a whole
 * fleet. Add it to the router as a listener:
 *
 * <pre>{@code
 * VoiceRouter router = VoiceRouter.builder()
 *         .listener(new LatencyTimers(registry, List.of("piper", "google_tts"), Tags.of("app", "companion")))
 *         .build();
 * }</pre>
 *
 * <table>
 *   <caption>Timers</caption>
 *   <tr><td>{@code voice.latency} ({@code provider}, {@code cached=true|false})</td>
 *       <td>time on the provider that spoke, retries and cache included</td></tr>
 *   <tr><td>{@code voice.request.latency} ({@code outcome=success|failure})</td>
 *       <td>the whole request, across every provider tried</td></tr>
 * </table>
 * Tags stay bounded: providers not named here share {@code provider=other}.
 */
public final class LatencyTimers implements RequestListener {
    private static final Duration MIN = Duration.ofMillis(1);
    private static final Duration MAX = Duration.ofMinutes(2);
    /**
     * Fixed bucket bounds every registry publishes (registries with aggregable percentiles, such as
     * Prometheus, add their own finer buckets from the percentile histogram as well).
     */
    private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(30)};

    private final Map<String, Timer> cached = new TreeMap<>();
    private final Map<String, Timer> synthesized = new TreeMap<>();
    private final Timer otherCached;
    private final Timer otherSynthesized;
    private final Timer success;
    private final Timer failure;

    public LatencyTimers(MeterRegistry registry, Collection<String> providerIds, Iterable<Tag> extraTags) {
        Objects.requireNonNull(registry, "registry");
        Tags tags = Tags.of(Objects.requireNonNull(extraTags, "extraTags"));
        for (String id : providerIds) {
            cached.put(id, provider(registry, tags, id, true));
            synthesized.put(id, provider(registry, tags, id, false));
        }
        otherCached = provider(registry, tags, "other", true);
        otherSynthesized = provider(registry, tags, "other", false);
        success = request(registry, tags, "success");
        failure = request(registry, tags, "failure");
    }

    private static Timer provider(MeterRegistry registry, Tags tags, String id, boolean cached) {
        return Timer.builder("voice.latency").tags(tags.and("provider", id, "cached", Boolean.toString(cached)))
                .description("Time on the provider that spoke, retries and cache included")
                .publishPercentileHistogram().serviceLevelObjectives(BUCKETS).minimumExpectedValue(MIN).maximumExpectedValue(MAX)
                .register(registry);
    }

    private static Timer request(MeterRegistry registry, Tags tags, String outcome) {
        return Timer.builder("voice.request.latency").tags(tags.and("outcome", outcome))
                .description("Whole requests, across every provider tried")
                .publishPercentileHistogram().serviceLevelObjectives(BUCKETS).minimumExpectedValue(MIN).maximumExpectedValue(MAX)
                .register(registry);
    }

    @Override
    public void onFinished(FinishedRequest request) {
        var ok = request.success();
        (ok.isPresent() ? success : failure).record(request.latency());
        if (ok.isPresent()) {
            Attempt.Succeeded s = ok.get();
            Timer t = (s.cached() ? cached : synthesized).get(s.providerId());
            if (t == null) {
                t = s.cached() ? otherCached : otherSynthesized;
            }
            t.record(s.elapsed());
        }
    }
}
