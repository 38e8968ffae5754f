package io.voicerouter.bench;

import io.voicerouter.audio.AudioData;
import io.voicerouter.cache.SynthesisCache;
import io.voicerouter.cache.TieredSynthesisCache;
import io.voicerouter.cache.redis.RedisSynthesisCache;
import io.voicerouter.config.VoiceConfig;
import io.voicerouter.config.VoiceConfigJson;
import io.voicerouter.router.SpeechRequest;
import io.voicerouter.router.SpeechResult;
import io.voicerouter.router.VoiceRouter;
import io.voicerouter.router.VoiceRouterBuilder;
import io.voicerouter.spi.ProviderCapabilities;
import io.voicerouter.spi.ProviderKind;
import io.voicerouter.spi.QuotaBucket;
import io.voicerouter.spi.SynthesisOutput;
import io.voicerouter.spi.SynthesisRequest;
import io.voicerouter.spi.TtsProvider;
import io.voicerouter.store.jdbc.VoiceStore;
import io.voicerouter.testing.LocalServers;
import io.voicerouter.testing.PostgresServer;
import io.voicerouter.testing.RedisServer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What shared state costs per request over the in-memory defaults, in microseconds, on a cache hit
 * and on a miss. The provider is a cloud one that costs nothing (a prepared 0.25 s clip), with a
 * quota bucket, so a miss also takes a quota reservation and commits it.
 *
 * <ul>
 *   <li>{@code memory}: memory cache tier, in-process quota ledger and stats (the defaults);</li>
 *   <li>{@code sqlite}: the same, plus the embedded SQLite store (WAL, synchronous=NORMAL) attached:
 *       a hit records the personality's stats rows in one transaction (its stored voice_config, the
 *       seed's example, is not rewritten: stats are merged into it when it is read); a miss adds the
 *       quota reservation and its commit;</li>
 *   <li>{@code postgresql}: as sqlite, on a local PostgreSQL server with fsync on;</li>
 *   <li>{@code redis}: the Redis tier behind a memory tier that keeps nothing, so every hit is a Redis
 *       round trip (a hit on another instance's audio) and a miss runs the single-flight protocol.</li>
 * </ul>
 * PostgreSQL and Redis are started by the benchmark on loopback ports (Debian's postgresql and
 * redis-server must be installed).
 *
 * <pre>java -jar voice-bench/target/benchmarks.jar SharedStateOverheadBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SharedStateOverheadBenchmark {
    @Param({"memory", "sqlite", "postgresql", "redis"})
    public String backend;


    private Path temp;
    private PostgresServer postgres;
    private RedisServer redis;
    private VoiceStore store;
    private SynthesisCache cache;
    private VoiceRouter router;
    private VoiceConfig config;
    private SpeechRequest hitRequest;
    private long missCounter;

    /** A cloud provider with a quota bucket whose synthesis costs nothing. */
    static final class FreeCloud implements TtsProvider {
        private final ProviderCapabilities caps = ProviderCapabilities.builder("google_tts").kind(ProviderKind.CLOUD)
                .sampleRate(22050).build();
        private final SynthesisOutput out = SynthesisOutput.of(AudioData.mono(new float[22050 / 4], 22050));

        @Override
        public ProviderCapabilities capabilities() {
            return caps;
        }

        @Override
        public SynthesisOutput synthesize(SynthesisRequest request) {
            return out;
        }

        @Override
        public Optional<QuotaBucket> quotaBucket(SynthesisRequest request) {
            return Optional.of(new QuotaBucket("google_tts/standard", Long.MAX_VALUE / 4));
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        temp = Files.createTempDirectory("voicerouter-bench");
        config = example().withActiveProvider("google_tts");
        config = config.withProvider("google_tts", config.providers().get("google_tts").withEnabled(true).withSettings(java.util.Map.of()));
        VoiceRouterBuilder b = VoiceRouter.builder().providers(List.of(new FreeCloud())).statsFlushInterval(Duration.ZERO);
        switch (backend) {
            case "memory" -> cache = TieredSynthesisCache.builder().maximumMemoryBytes(64L << 20).build();
            case "sqlite" -> store = VoiceStore.builder().embedded(temp).build();
            case "postgresql" -> {
                postgres = PostgresServer.start("-c fsync=on");
                store = VoiceStore.builder().url(postgres.createDatabase()).build();
            }
            case "redis" -> {
                redis = RedisServer.start("--maxmemory", "256mb", "--maxmemory-policy", "allkeys-lru");
                cache = RedisSynthesisCache.builder().url(redis.url()).timeToLive(Duration.ofSeconds(30))
                        .front(TieredSynthesisCache.builder().maximumMemoryBytes(0).build()).build();
            }
            default -> throw new IllegalArgumentException(backend);
        }
        if (cache == null) {
            cache = TieredSynthesisCache.builder().maximumMemoryBytes(64L << 20).build();
        }
        if (store != null) {
            store.savePersonality("aria", config);
            store.attachTo(b);
        }
        router = b.cache(cache).build();
        router.initialize();
        hitRequest = request("The quick brown fox jumps over the lazy dog.");
        router.synthesize(hitRequest);
    }

    private SpeechRequest request(String text) {
        return SpeechRequest.builder(text, config).language("en").personality("aria").build();
    }

    private static VoiceConfig example() throws Exception {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("examples/personality-voice-config.json");
            if (Files.exists(p)) {
                return VoiceConfigJson.read(p);
            }
        }
        throw new IllegalStateException("run from the repository: examples/personality-voice-config.json not found");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        router.close();
        cache.close();
        if (store != null) {
            store.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (redis != null) {
            redis.close();
        }
        LocalServers.deleteTree(temp);
    }

    @Benchmark
    public SpeechResult cacheHit() {
        return router.synthesize(hitRequest);
    }

    /** A new line every call: a miss in every tier, a synthesis, and (with a store) a quota reservation. */
    @Benchmark
    public SpeechResult cacheMiss() {
        return router.synthesize(request("Line number " + (missCounter++) + " of the benchmark."));
    }
}
