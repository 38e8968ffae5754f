package io.voicerouter.cache;

import io.voicerouter.audio.AudioData;

import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Stores synthesized audio by {@link CacheKey}. Implementations are thread-safe, and identical
 * concurrent requests share one synthesis: while one caller runs {@code synthesis} for a key, other
 * callers of {@link #get(CacheKey, Callable)} with that key wait for its result. A failed synthesis
 * is not cached; every waiter sees its exception.
 */
public interface SynthesisCache extends AutoCloseable {

    /** The audio for {@code key}, computing and storing it on a miss. */
    Lookup get(CacheKey key, Callable<AudioData> synthesis) throws Exception;

    Optional<AudioData> getIfPresent(CacheKey key);

    void invalidateAll();

    @Override
    default void close() {
    }

    /**
     * The audio and whether it came from the cache (false for the caller that ran the synthesis), with
     * notes for the attempt trace, such as a shared tier that was skipped because its server was down.
     */
    record Lookup(AudioData audio, boolean hit, java.util.List<String> notes) {
        public Lookup {
            java.util.Objects.requireNonNull(audio, "audio");
            notes = java.util.List.copyOf(notes);
        }

        public Lookup(AudioData audio, boolean hit) {
            this(audio, hit, java.util.List.of());
        }
    }

    /** A cache that stores nothing: every call runs the synthesis. */
    static SynthesisCache none() {
        return NoCache.INSTANCE;
    }
}
