package io.voicerouter.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.voicerouter.audio.AudioData;
import io.voicerouter.error.VoiceException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link SynthesisCache} with a memory tier bounded by audio bytes and an optional disk tier that
 * survives restarts. Entries are addressed by {@link CacheKey#digest()} of the
 * {@linkplain CacheKey#normalized() normalized} key, so keys differing only in white space or Unicode
 * composition share audio, and the two tiers agree on identity.
 *
 * <p>Identical concurrent lookups share one synthesis: the first caller runs it on its own thread, the
 * others wait and get the same audio, reported as a hit. A failed synthesis is not stored, and every
 * caller waiting on it gets the original exception (a {@code ProviderException} stays one). A disk hit
 * is copied into memory. Disk problems never fail a request: a corrupt file is deleted and treated as
 * a miss, a failed write is logged and the audio stays in memory.
 *
 * <pre>{@code
 * SynthesisCache cache = TieredSynthesisCache.builder()
 *         .maximumMemoryBytes(64L << 20)
 *         .diskDirectory(Path.of("/var/cache/voicerouter"))
 *         .maximumDiskBytes(2L << 30)
 *         .build();
 * }</pre>
 */
public final class TieredSynthesisCache implements SynthesisCache {
    /** Per-entry bookkeeping on top of the samples, so that many tiny clips still count. */
    private static final long ENTRY_OVERHEAD_BYTES = 96;

    private final Cache<String, AudioData> memory;
    private final DiskTier disk;
    private final ConcurrentMap<String, CompletableFuture<AudioData>> inFlight = new ConcurrentHashMap<>();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder diskHits = new LongAdder();

    private TieredSynthesisCache(Builder b, DiskTier disk) {
        Caffeine<Object, Object> caffeine = Caffeine.newBuilder()
                .maximumWeight(b.maximumMemoryBytes)
                .executor(Runnable::run) // evict on the calling thread: bounded and deterministic
                .ticker(b.clock == null ? Ticker.systemTicker() : () -> nanos(b.clock.instant()))
                .recordStats();
        if (b.expireAfterAccess != null) {
            caffeine.expireAfterAccess(b.expireAfterAccess);
        }
        this.memory = caffeine.<String, AudioData>weigher((k, v) -> weight(v)).build();
        this.disk = disk;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Lookup get(CacheKey key, Callable<AudioData> synthesis) throws Exception {
        Objects.requireNonNull(synthesis, "synthesis");
        String id = key.normalized().digest();
        while (true) {
            AudioData cached = memory.getIfPresent(id);
            if (cached != null) {
                hits.increment();
                return new Lookup(cached, true);
            }
            CompletableFuture<AudioData> mine = new CompletableFuture<>();
            CompletableFuture<AudioData> running = inFlight.putIfAbsent(id, mine);
            if (running == null) {
                return lead(id, mine, synthesis);
            }
            Optional<AudioData> shared = await(running);
            if (shared.isPresent()) {
                hits.increment();
                return new Lookup(shared.get(), true);
            }
            // the leader was interrupted: that says nothing about this request, so try again
        }
    }

    private Lookup lead(String id, CompletableFuture<AudioData> mine, Callable<AudioData> synthesis)
            throws Exception {
        Lookup result;
        try {
            result = load(id, synthesis);
        } catch (Throwable t) {
            // leave the map first: a caller arriving after this must synthesize afresh, not see our failure
            inFlight.remove(id, mine);
            mine.completeExceptionally(t);
            throw t;
        }
        inFlight.remove(id, mine);
        mine.complete(result.audio());
        if (!result.hit() && disk != null) {
            disk.write(id, result.audio()); // after the waiters are released: they need not wait for I/O
        }
        return result;
    }

    private Lookup load(String id, Callable<AudioData> synthesis) throws Exception {
        // another leader may have finished between our memory miss and our claim of the key
        AudioData cached = memory.getIfPresent(id);
        if (cached == null) {
            cached = readDisk(id);
        }
        if (cached != null) {
            hits.increment();
            return new Lookup(cached, true);
        }
        misses.increment();
        AudioData fresh = Objects.requireNonNull(synthesis.call(), "the synthesis returned null");
        memory.put(id, fresh);
        return new Lookup(fresh, false);
    }

    private AudioData readDisk(String id) {
        if (disk == null) {
            return null;
        }
        Optional<AudioData> fromDisk = disk.read(id);
        fromDisk.ifPresent(audio -> {
            diskHits.increment();
            memory.put(id, audio);
        });
        return fromDisk.orElse(null);
    }

    /** The leader's audio; empty when the leader was interrupted and this caller should retry. */
    private static Optional<AudioData> await(CompletableFuture<AudioData> running) throws Exception {
        try {
            return Optional.of(running.get());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InterruptedException) {
                return Optional.empty();
            }
            if (cause instanceof Exception ex) {
                throw ex;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** Memory first, then disk; never synthesizes. */
    @Override
    public Optional<AudioData> getIfPresent(CacheKey key) {
        String id = key.normalized().digest();
        AudioData cached = memory.getIfPresent(id);
        if (cached == null) {
            cached = readDisk(id);
        }
        if (cached == null) {
            misses.increment();
            return Optional.empty();
        }
        hits.increment();
        return Optional.of(cached);
    }

    /** Empties both tiers; the disk directory itself stays. Syntheses running now still store their audio. */
    @Override
    public void invalidateAll() {
        memory.invalidateAll();
        if (disk != null) {
            disk.clear();
        }
    }

    public CacheStats stats() {
        return new CacheStats(hits.sum(), misses.sum(), diskHits.sum(), memory.stats().evictionCount(),
                disk == null ? 0 : disk.evictions(), disk == null ? 0 : disk.corruptDropped(),
                memory.policy().eviction().orElseThrow().weightedSize().orElse(0),
                disk == null ? 0 : disk.bytes());
    }

    @Override
    public void close() {
        memory.cleanUp();
    }

    @Override
    public String toString() {
        return "TieredSynthesisCache" + stats();
    }

    static int weight(AudioData audio) {
        long bytes = (long) audio.sampleCount() * Float.BYTES + ENTRY_OVERHEAD_BYTES;
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    /** Options of a {@link TieredSynthesisCache}. */
    public static final class Builder {
        private long maximumMemoryBytes = 64L << 20;
        private Duration expireAfterAccess;
        private Path diskDirectory;
        private long maximumDiskBytes = 1L << 30;
        /** Null means the system: a monotonic ticker for expiry, the UTC clock for file times. */
        private Clock clock;

        private Builder() {
        }

        /** Bound of the memory tier in audio bytes (4 per sample plus a small overhead); default 64 MiB. */
        public Builder maximumMemoryBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maximumMemoryBytes must not be negative: " + bytes);
            }
            this.maximumMemoryBytes = bytes;
            return this;
        }

        /** Drops memory entries not read for this long; by default they stay until evicted for size. */
        public Builder expireAfterAccess(Duration duration) {
            if (duration.isNegative()) {
                throw new IllegalArgumentException("expireAfterAccess must not be negative: " + duration);
            }
            this.expireAfterAccess = duration;
            return this;
        }

        /** Enables the disk tier in {@code directory}, created when missing. Processes may share it. */
        public Builder diskDirectory(Path directory) {
            this.diskDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** Bound of the disk tier in file bytes; default 1 GiB. Least recently used files go first. */
        public Builder maximumDiskBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maximumDiskBytes must not be negative: " + bytes);
            }
            this.maximumDiskBytes = bytes;
            return this;
        }

        /** Time source for expiry and disk recency; for tests. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** @throws VoiceException when the disk directory cannot be created or read */
        public TieredSynthesisCache build() {
            DiskTier disk = null;
            if (diskDirectory != null) {
                try {
                    Clock fileClock = clock == null ? Clock.systemUTC() : clock;
                    disk = new DiskTier(diskDirectory, maximumDiskBytes, fileClock);
                } catch (IOException e) {
                    throw new VoiceException("Cannot use cache directory " + diskDirectory + ": " + e, e);
                }
            }
            return new TieredSynthesisCache(this, disk);
        }
    }
}
