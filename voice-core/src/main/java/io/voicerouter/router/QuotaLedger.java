package io.voicerouter.router;

import io.voicerouter.stats.ProviderStats;

import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Free-tier character quotas per UTC calendar month. Counts live in each provider's
 * {@link ProviderStats} under {@code "YYYY-MM:<bucket>"}, so they are saved and restored with the
 * stats. Characters are reserved before a call and refunded if it fails, under one lock, so
 * concurrent requests cannot together overshoot a limit.
 */
final class QuotaLedger {
    private final Clock clock;
    private final Map<String, Long> overrides;
    private final Supplier<Collection<ProviderStats>> allStats;

    QuotaLedger(Clock clock, Map<String, Long> overrides, Supplier<Collection<ProviderStats>> allStats) {
        this.clock = clock;
        this.overrides = Map.copyOf(overrides);
        this.allStats = allStats;
    }

    /** The current UTC month, {@code "2026-11"}. */
    String month() {
        return YearMonth.from(clock.instant().atZone(ZoneOffset.UTC)).toString();
    }

    static String key(String month, String bucket) {
        return month + ":" + bucket;
    }

    long limit(String bucket, long defaultLimit) {
        return overrides.getOrDefault(bucket, defaultLimit);
    }

    synchronized long used(String key) {
        long sum = 0;
        for (ProviderStats s : allStats.get()) {
            sum += s.monthly(key);
        }
        return sum;
    }

    synchronized boolean tryReserve(ProviderStats owner, String key, long billed, long limit) {
        if (used(key) + billed > limit) {
            return false;
        }
        owner.addMonthly(key, billed);
        return true;
    }

    synchronized void refund(ProviderStats owner, String key, long billed) {
        owner.addMonthly(key, -billed);
    }
}
