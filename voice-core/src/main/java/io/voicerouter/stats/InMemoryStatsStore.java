package io.voicerouter.stats;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps the last saved snapshot in memory: the router's default, and the way for tests to simulate
 * a restart (build a second router on the same store). Thread-safe; a save replaces the whole map
 * at once, so a reader never sees half of one.
 */
public final class InMemoryStatsStore implements StatsStore {
    private final AtomicReference<Map<String, ProviderStatsSnapshot>> saved = new AtomicReference<>(Map.of());

    @Override
    public Map<String, ProviderStatsSnapshot> load() {
        return saved.get();
    }

    @Override
    public void save(Map<String, ProviderStatsSnapshot> snapshot) {
        saved.set(Map.copyOf(snapshot));
    }
}
