package io.voicerouter.cli;

import io.voicerouter.cache.SynthesisCache;
import io.voicerouter.cache.TieredSynthesisCache;
import io.voicerouter.cache.redis.RedisSynthesisCache;
import io.voicerouter.store.jdbc.VoiceStore;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;

/** Where shared state lives: the personality database and the Redis cache tier. */
final class SharedStateOptions {
    @Option(names = "--store", arity = "0..1", fallbackValue = "", paramLabel = "URL",
            defaultValue = "${env:VOICEROUTER_STORE_URL}",
            description = "Keep personalities, stats and quotas in a database shared by every process: without URL"
                    + " SQLite in the data directory; or postgresql://user:password@host:5432/db"
                    + " (default: $VOICEROUTER_STORE_URL, which keeps the password off the command line).")
    String store;

    @Option(names = "--store-pool-size", paramLabel = "N", description = "Database connections at most (default 4 for SQLite, 10 for PostgreSQL).")
    Integer storePoolSize;

    @Option(names = "--redis", paramLabel = "URL", defaultValue = "${env:VOICEROUTER_REDIS_URL}",
            description = "Share synthesized audio through Redis, behind the memory tier: redis://[user:password@]host:6379"
                    + " (default: $VOICEROUTER_REDIS_URL).")
    String redis;

    @Option(names = "--redis-pool-size", paramLabel = "N", description = "Redis connections at most (default 16).")
    Integer redisPoolSize;

    boolean hasStore() {
        return store != null;
    }

    /** The store, when one was asked for; the caller closes it. */
    Optional<VoiceStore> openStore(Path dataDirectory) {
        if (store == null) {
            return Optional.empty();
        }
        VoiceStore.Builder b = VoiceStore.builder();
        if (store.isBlank()) {
            b.embedded(dataDirectory);
        } else {
            b.url(store);
        }
        if (storePoolSize != null) {
            b.maximumPoolSize(storePoolSize);
        }
        return Optional.of(b.build());
    }

    /** The cache: Redis behind a memory tier when asked for, else none (the CLI speaks one line). */
    SynthesisCache cache() {
        if (redis == null || redis.isBlank()) {
            return SynthesisCache.none();
        }
        RedisSynthesisCache.Builder b = RedisSynthesisCache.builder().url(redis)
                .front(TieredSynthesisCache.builder().build());
        if (redisPoolSize != null) {
            b.maximumPoolSize(redisPoolSize);
        }
        return b.build();
    }
}
