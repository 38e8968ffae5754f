package io.voicerouter.router.internal;

import io.voicerouter.spi.QuotaBucket;

import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Free-tier character quotas per UTC calendar month. Counts live in each provider's
 * {@link ProviderStats} under {@code "YYYY-MM:<bucket>"}, so they are saved and restored with the
 * stats; this class alone knows that key. A call takes a {@link Reservation} before it reaches the
 * provider and either commits it (the characters stay billed) or releases it (they are given back),
 * under one lock, so concurrent requests cannot together overshoot a limit.
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

    /**
     * Why {@code billed} more characters from {@code bucket} would overshoot its monthly limit, or
     * empty when they fit now (a later {@link #reserve} may still find them taken).
     */
    Optional<String> wouldExceed(QuotaBucket bucket, long billed) {
        long limit = limit(bucket);
        long used = used(key(bucket));
        if (used + billed > limit) {
            return Optional.of(bucket.name() + ": " + used + " of " + limit
                    + " characters used this month, this request needs " + billed);
        }
        return Optional.empty();
    }

    /** Takes {@code billed} characters from the bucket for {@code owner}, or empty when they no longer fit. */
    synchronized Optional<Reservation> reserve(ProviderStats owner, QuotaBucket bucket, long billed) {
        String key = key(bucket);
        if (used(key) + billed > limit(bucket)) {
            return Optional.empty();
        }
        owner.addMonthly(key, billed);
        return Optional.of(new Reservation(owner, key, billed));
    }

    private long limit(QuotaBucket bucket) {
        return overrides.getOrDefault(bucket.name(), bucket.defaultCharactersPerMonth());
    }

    private String key(QuotaBucket bucket) {
        return month() + ":" + bucket.name();
    }

    private synchronized long used(String key) {
        long sum = 0;
        for (ProviderStats s : allStats.get()) {
            sum += s.monthly(key);
        }
        return sum;
    }

    /** Characters held for one call: committed when it spoke, released when it did not. Settles once. */
    final class Reservation {
        private final ProviderStats owner;
        private final String key;
        private final long billed;
        private boolean settled;

        private Reservation(ProviderStats owner, String key, long billed) {
            this.owner = owner;
            this.key = key;
            this.billed = billed;
        }

        void commit() {
            synchronized (QuotaLedger.this) {
                settled = true;
            }
        }

        /** Gives the characters back, unless already committed or released. */
        void release() {
            synchronized (QuotaLedger.this) {
                if (!settled) {
                    settled = true;
                    owner.addMonthly(key, -billed);
                }
            }
        }
    }
}
