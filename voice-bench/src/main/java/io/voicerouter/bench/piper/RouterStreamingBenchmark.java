package io.voicerouter.bench.piper;

import io.voicerouter.bench.Paired;
import io.voicerouter.cache.TieredSynthesisCache;
import io.voicerouter.config.ProviderConfig;
import io.voicerouter.config.VoiceConfig;
import io.voicerouter.router.SpeechRequest;
import io.voicerouter.router.VoiceRouter;
import io.voicerouter.spi.SynthesisRequest;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Time to first audio through the router's {@code stream} against the same Piper voice called
 * directly ({@code synthesizeStreaming}), on the same paragraph, in one run: {@code paired} runs them
 * back to back, alternating the order, so a shared machine's noise hits both. Target: the router
 * within 5 ms of the provider. {@code cacheHitFirstChunk} is the first chunk of a line the cache
 * already holds (target: under 1 ms).
 *
 * <pre>java -Dpiper.bench.model=../shared/data/models/piper-arch/en_US-upstream_arch-medium.onnx \
 *     -jar voice-bench/target/benchmarks.jar RouterStreamingBenchmark</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 4)
@Fork(1)
public class RouterStreamingBenchmark extends PiperBenchState {
    /** Thrown by the sink to stop at the first chunk; preallocated and stackless so it costs nothing. */
    private static final RuntimeException FIRST_CHUNK = new RuntimeException("first chunk", null, false, false) {
    };

    private SynthesisRequest direct;
    private VoiceRouter router;
    private VoiceRouter cachedRouter;
    private TieredSynthesisCache cache;
    private SpeechRequest throughRouter;
    private SynthesisRequest sentenceDirect;
    private SpeechRequest sentenceThroughRouter;

    @Override
    protected void prepare() {
        direct = BenchVoice.request(provider, model, BenchVoice.PARAGRAPH);
        ProviderConfig entry = ProviderConfig.enabledDefault().withVoiceId(model.toString());
        VoiceConfig config = new VoiceConfig(Optional.of("piper"), Map.of("piper", entry), List.of(), Optional.empty(),
                List.of(), Map.of(), Map.of());
        throughRouter = SpeechRequest.builder(BenchVoice.PARAGRAPH, config).language("en").build();
        sentenceDirect = BenchVoice.request(provider, model, BenchVoice.SENTENCE);
        sentenceThroughRouter = SpeechRequest.builder(BenchVoice.SENTENCE, config).language("en").build();
        // The routers do not own the provider here: the bench state closes it after them.
        router = VoiceRouter.builder().providers(List.of(new UnclosedProvider(provider))).statsFlushInterval(Duration.ZERO).build();
        router.initialize();
        cache = TieredSynthesisCache.builder().maximumMemoryBytes(64L << 20).build();
        cachedRouter = VoiceRouter.builder().providers(List.of(new UnclosedProvider(provider))).cache(cache)
                .statsFlushInterval(Duration.ZERO).build();
        cachedRouter.initialize();
        cachedRouter.stream(throughRouter, chunk -> { }); // fills the cache
    }

    @Override
    protected void release() {
        router.close();
        cachedRouter.close();
        cache.close();
    }

    /** Microseconds spent in each half of {@link #paired}, summed over the iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Split {
        public long routerMicros;
        public long providerMicros;
        final Paired pair = new Paired();

        @Setup(Level.Iteration)
        public void reset() {
            routerMicros = 0;
            providerMicros = 0;
        }
    }

    /** Both back to back, alternating the order; compare the counters. */
    @Benchmark
    public void paired(Split split, Blackhole bh) throws Exception {
        pair(split, bh, this::firstAudioThroughRouter, this::firstAudioFromProvider);
    }

    /**
     * The router's own cost on the same work: one sentence, which the router hands the provider
     * unchanged, so both halves run the same inference (in {@link #paired} the provider is given
     * the whole paragraph and the router only its first sentence, which is not the same work).
     */
    @Benchmark
    public void pairedOneSentence(Split split, Blackhole bh) throws Exception {
        pair(split, bh, () -> firstChunk(() -> router.stream(sentenceThroughRouter, chunk -> {
            throw FIRST_CHUNK;
        })), () -> firstChunk(() -> provider.synthesizeStreaming(sentenceDirect, chunk -> {
            throw FIRST_CHUNK;
        })));
    }

    private static void pair(Split split, Blackhole bh, Paired.Op router, Paired.Op provider) throws Exception {
        split.pair.run(bh, router, provider);
        split.routerMicros += split.pair.subjectNanos() / 1000;
        split.providerMicros += split.pair.baselineNanos() / 1000;
    }

    @Benchmark
    public Object firstAudioThroughRouter() {
        return firstChunk(() -> router.stream(throughRouter, chunk -> {
            throw FIRST_CHUNK;
        }));
    }

    @Benchmark
    public Object firstAudioFromProvider() {
        return firstChunk(() -> provider.synthesizeStreaming(direct, chunk -> {
            throw FIRST_CHUNK;
        }));
    }

    /** The first (and only) chunk of a line the cache holds. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object cacheHitFirstChunk() {
        return firstChunk(() -> cachedRouter.stream(throughRouter, chunk -> {
            throw FIRST_CHUNK;
        }));
    }

    private static Object firstChunk(Runnable streaming) {
        try {
            streaming.run();
            throw new IllegalStateException("no chunk was emitted");
        } catch (RuntimeException e) {
            if (e != FIRST_CHUNK) {
                throw e;
            }
            return e;
        }
    }
}
