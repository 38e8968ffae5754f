package io.voicerouter.router;

import io.voicerouter.audio.AudioData;
import io.voicerouter.cache.CacheKey;
import io.voicerouter.cache.SynthesisCache;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simplest correct SynthesisCache (one lock, no eviction), so router tests can see hits without
 * depending on the Caffeine implementation another module part provides.
 */
final class MapCache implements SynthesisCache {
    final ConcurrentHashMap<CacheKey, AudioData> entries = new ConcurrentHashMap<>();

    @Override
    public synchronized Lookup get(CacheKey key, Callable<AudioData> synthesis) throws Exception {
        AudioData hit = entries.get(key);
        if (hit != null) {
            return new Lookup(hit, true);
        }
        AudioData made = synthesis.call();
        entries.put(key, made);
        return new Lookup(made, false);
    }

    @Override
    public Optional<AudioData> getIfPresent(CacheKey key) {
        return Optional.ofNullable(entries.get(key));
    }

    @Override
    public void invalidateAll() {
        entries.clear();
    }
}
