package io.voicerouter.router.internal;

import io.voicerouter.spi.QuotaBucket;
import io.voicerouter.state.QuotaReservation;
import io.voicerouter.state.QuotaStore;
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
 * Free-tier character quotas per UTC calendar month. Without a shared store, counts live in each
 * provider's {@link ProviderStats} under {@code "YYYY-MM:<bucket>"}, so they are saved and restored
 * with the stats; this class alone knows that key. With a shared {@link QuotaStore} the store decides
 * (atomically across processes) and the local stats only mirror this process's share for display.
 *
 * <p>A call takes a {@link Reservation} before it reaches the provider and either commits it (the
 * characters stay billed) or releases it (they are given back), so concurrent requests cannot
 * together overshoot a limit.
 */
final class QuotaLedger {
    private static final Logger LOG = LoggerFactory.getLogger("io.voicerouter.router.VoiceRouter");

    private final Clock clock;
    private final Map<String, Long> overrides;
    private final Supplier<Collection<ProviderStats>> allStats;
    private final QuotaStore store;
    /** Why the saved counts are unknown (a damaged stats file), or null: quota'd providers then fail closed. */
    private final String unknown;

    QuotaLedger(Clock clock, Map<String, Long> overrides, Supplier<Collection<ProviderStats>> allStats,
                Optional<QuotaStore> store, Optional<String> unknown) {
        this.clock = clock;
        this.overrides = Map.copyOf(overrides);
        this.allStats = allStats;
        this.store = store.orElse(null);
        this.unknown = unknown.orElse(null);
    }

    /** The current UTC month, {@code "2026-11"}. */
    String month() {
        return YearMonth.from(clock.instant().atZone(ZoneOffset.UTC)).toString();
    }

    /**
     * Why {@code billed} more characters from {@code bucket} may not be spent now, or empty when they
     * fit (a later {@link #reserve} may still find them taken). Fails closed: unknown or unreadable
     * counts refuse the call.
     */
    Optional<String> refusal(QuotaBucket bucket, long billed) {
        if (unknown != null) {
            return Optional.of(bucket.name() + ": this month's usage is unknown because the " + unknown
                    + "; repair or reset the stats (voice stats repair / voice stats reset) and restart");
        }
        long limit = limit(bucket);
        long used;
        try {
            used = used(bucket);
        } catch (RuntimeException e) {
            return Optional.of("the shared quota store could not be read: " + GuardedProvider.describe(e));
        }
        if (used + billed > limit) {
            return Optional.of(bucket.name() + ": " + used + " of " + limit
                    + " characters used this month, this request needs " + billed);
        }
        return Optional.empty();
    }

    /** Whether a refusal means the counts are unknown rather than used up. */
    boolean countsUnknown() {
        return unknown != null;
    }

    /** Takes {@code billed} characters from the bucket for {@code owner}, or empty when they no longer fit. */
    Optional<Reservation> reserve(ProviderStats owner, QuotaBucket bucket, long billed) {
        String month = month();
        String key = month + ":" + bucket.name();
        long limit = limit(bucket);
        if (store == null) {
            synchronized (this) {
                if (localUsed(key) + billed > limit) {
                    return Optional.empty();
                }
                owner.addMonthly(key, billed);
            }
            return Optional.of(new Reservation(owner, key, billed, null));
        }
        Optional<QuotaReservation> r = store.reserve(month, bucket.name(), billed, limit);
        if (r.isEmpty()) {
            return Optional.empty();
        }
        synchronized (this) {
            owner.addMonthly(key, billed);
        }
        return Optional.of(new Reservation(owner, key, billed, r.get()));
    }

    private long limit(QuotaBucket bucket) {
        return overrides.getOrDefault(bucket.name(), bucket.defaultCharactersPerMonth());
    }

    /** @throws io.voicerouter.state.StateStoreException when a shared store cannot be read */
    private long used(QuotaBucket bucket) {
        if (store != null) {
            return store.used(month(), bucket.name());
        }
        synchronized (this) {
            return localUsed(month() + ":" + bucket.name());
        }
    }

    private long localUsed(String key) {
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
        private final QuotaReservation shared;
        private boolean settled;

        private Reservation(ProviderStats owner, String key, long billed, QuotaReservation shared) {
            this.owner = owner;
            this.key = key;
            this.billed = billed;
            this.shared = shared;
        }

        void commit() {
            synchronized (QuotaLedger.this) {
                if (settled) {
                    return;
                }
                settled = true;
            }
            if (shared != null) {
                try {
                    store.commit(shared);
                } catch (RuntimeException e) {
                    // The call was made and billed; the reservation still holds the characters until it expires.
                    LOG.warn("Committing a quota reservation of {} failed: {}", shared.bucket(), GuardedProvider.describe(e));
                }
            }
        }

        /** Gives the characters back, unless already committed or released. */
        void release() {
            synchronized (QuotaLedger.this) {
                if (settled) {
                    return;
                }
                settled = true;
                owner.addMonthly(key, -billed);
            }
            if (shared != null) {
                try {
                    store.refund(shared);
                } catch (RuntimeException e) {
                    LOG.warn("Refunding a quota reservation of {} failed; it lapses at {}: {}", shared.bucket(),
                            shared.expiresAt(), GuardedProvider.describe(e));
                }
            }
        }
    }
}
