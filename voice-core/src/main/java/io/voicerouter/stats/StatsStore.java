package io.voicerouter.stats;

import java.util.Map;

/**
 * Keeps provider statistics across restarts. The router loads once at start and saves after
 * changes (possibly batched). Implementations must be thread-safe and must write atomically: a
 * crash mid-save leaves the previous snapshot readable.
 */
public interface StatsStore {
    /** The last saved snapshot per provider id; empty when nothing was saved yet. */
    Map<String, ProviderStatsSnapshot> load();

    void save(Map<String, ProviderStatsSnapshot> snapshot);
}
