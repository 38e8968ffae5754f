package io.voicerouter.cache.redis;

import io.voicerouter.audio.AudioData;
import io.voicerouter.cache.CacheKey;
import io.voicerouter.cache.SynthesisCache;
import io.voicerouter.cache.TieredSynthesisCache;
import io.voicerouter.state.StateStoreException;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A shared synthesis cache for many instances: the local tiers (memory, disk) in front, Redis
 * behind them. Audio made on one instance is a hit on every other; identical requests on several
 * instances at once run one synthesis: the first takes a lock key ({@code SET NX PX}), the others
 * wait for its audio to appear, and take over if its lock lapses without audio (it failed or died).
 *
 * <pre>{@code
 * SynthesisCache cache = RedisSynthesisCache.builder()
 *         .url("redis://cache.internal:6379")
 *         .front(TieredSynthesisCache.builder().maximumMemoryBytes(64L << 20).build())
 *         .timeToLive(Duration.ofDays(7))
 *         .build();
 * }</pre>
 *
 * <p>Eviction: every entry expires after {@link Builder#timeToLive}; clips larger than
 * {@link Builder#maximumEntryBytes} are not stored in Redis; the server's own bound
 * ({@code maxmemory} with an {@code allkeys-lru} or {@code volatile-lru} policy) caps the total.
 *
 * <p>Redis is never in the way: when a command fails, the request goes on without the tier, the
 * attempt trace says so ("cache tier redis skipped: ..."), and Redis is left alone for
 * {@link Builder#retryAfter} before it is tried again. Thread-safe; {@link #close()} closes the
 * connection pool and the front cache.
 */
public final class RedisSynthesisCache implements SynthesisCache {
    private static final Logger LOG = LoggerFactory.getLogger(RedisSynthesisCache.class);
    /** Deletes the lock only if it is still ours: a lapsed lock may belong to another instance now. */
    private static final byte[] RELEASE = ("if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('del', KEYS[1]) else return 0 end").getBytes(StandardCharsets.UTF_8);

    private final JedisPooled redis;
    private final SynthesisCache front;
    private final String prefix;
    private final Duration ttl;
    private final Duration lockTime;
    private final Duration retryAfter;
    private final long maxEntryBytes;
    private final String safeUrl;
    private final AtomicLong downUntilNanos = new AtomicLong(System.nanoTime()); // up
    private volatile String downReason = "";
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder sharedWaits = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final LongAdder errors = new LongAdder();

    private RedisSynthesisCache(Builder b, JedisPooled redis) {
        this.redis = redis;
        this.front = b.front;
        this.prefix = b.keyPrefix;
        this.ttl = b.timeToLive;
        this.lockTime = b.lockTime;
        this.retryAfter = b.retryAfter;
        this.maxEntryBytes = b.maximumEntryBytes;
        this.safeUrl = redact(b.url);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Runs one lookup through the front tiers and, on their miss, through Redis. */
    @Override
    public Lookup get(CacheKey key, Callable<AudioData> synthesis) throws Exception {
        Objects.requireNonNull(synthesis, "synthesis");
        String id = key.normalized().digest();
        Behind behind = new Behind(id, synthesis);
        Lookup local = front.get(key, behind::load);
        // The front calls us only on its own miss; whether that was a hit is ours to say.
        boolean hit = local.hit() || !behind.synthesized;
        return new Lookup(local.audio(), hit, behind.notes);
    }

    /** What happens behind the front tiers for one lookup; used by one thread. */
    private final class Behind {
        final String id;
        final Callable<AudioData> synthesis;
        final List<String> notes = new ArrayList<>();
        boolean synthesized;

        Behind(String id, Callable<AudioData> synthesis) {
            this.id = id;
            this.synthesis = synthesis;
        }

        AudioData load() throws Exception {
            if (isDown()) {
                skipped.increment();
                notes.add("cache tier redis skipped: unavailable (" + downReason + ")");
                return synthesize();
            }
            try {
                return shared();
            } catch (JedisException e) {
                markDown(e);
                notes.add("cache tier redis skipped: " + describe(e));
                return synthesized ? lastAudio : synthesize();
            }
        }

        private AudioData lastAudio;

        private AudioData synthesize() throws Exception {
            synthesized = true;
            lastAudio = Objects.requireNonNull(synthesis.call(), "the synthesis returned null");
            return lastAudio;
        }

        private AudioData shared() throws Exception {
            byte[] dataKey = dataKey(id);
            byte[] lockKey = lockKey(id);
            long waitStart = System.nanoTime();
            boolean waited = false;
            while (true) {
                Optional<AudioData> stored = read(dataKey);
                if (stored.isPresent()) {
                    (waited ? sharedWaits : hits).increment();
                    return stored.get();
                }
                byte[] token = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
                if ("OK".equals(redis.set(lockKey, token, SetParams.setParams().nx().px(lockTime.toMillis())))) {
                    return lead(dataKey, lockKey, token);
                }
                // Another instance is making this line: wait for its audio, or for its lock to go.
                waited = true;
                if (System.nanoTime() - waitStart > 2 * lockTime.toNanos()) {
                    notes.add("cache tier redis: gave up waiting for another instance's synthesis");
                    misses.increment();
                    return synthesize();
                }
                Thread.sleep(Math.min(50, 5 + (System.nanoTime() - waitStart) / 20_000_000L));
            }
        }

        private AudioData lead(byte[] dataKey, byte[] lockKey, byte[] token) throws Exception {
            try {
                Optional<AudioData> stored = read(dataKey); // finished between our read and our lock
                if (stored.isPresent()) {
                    hits.increment();
                    return stored.get();
                }
                misses.increment();
                AudioData audio = synthesize();
                byte[] bytes = AudioBytes.encode(audio);
                if (bytes.length <= maxEntryBytes) {
                    redis.set(dataKey, bytes, SetParams.setParams().px(ttl.toMillis()));
                } else {
                    notes.add("cache tier redis: clip of " + bytes.length + " bytes is over the "
                            + maxEntryBytes + "-byte entry limit, not shared");
                }
                return audio;
            } finally {
                try {
                    redis.eval(RELEASE, List.of(lockKey), List.of(token));
                } catch (JedisException e) {
                    // the lock lapses by itself after lockTime
                    errors.increment();
                }
            }
        }
    }

    private Optional<AudioData> read(byte[] dataKey) {
        byte[] bytes = redis.get(dataKey);
        if (bytes == null) {
            return Optional.empty();
        }
        Optional<AudioData> audio = AudioBytes.decode(bytes);
        if (audio.isEmpty()) {
            LOG.warn("Dropping an unreadable entry from the Redis synthesis cache");
            redis.del(dataKey);
        }
        return audio;
    }

    /** The front tiers, then Redis (copying a Redis hit into the front); never synthesizes. */
    @Override
    public Optional<AudioData> getIfPresent(CacheKey key) {
        Optional<AudioData> local = front.getIfPresent(key);
        if (local.isPresent() || isDown()) {
            return local;
        }
        try {
            Optional<AudioData> stored = read(dataKey(key.normalized().digest()));
            if (stored.isPresent()) {
                hits.increment();
                front.get(key, stored::get);
            }
            return stored;
        } catch (JedisException e) {
            markDown(e);
            return Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** Empties the front tiers and deletes this cache's keys (by prefix) from Redis. */
    @Override
    public void invalidateAll() {
        front.invalidateAll();
        try {
            ScanParams match = new ScanParams().match(prefix + "*").count(500);
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = redis.scan(cursor, match);
                if (!page.getResult().isEmpty()) {
                    redis.unlink(page.getResult().toArray(String[]::new));
                }
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        } catch (JedisException e) {
            markDown(e);
            throw new StateStoreException("cannot clear the Redis synthesis cache " + safeUrl + ": " + describe(e), e);
        }
    }

    public RedisCacheStats stats() {
        return new RedisCacheStats(hits.sum(), misses.sum(), sharedWaits.sum(), skipped.sum(), errors.sum());
    }

    @Override
    public void close() {
        try {
            redis.close();
        } finally {
            front.close();
        }
    }

    @Override
    public String toString() {
        return "RedisSynthesisCache[" + safeUrl + ", " + stats() + "]";
    }

    private byte[] dataKey(String id) {
        return (prefix + "audio:" + id).getBytes(StandardCharsets.US_ASCII);
    }

    private byte[] lockKey(String id) {
        return (prefix + "lock:" + id).getBytes(StandardCharsets.US_ASCII);
    }

    private boolean isDown() {
        return System.nanoTime() - downUntilNanos.get() < 0;
    }

    private void markDown(JedisException e) {
        errors.increment();
        downReason = describe(e);
        downUntilNanos.set(System.nanoTime() + retryAfter.toNanos());
        LOG.warn("Redis synthesis cache {} failed; going without it for {} s: {}", safeUrl, retryAfter.toSeconds(),
                downReason);
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage();
        return root.getClass().getSimpleName() + (msg == null ? "" : ": " + redact(msg));
    }

    /** Drops user info (password) from anything URL-like. */
    static String redact(String text) {
        return text.replaceAll("//[^/@\\s]*@", "//***@");
    }

    /** Options of a {@link RedisSynthesisCache}. Not thread-safe; build once. */
    public static final class Builder {
        private String url;
        private SynthesisCache front;
        private String keyPrefix = "voicerouter:";
        private Duration timeToLive = Duration.ofDays(7);
        private Duration lockTime = Duration.ofSeconds(60);
        private Duration retryAfter = Duration.ofSeconds(5);
        private Duration timeout = Duration.ofMillis(500);
        private long maximumEntryBytes = 16L << 20;
        private int maximumPoolSize = 16;

        private Builder() {
        }

        /** {@code redis://[user:password@]host:port[/database]} or {@code rediss://} for TLS. Required. */
        public Builder url(String url) {
            Objects.requireNonNull(url, "url");
            if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
                throw new IllegalArgumentException("Redis URL must start with redis:// or rediss://: " + redact(url));
            }
            this.url = url;
            return this;
        }

        /** The local tiers in front of Redis; default a 64 MiB memory tier. Closed with this cache. */
        public Builder front(SynthesisCache front) {
            this.front = Objects.requireNonNull(front);
            return this;
        }

        /** Namespace of this cache's keys, so several applications can share one Redis; default "voicerouter:". */
        public Builder keyPrefix(String prefix) {
            this.keyPrefix = Objects.requireNonNull(prefix);
            return this;
        }

        /** How long an entry lives in Redis after it is written; default 7 days. */
        public Builder timeToLive(Duration ttl) {
            this.timeToLive = positive(ttl, "timeToLive");
            return this;
        }

        /**
         * How long one instance may hold the single-flight lock of a line; the others wait up to twice
         * this, and take over if the lock lapses without audio. Default 60 s: longer than a synthesis.
         */
        public Builder lockTime(Duration lockTime) {
            this.lockTime = positive(lockTime, "lockTime");
            return this;
        }

        /** After a failed command, how long Redis is skipped before it is tried again; default 5 s. */
        public Builder retryAfter(Duration retryAfter) {
            this.retryAfter = positive(retryAfter, "retryAfter");
            return this;
        }

        /** Connect and read timeout of one command; default 500 ms, so a dead server costs little. */
        public Builder timeout(Duration timeout) {
            this.timeout = positive(timeout, "timeout");
            return this;
        }

        /** Clips larger than this (4 bytes a sample) stay local; default 16 MiB. */
        public Builder maximumEntryBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maximumEntryBytes must be positive");
            }
            this.maximumEntryBytes = bytes;
            return this;
        }

        /** Most connections held at once; default 16. */
        public Builder maximumPoolSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("maximumPoolSize must be at least 1");
            }
            this.maximumPoolSize = size;
            return this;
        }

        /** Builds the cache. It connects lazily: a Redis that is down now is skipped until it is back. */
        public RedisSynthesisCache build() {
            if (url == null) {
                throw new IllegalStateException("url(...) is required");
            }
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("malformed Redis URL: " + redact(url));
            }
            if (front == null) {
                front = TieredSynthesisCache.builder().build();
            }
            GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
            pool.setMaxTotal(maximumPoolSize);
            pool.setMaxIdle(maximumPoolSize);
            pool.setMaxWait(timeout);
            pool.setJmxEnabled(false);
            int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
            return new RedisSynthesisCache(this, new JedisPooled(pool, uri, ms, ms));
        }

        private static Duration positive(Duration d, String name) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return d;
        }
    }
}
