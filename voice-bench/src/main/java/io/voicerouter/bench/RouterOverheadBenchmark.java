package io.voicerouter.bench;

import io.voicerouter.cache.TieredSynthesisCache;
import io.voicerouter.config.VoiceConfig;
import io.voicerouter.router.SpeechRequest;
import io.voicerouter.router.SpeechResult;
import io.voicerouter.router.VoiceRouter;
import io.voicerouter.spi.Settings;
import io.voicerouter.spi.SynthesisOutput;
import io.voicerouter.spi.SynthesisRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The router's own cost per request, in microseconds: a cache hit, and a miss served by a provider
 * that costs nothing ({@link FixedAudioProvider}), next to calling that provider directly. The
 * difference between {@code routedNoCache} and {@code providerDirect} is the routing overhead.
 * {@code cacheHitWithTimeout} shows what the executor hand-off adds when a request has a timeout.
 *
 * <pre>java -jar voice-bench/target/benchmarks.jar RouterOverheadBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RouterOverheadBenchmark {
    private VoiceRouter cachedRouter;
    private VoiceRouter uncachedRouter;
    private FixedAudioProvider direct;
    private SpeechRequest request;
    private SpeechRequest timedRequest;
    private SynthesisRequest directRequest;

    @Setup(Level.Trial)
    public void setUp() {
        VoiceConfig config = VoiceConfig.singleProvider("fixed");
        config = config.withProvider("fixed", config.providers().get("fixed").withSettings(Map.of("speed", 1.0)));
        request = SpeechRequest.builder("The quick brown fox jumps over the lazy dog.", config).language("en").build();
        timedRequest = SpeechRequest.builder(request.text(), config).language("en")
                .timeout(java.time.Duration.ofSeconds(10)).build();
        cachedRouter = VoiceRouter.builder().providers(List.of(new FixedAudioProvider()))
                .cache(TieredSynthesisCache.builder().maximumMemoryBytes(64L << 20).build()).build();
        cachedRouter.initialize();
        cachedRouter.synthesize(request);
        uncachedRouter = VoiceRouter.builder().providers(List.of(new FixedAudioProvider())).build();
        uncachedRouter.initialize();
        direct = new FixedAudioProvider();
        directRequest = SynthesisRequest.of(request.text(), "en", config.providers().get("fixed").voice(),
                Settings.resolve(direct.capabilities().settings(), Map.of("speed", 1.0)));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        cachedRouter.close();
        uncachedRouter.close();
    }

    @Benchmark
    public SpeechResult cacheHit() {
        return cachedRouter.synthesize(request);
    }

    /** With a timeout the request runs on the router's executor (a timer may interrupt it): the hand-off's cost. */
    @Benchmark
    public SpeechResult cacheHitWithTimeout() {
        return cachedRouter.synthesize(timedRequest);
    }

    @Benchmark
    public SpeechResult routedNoCache() {
        return uncachedRouter.synthesize(request);
    }

    @Benchmark
    public SynthesisOutput providerDirect() {
        return direct.synthesize(directRequest);
    }
}
