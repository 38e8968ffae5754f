package io.voicerouter.stats.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.voicerouter.stats.ProviderStatsSnapshot;

import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Exposes the router's per-provider statistics to Micrometer. Every meter reads the latest snapshot
 * when it is scraped, so the router keeps a single source of truth. Tags are bounded: only the
 * provider ids given here, and fixed outcome/result values; never text, language or user input.
 *
 * <table>
 *   <caption>Meters, each tagged {@code provider}</caption>
 *   <tr><td>{@code voice.requests} (counter, {@code outcome=success|failure|skip})</td>
 *       <td>requests by how they ended for this provider</td></tr>
 *   <tr><td>{@code voice.characters} (counter)</td><td>characters synthesized</td></tr>
 *   <tr><td>{@code voice.audio.seconds} (counter)</td><td>seconds of audio produced</td></tr>
 *   <tr><td>{@code voice.latency.ewma} (gauge, ms)</td>
 *       <td>the seed's moving average latency of successful syntheses; NaN before the first</td></tr>
 *   <tr><td>{@code voice.cache} (counter, {@code result=hit|miss})</td><td>cache lookups</td></tr>
 *   <tr><td>{@code voice.first_audio.ewma} (gauge, ms)</td>
 *       <td>time from calling the provider to its first chunk in streamed requests; NaN until it streamed</td></tr>
 *   <tr><td>{@code voice.quota.used} (gauge)</td><td>characters billed in the current UTC month</td></tr>
 * </table>
 *
 * <pre>{@code
 * new VoiceRouterMetrics(router::stats, Set.of("piper", "google_tts")).bindTo(registry);
 * }</pre>
 *
 * Percentiles are not gauges here: a p95 computed in one process cannot be combined with another's.
 * {@link LatencyTimers} records latency as Timers with histograms, which add up across instances.
 *
 * Micrometer is an optional dependency of voice-core: only this package refers to it.
 */
public final class VoiceRouterMetrics implements MeterBinder {
    private final Supplier<Map<String, ProviderStatsSnapshot>> stats;
    private final Set<String> providerIds;
    private final Tags extraTags;
    private final Clock clock;

    /** Meters for {@code providerIds}, reading {@code stats} on every scrape. */
    public VoiceRouterMetrics(Supplier<Map<String, ProviderStatsSnapshot>> stats, Collection<String> providerIds) {
        this(stats, providerIds, Tags.empty(), Clock.systemUTC());
    }

    /** As above, adding {@code extraTags} (such as an application name) to every meter. */
    public VoiceRouterMetrics(Supplier<Map<String, ProviderStatsSnapshot>> stats, Collection<String> providerIds,
                              Iterable<Tag> extraTags) {
        this(stats, providerIds, extraTags, Clock.systemUTC());
    }

    /** {@code clock} decides which month {@code voice.quota.used} reports. */
    public VoiceRouterMetrics(Supplier<Map<String, ProviderStatsSnapshot>> stats, Collection<String> providerIds,
                              Iterable<Tag> extraTags, Clock clock) {
        this.stats = Objects.requireNonNull(stats, "stats");
        this.providerIds = new TreeSet<>(providerIds);
        this.extraTags = Tags.of(Objects.requireNonNull(extraTags, "extraTags"));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String id : providerIds) {
            Tags tags = extraTags.and("provider", id);
            counter(registry, "voice.requests", id, tags.and("outcome", "success"), null,
                    "Requests this provider served", ProviderStatsSnapshot::successes);
            counter(registry, "voice.requests", id, tags.and("outcome", "failure"), null,
                    "Requests this provider failed", ProviderStatsSnapshot::failures);
            counter(registry, "voice.requests", id, tags.and("outcome", "skip"), null,
                    "Requests that skipped this provider (quota, health, language)", ProviderStatsSnapshot::skips);
            counter(registry, "voice.characters", id, tags, "characters",
                    "Characters synthesized", ProviderStatsSnapshot::totalCharacters);
            counter(registry, "voice.audio.seconds", id, tags, "seconds",
                    "Seconds of audio produced", ProviderStatsSnapshot::audioSeconds);
            counter(registry, "voice.cache", id, tags.and("result", "hit"), null,
                    "Cache lookups answered from the cache", ProviderStatsSnapshot::cacheHits);
            counter(registry, "voice.cache", id, tags.and("result", "miss"), null,
                    "Cache lookups that ran a synthesis", ProviderStatsSnapshot::cacheMisses);
            latency(registry, "voice.latency.ewma", id, tags, "Moving average latency (EWMA, alpha 0.1)",
                    ProviderStatsSnapshot::avgLatencyMs);
            firstAudio(registry, "voice.first_audio.ewma", id, tags,
                    "Moving average time to first audio of streamed requests (EWMA, alpha 0.1)",
                    ProviderStatsSnapshot::avgFirstAudioMs);
            Gauge.builder("voice.quota.used", stats, st -> monthUsage(st.get().get(id)))
                    .tags(tags).baseUnit("characters").strongReference(true)
                    .description("Characters billed in the current UTC month")
                    .register(registry);
        }
    }

    private void counter(MeterRegistry registry, String name, String id, Tags tags, String unit,
                         String description, ToDoubleFunction<ProviderStatsSnapshot> value) {
        // Function counters hold their object weakly. Handing them the registry, which outlives its
        // meters, and capturing the supplier in the function keeps the meter alive even when nobody
        // keeps this binder, as in new VoiceRouterMetrics(...).bindTo(registry).
        FunctionCounter.builder(name, registry, r -> {
            ProviderStatsSnapshot s = stats.get().get(id);
            return s == null ? 0 : value.applyAsDouble(s);
        }).tags(tags).baseUnit(unit).description(description).register(registry);
    }

    private void latency(MeterRegistry registry, String name, String id, Tags tags, String description,
                         ToDoubleFunction<ProviderStatsSnapshot> value) {
        Gauge.builder(name, stats, st -> {
            ProviderStatsSnapshot s = st.get().get(id);
            return s == null || s.successes() == 0 ? Double.NaN : value.applyAsDouble(s);
        }).tags(tags).baseUnit("milliseconds").description(description).strongReference(true).register(registry);
    }

    private void firstAudio(MeterRegistry registry, String name, String id, Tags tags, String description,
                            ToDoubleFunction<ProviderStatsSnapshot> value) {
        Gauge.builder(name, stats, st -> {
            ProviderStatsSnapshot s = st.get().get(id);
            return s == null || s.avgFirstAudioMs() <= 0 ? Double.NaN : value.applyAsDouble(s);
        }).tags(tags).baseUnit("milliseconds").description(description).strongReference(true).register(registry);
    }

    /**
     * This month's billed characters. The router may key {@code monthlyCharacters} by month alone
     * ({@code 2026-11}) or by month and quota bucket ({@code 2026-11:google_tts/standard}); a plain
     * month entry is the provider's total, otherwise the bucket entries are summed.
     */
    private double monthUsage(ProviderStatsSnapshot s) {
        if (s == null) {
            return 0;
        }
        String month = YearMonth.from(clock.instant().atZone(ZoneOffset.UTC)).toString();
        Long whole = s.monthlyCharacters().get(month);
        if (whole != null) {
            return whole;
        }
        String prefix = month + ":";
        return s.monthlyCharacters().entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** The provider ids this binder exposes, sorted. */
    public List<String> providerIds() {
        return List.copyOf(providerIds);
    }
}
