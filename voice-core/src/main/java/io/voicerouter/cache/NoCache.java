package io.voicerouter.cache;

import io.voicerouter.audio.AudioData;

import java.util.Optional;
import java.util.concurrent.Callable;

enum NoCache implements SynthesisCache {
    INSTANCE;

    @Override
    public Lookup get(CacheKey key, Callable<AudioData> synthesis) throws Exception {
        return new Lookup(synthesis.call(), false);
    }

    @Override
    public Optional<AudioData> getIfPresent(CacheKey key) {
        return Optional.empty();
    }

    @Override
    public void invalidateAll() {
    }
}
