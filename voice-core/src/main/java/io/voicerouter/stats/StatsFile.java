package io.voicerouter.stats;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON document of {@link JsonFileStatsStore}, kept apart from {@link ProviderStatsSnapshot} so
 * the public record can grow without breaking old files: a field missing from an older file reads
 * as zero, empty or the epoch instead of failing.
 */
record StatsFile(int formatVersion, Map<String, Entry> providers) {
    static final int VERSION = 1;

    static StatsFile of(Map<String, ProviderStatsSnapshot> snapshot) {
        Map<String, Entry> out = new TreeMap<>();
        snapshot.forEach((id, s) -> out.put(id, new Entry(s.providerId(), s.requests(), s.successes(),
                s.failures(), s.skips(), s.totalCharacters(), s.audioSeconds(), s.avgLatencyMs(),
                s.p50LatencyMs(), s.p95LatencyMs(), s.cacheHits(), s.cacheMisses(), s.lastUsed(),
                new TreeMap<>(s.monthlyCharacters()), s.avgFirstAudioMs(), s.p50FirstAudioMs(),
                s.p95FirstAudioMs())));
        return new StatsFile(VERSION, out);
    }

    Map<String, ProviderStatsSnapshot> toSnapshots() {
        Map<String, ProviderStatsSnapshot> out = new LinkedHashMap<>();
        if (providers != null) {
            providers.forEach((id, e) -> out.put(id, e.toSnapshot(id)));
        }
        return out;
    }

    record Entry(String providerId, long requests, long successes, long failures, long skips,
                 long totalCharacters, double audioSeconds, double avgLatencyMs, double p50LatencyMs,
                 double p95LatencyMs, long cacheHits, long cacheMisses, Instant lastUsed,
                 Map<String, Long> monthlyCharacters, double avgFirstAudioMs, double p50FirstAudioMs,
                 double p95FirstAudioMs) {

        ProviderStatsSnapshot toSnapshot(String id) {
            Map<String, Long> monthly = new TreeMap<>();
            if (monthlyCharacters != null) {
                monthlyCharacters.forEach((k, v) -> {
                    if (k != null && v != null) {
                        monthly.put(k, v);
                    }
                });
            }
            return new ProviderStatsSnapshot(providerId == null ? id : providerId, requests, successes, failures,
                    skips, totalCharacters, audioSeconds, avgLatencyMs, p50LatencyMs, p95LatencyMs, cacheHits,
                    cacheMisses, lastUsed == null ? Instant.EPOCH : lastUsed, monthly, avgFirstAudioMs,
                    p50FirstAudioMs, p95FirstAudioMs);
        }
    }
}
