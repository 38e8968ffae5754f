package io.voicerouter.stats;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Adds what one process counted since its last save to what the file holds now, so processes that
 * share one stats file lose none of each other's counts. Counts and monthly characters add up (never
 * below zero, which a reset in between could otherwise cause); {@code last_used} takes the later;
 * latency and time-to-first-audio figures cannot be added, so the file keeps its own unless this
 * process measured new ones.
 */
final class StatsMerge {
    private StatsMerge() {
    }

    /** {@code onDisk + (mine - base)} for every provider in either. */
    static Map<String, ProviderStatsSnapshot> apply(Map<String, ProviderStatsSnapshot> onDisk,
                                                   Map<String, ProviderStatsSnapshot> mine,
                                                   Map<String, ProviderStatsSnapshot> base) {
        Map<String, ProviderStatsSnapshot> out = new TreeMap<>(onDisk);
        mine.forEach((id, m) -> out.put(id, merge(onDisk.get(id), m, base.get(id))));
        return out;
    }

    private static ProviderStatsSnapshot merge(ProviderStatsSnapshot disk, ProviderStatsSnapshot mine,
                                               ProviderStatsSnapshot base) {
        ProviderStatsSnapshot d = disk == null ? zero(mine.providerId()) : disk;
        ProviderStatsSnapshot b = base == null ? zero(mine.providerId()) : base;
        boolean measured = mine.successes() > b.successes() && mine.avgLatencyMs() != b.avgLatencyMs()
                || disk == null;
        // time to first audio, like latency, cannot be added: this process's figure wins once it streamed
        boolean firstAudioMeasured = mine.avgFirstAudioMs() != b.avgFirstAudioMs() || disk == null;
        Map<String, Long> monthly = new TreeMap<>(d.monthlyCharacters());
        mine.monthlyCharacters().forEach((k, v) -> monthly.merge(k, v, Long::sum));
        b.monthlyCharacters().forEach((k, v) -> monthly.merge(k, -v, Long::sum));
        monthly.replaceAll((k, v) -> Math.max(0, v));
        monthly.values().removeIf(v -> v == 0);
        return new ProviderStatsSnapshot(d.providerId(),
                add(d.requests(), mine.requests(), b.requests()),
                add(d.successes(), mine.successes(), b.successes()),
                add(d.failures(), mine.failures(), b.failures()),
                add(d.skips(), mine.skips(), b.skips()),
                add(d.totalCharacters(), mine.totalCharacters(), b.totalCharacters()),
                Math.max(0, d.audioSeconds() + mine.audioSeconds() - b.audioSeconds()),
                measured ? mine.avgLatencyMs() : d.avgLatencyMs(),
                measured ? mine.p50LatencyMs() : d.p50LatencyMs(),
                measured ? mine.p95LatencyMs() : d.p95LatencyMs(),
                add(d.cacheHits(), mine.cacheHits(), b.cacheHits()),
                add(d.cacheMisses(), mine.cacheMisses(), b.cacheMisses()),
                later(d.lastUsed(), mine.lastUsed()),
                monthly,
                firstAudioMeasured ? mine.avgFirstAudioMs() : d.avgFirstAudioMs(),
                firstAudioMeasured ? mine.p50FirstAudioMs() : d.p50FirstAudioMs(),
                firstAudioMeasured ? mine.p95FirstAudioMs() : d.p95FirstAudioMs());
    }

    private static long add(long disk, long mine, long base) {
        return Math.max(0, disk + (mine - base));
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    static ProviderStatsSnapshot zero(String id) {
        return new ProviderStatsSnapshot(id, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Instant.EPOCH, Map.of());
    }
}
