package io.voicerouter.router;

import io.voicerouter.state.QuotaReservation;
import io.voicerouter.state.QuotaStore;
import io.voicerouter.stats.ProviderStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * stats. Characters are reserved before a call and refunded if it fails, under one lock, so
 * concurrent requests cannot together overshoot a limit.
 *
 * <p>With a shared {@link QuotaStore} the store decides instead (atomically across processes) and
 * the local stats only mirror this process's share for display.
 */
final class QuotaLedger {
    private static final Logger LOG = LoggerFactory.getLogger(VoiceRouter.class);

    private final Clock clock;
    private final Map<String, Long> overrides;
    private final Supplier<Collection<ProviderStats>> allStats;
    private final QuotaStore store;

    QuotaLedger(Clock clock, Map<String, Long> overrides, Supplier<Collection<ProviderStats>> allStats,
                QuotaStore store) {
        this.clock = clock;
        this.overrides = Map.copyOf(overrides);
        this.allStats = allStats;
        this.store = store;
    }

    /** Characters held for one call: committed when it was billed, refunded when not. */
    interface Hold {
        void commit();

        void refund();
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

    /** @throws io.voicerouter.state.StateStoreException when a shared store cannot be read */
    long used(String key) {
        if (store != null) {
            int colon = key.indexOf(':');
            return store.used(key.substring(0, colon), key.substring(colon + 1));
        }
        synchronized (this) {
            return localUsed(key);
        }
    }

    private long localUsed(String key) {
        long sum = 0;
        for (ProviderStats s : allStats.get()) {
            sum += s.monthly(key);
        }
        return sum;
    }

    /** The hold, or null when the quota has no room. */
    Hold tryReserve(ProviderStats owner, String key, long billed, long limit) {
        if (store == null) {
            synchronized (this) {
                if (localUsed(key) + billed > limit) {
                    return null;
                }
                owner.addMonthly(key, billed);
            }
            return new Hold() {
                @Override
                public void commit() {
                }

                @Override
                public void refund() {
                    synchronized (QuotaLedger.this) {
                        owner.addMonthly(key, -billed);
                    }
                }
            };
        }
        int colon = key.indexOf(':');
        Optional<QuotaReservation> r = store.reserve(key.substring(0, colon), key.substring(colon + 1), billed, limit);
        if (r.isEmpty()) {
            return null;
        }
        owner.addMonthly(key, billed);
        QuotaReservation reservation = r.get();
        return new Hold() {
            @Override
            public void commit() {
                try {
                    store.commit(reservation);
                } catch (RuntimeException e) {
                    // The call was made and billed; the reservation still holds the characters until it expires.
                    LOG.warn("Committing a quota reservation of {} failed: {}", reservation.bucket(),
                            ProviderSlot.describe(e));
                }
            }

            @Override
            public void refund() {
                owner.addMonthly(key, -billed);
                try {
                    store.refund(reservation);
                } catch (RuntimeException e) {
                    LOG.warn("Refunding a quota reservation of {} failed; it lapses at {}: {}", reservation.bucket(),
                            reservation.expiresAt(), ProviderSlot.describe(e));
                }
            }
        };
    }
}
