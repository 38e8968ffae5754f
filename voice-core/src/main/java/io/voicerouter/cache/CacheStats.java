package io.voicerouter.cache;

/**
 * Counters of one {@link TieredSynthesisCache} since it was built.
 *
 * @param hits                  lookups answered without running a synthesis: from memory, from disk,
 *                              or by sharing a synthesis another caller was already running
 * @param misses                lookups that ran the synthesis (failed ones included)
 * @param diskHits              the part of {@code hits} read from the disk tier
 * @param memoryEvictions       entries the memory tier dropped for size or age
 * @param diskEvictions         files the disk tier deleted to stay under its size cap
 * @param corruptEntriesDropped disk files that failed validation and were deleted unserved
 * @param memoryBytes           weighted size of the memory tier now
 * @param diskBytes             approximate bytes in the disk tier now; 0 without one
 */
public record CacheStats(long hits, long misses, long diskHits, long memoryEvictions, long diskEvictions,
                         long corruptEntriesDropped, long memoryBytes, long diskBytes) {

    /** Hits over lookups, in [0, 1]; 0 before the first lookup. */
    public double hitRate() {
        long lookups = hits + misses;
        return lookups == 0 ? 0.0 : (double) hits / lookups;
    }
}
