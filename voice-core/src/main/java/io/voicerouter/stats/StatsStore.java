package io.voicerouter.stats;

import java.util.Map;
import java.util.Optional;

/**
 * Keeps provider statistics across restarts. The router loads once at start and saves after
 * changes (possibly batched). Implementations must be thread-safe and must write atomically: a
 * crash mid-save leaves the previous snapshot readable.
 */
public interface StatsStore {
    /** The last saved snapshot per provider id; empty when nothing was saved yet. */
    Map<String, ProviderStatsSnapshot> load();

    void save(Map<String, ProviderStatsSnapshot> snapshot);

    /**
     * Why the last {@link #load()} could not return the saved counters (a damaged file, say); empty
     * when it could. The router then treats every monthly quota as unknown and skips the providers
     * that have one (skip reason {@code QUOTA_UNKNOWN}) rather than count again from zero: a lost
     * quota counter is money. It stays so until the store is repaired and the router rebuilt.
     */
    default Optional<String> damage() {
        return Optional.empty();
    }
}
