package io.voicerouter.cache.redis;

/**
 * Counters of the Redis tier in this process: {@code hits} (audio another instance or an earlier
 * request stored), {@code misses} (this instance ran the synthesis), {@code sharedWaits} (waited
 * for another instance's synthesis of the same line and got its audio), {@code skipped} (lookups
 * that went around Redis because it was down) and {@code errors} (failed Redis commands).
 */
public record RedisCacheStats(long hits, long misses, long sharedWaits, long skipped, long errors) {
}
