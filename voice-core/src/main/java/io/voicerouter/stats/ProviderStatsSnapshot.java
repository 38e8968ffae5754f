package io.voicerouter.stats;

import io.voicerouter.config.ProviderUsage;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One provider's counters at one moment. {@code avgLatencyMs} is the seed's EWMA (alpha 0.1) over
 * successful syntheses; p50/p95 come from recent successful latencies. {@code monthlyCharacters}
 * maps a UTC calendar month ("2026-11") to the characters billed in it, and "2026-11:&lt;quota bucket&gt;"
 * (e.g. "2026-11:google_tts/standard") to the part drawn from that free-tier bucket, which quotas are
 * checked against; both survive a restart through a {@link StatsStore}. {@code avgFirstAudioMs} (EWMA)
 * and its p50/p95 are the time from calling the provider to its first chunk of audio in streamed
 * requests ({@code VoiceRouter.stream}); zero when it never streamed.
 */
public record ProviderStatsSnapshot(String providerId,
                                    long requests,
                                    long successes,
                                    long failures,
                                    long skips,
                                    long totalCharacters,
                                    double audioSeconds,
                                    double avgLatencyMs,
                                    double p50LatencyMs,
                                    double p95LatencyMs,
                                    long cacheHits,
                                    long cacheMisses,
                                    Instant lastUsed,
                                    Map<String, Long> monthlyCharacters,
                                    double avgFirstAudioMs,
                                    double p50FirstAudioMs,
                                    double p95FirstAudioMs) {
    public ProviderStatsSnapshot {
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(lastUsed, "lastUsed");
        monthlyCharacters = Map.copyOf(monthlyCharacters);
    }

    /** A snapshot without time-to-first-audio figures (a provider that never streamed, an older store). */
    public ProviderStatsSnapshot(String providerId, long requests, long successes, long failures, long skips,
                                 long totalCharacters, double audioSeconds, double avgLatencyMs,
                                 double p50LatencyMs, double p95LatencyMs, long cacheHits, long cacheMisses,
                                 Instant lastUsed, Map<String, Long> monthlyCharacters) {
        this(providerId, requests, successes, failures, skips, totalCharacters, audioSeconds, avgLatencyMs,
                p50LatencyMs, p95LatencyMs, cacheHits, cacheMisses, lastUsed, monthlyCharacters, 0, 0, 0);
    }

    /**
     * The seed's {@code voice_config.stats} entry: {@code total_generations} = successes,
     * {@code total_characters}, {@code avg_latency_ms} (EWMA), {@code failures}, {@code last_used}
     * (absent when never used).
     */
    public ProviderUsage toUsage() {
        Optional<Instant> last = lastUsed.equals(Instant.EPOCH) ? Optional.empty() : Optional.of(lastUsed);
        return new ProviderUsage(successes, totalCharacters, avgLatencyMs, failures, last, Map.of());
    }

    /** Successes over requests that reached the provider, in [0, 1]; 1 when none did. */
    public double successRate() {
        long called = successes + failures;
        return called == 0 ? 1.0 : (double) successes / called;
    }

    /** Cache hits over lookups, in [0, 1]; 0 when there were none. */
    public double cacheHitRate() {
        long lookups = cacheHits + cacheMisses;
        return lookups == 0 ? 0.0 : (double) cacheHits / lookups;
    }
}
