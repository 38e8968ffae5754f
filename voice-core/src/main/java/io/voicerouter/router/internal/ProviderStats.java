package io.voicerouter.router.internal;

import io.voicerouter.stats.ProviderStatsSnapshot;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * The live counters of one provider. Thread-safe: counters are {@link LongAdder}s, so many request
 * threads record without contention and without lost counts; the latency average and window share
 * one small lock because an EWMA update is a read-modify-write.
 *
 * <p>What counts where: {@code requests} are the times the router handed a request to this provider
 * (cache hits included), each ending in exactly one success or failure, or none when the request was
 * cancelled meanwhile; {@code skips} are times it was passed over. Latency, characters, audio seconds
 * and billed characters describe real syntheses only, never cache hits.
 *
 * <p>Only the router records: the mutators are package-private, hosts read {@link #snapshot()}.
 *
 * <p>{@code monthlyCharacters} holds two kinds of key: {@code "YYYY-MM"} (characters billed by this
 * provider in that UTC month) and {@code "YYYY-MM:<quota bucket>"} (the part of it drawn from one
 * free-tier bucket, which the router's quota check reads).
 */
final class ProviderStats {
    /** The seed's smoothing factor for {@code avg_latency_ms}. */
    static final double EWMA_ALPHA = 0.1;
    /** How many recent latencies p50/p95 are computed over. */
    static final int LATENCY_WINDOW = 256;

    private final String providerId;
    private final LongAdder requests = new LongAdder();
    private final LongAdder successes = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder skips = new LongAdder();
    private final LongAdder characters = new LongAdder();
    private final DoubleAdder audioSeconds = new DoubleAdder();
    private final LongAdder cacheHits = new LongAdder();
    private final LongAdder cacheMisses = new LongAdder();
    private final AtomicReference<Instant> lastUsed = new AtomicReference<>(Instant.EPOCH);
    private final ConcurrentHashMap<String, Long> monthly = new ConcurrentHashMap<>();

    private final Object latencyLock = new Object();
    // Both under latencyLock: a snapshot reads them together.
    private final Timings latency = new Timings();
    /** Time to first audio of streamed syntheses. */
    private final Timings firstAudio = new Timings();

    ProviderStats(String providerId) {
        this.providerId = Objects.requireNonNull(providerId, "providerId");
    }

    /** Counters that continue from a saved snapshot (the latency window itself is not saved). */
    static ProviderStats restore(ProviderStatsSnapshot s) {
        ProviderStats p = new ProviderStats(s.providerId());
        p.requests.add(s.requests());
        p.successes.add(s.successes());
        p.failures.add(s.failures());
        p.skips.add(s.skips());
        p.characters.add(s.totalCharacters());
        p.audioSeconds.add(s.audioSeconds());
        p.cacheHits.add(s.cacheHits());
        p.cacheMisses.add(s.cacheMisses());
        p.lastUsed.set(s.lastUsed());
        p.monthly.putAll(s.monthlyCharacters());
        p.latency.restore(s.successes() > 0 && s.avgLatencyMs() > 0, s.avgLatencyMs(), s.p50LatencyMs(),
                s.p95LatencyMs());
        p.firstAudio.restore(s.avgFirstAudioMs() > 0, s.avgFirstAudioMs(), s.p50FirstAudioMs(), s.p95FirstAudioMs());
        return p;
    }

    String providerId() {
        return providerId;
    }

    void recordSkip() {
        skips.increment();
    }

    /** The provider (or the cache on its behalf) served a request. */
    void recordSuccess(Instant at) {
        requests.increment();
        successes.increment();
        lastUsed.accumulateAndGet(at, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** The provider failed a request, after any retries. */
    void recordFailure() {
        requests.increment();
        failures.increment();
    }

    /** A request reached the provider and was then cancelled by its caller: neither success nor failure. */
    void recordCancelled() {
        requests.increment();
    }

    void recordCacheLookup(boolean hit) {
        (hit ? cacheHits : cacheMisses).increment();
    }

    /**
     * One real synthesis: its latency feeds the EWMA (first value taken as is, then
     * {@code avg = 0.1 * latency + 0.9 * avg}, as in the seed) and the percentile window.
     */
    void recordSynthesis(double latencyMs, long chars, double seconds, String month, long billed) {
        characters.add(chars);
        audioSeconds.add(seconds);
        monthly.merge(month, billed, Long::sum);
        synchronized (latencyLock) {
            latency.record(latencyMs);
        }
    }

    /** A streamed synthesis: the time from calling the provider to its first chunk of audio. */
    void recordFirstAudio(double ms) {
        synchronized (latencyLock) {
            firstAudio.record(ms);
        }
    }

    /** Adds (or, with a negative delta, refunds) characters under a monthly key. */
    void addMonthly(String key, long delta) {
        monthly.merge(key, delta, Long::sum);
    }

    long monthly(String key) {
        return monthly.getOrDefault(key, 0L);
    }

    ProviderStatsSnapshot snapshot() {
        double[] lat;
        double[] ttfa;
        synchronized (latencyLock) {
            lat = latency.summary();
            ttfa = firstAudio.summary();
        }
        Map<String, Long> months = new TreeMap<>(monthly);
        months.values().removeIf(v -> v == 0);
        return new ProviderStatsSnapshot(providerId, requests.sum(), successes.sum(), failures.sum(), skips.sum(),
                characters.sum(), audioSeconds.sum(), lat[0], lat[1], lat[2], cacheHits.sum(), cacheMisses.sum(),
                lastUsed.get(), months, ttfa[0], ttfa[1], ttfa[2]);
    }

    /** Nearest-rank percentile over sorted values. */
    static double percentile(double[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /**
     * One series of times: the seed's EWMA (first value taken as is, then {@code avg = 0.1 * t +
     * 0.9 * avg}) and a window of the last {@link #LATENCY_WINDOW} for p50/p95. Percentiles restored
     * from a saved snapshot are reported until this process has times of its own. Not thread-safe:
     * the owner holds its lock.
     */
    private static final class Timings {
        private final double[] window = new double[LATENCY_WINDOW];
        private int size;
        private int next;
        private boolean any;
        private double ewmaMs;
        private double restoredP50;
        private double restoredP95;

        void restore(boolean hasAverage, double averageMs, double p50, double p95) {
            any = hasAverage;
            ewmaMs = averageMs;
            restoredP50 = p50;
            restoredP95 = p95;
        }

        void record(double ms) {
            ewmaMs = any ? EWMA_ALPHA * ms + (1 - EWMA_ALPHA) * ewmaMs : ms;
            any = true;
            window[next] = ms;
            next = (next + 1) % window.length;
            size = Math.min(size + 1, window.length);
        }

        /** {average, p50, p95} in milliseconds; average 0 before any time. */
        double[] summary() {
            if (size == 0) {
                return new double[] {any ? ewmaMs : 0, restoredP50, restoredP95};
            }
            double[] sorted = Arrays.copyOf(window, size);
            Arrays.sort(sorted);
            return new double[] {any ? ewmaMs : 0, percentile(sorted, 0.50), percentile(sorted, 0.95)};
        }
    }
}
