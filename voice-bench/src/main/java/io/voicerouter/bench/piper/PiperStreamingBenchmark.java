package io.voicerouter.bench.piper;

import io.voicerouter.bench.Paired;
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

import java.util.concurrent.TimeUnit;

/**
 * Time to first audio when streaming a three-sentence paragraph ({@code firstAudioStreaming}: the
 * call returns as soon as the first chunk reaches the sink) against synthesizing the first sentence
 * alone ({@code firstSentenceAlone}). Target: the first no more than the second plus 10 ms.
 *
 * <pre>java -jar voice-bench/target/benchmarks.jar PiperStreamingBenchmark</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 4)
@Fork(1)
public class PiperStreamingBenchmark extends PiperBenchState {
    /** Thrown by the sink to stop at the first chunk; preallocated and stackless so it costs nothing. */
    private static final RuntimeException FIRST_CHUNK = new RuntimeException("first chunk", null, false, false) {
    };

    private SynthesisRequest paragraph;
    private SynthesisRequest firstSentence;

    @Override
    protected void prepare() {
        paragraph = BenchVoice.request(provider, model, BenchVoice.PARAGRAPH);
        firstSentence = BenchVoice.request(provider, model, BenchVoice.SENTENCE);
        int sentences = provider.phonemeIds(paragraph).size();
        if (sentences != 3) {
            throw new IllegalStateException("expected three sentences, got " + sentences);
        }
    }

    /** Microseconds spent in each half of {@link #paired}, summed over the iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Split {
        public long firstAudioMicros;
        public long firstSentenceMicros;
        final Paired pair = new Paired();

        @Setup(Level.Iteration)
        public void reset() {
            firstAudioMicros = 0;
            firstSentenceMicros = 0;
        }
    }

    /** Both back to back, alternating the order; compare the counters on a shared machine. */
    @Benchmark
    public void paired(Split split, Blackhole bh) throws Exception {
        split.pair.run(bh, this::firstAudioStreaming, this::firstSentenceAlone);
        split.firstAudioMicros += split.pair.subjectNanos() / 1000;
        split.firstSentenceMicros += split.pair.baselineNanos() / 1000;
    }

    @Benchmark
    public Object firstAudioStreaming() {
        try {
            provider.synthesizeStreaming(paragraph, chunk -> {
                throw FIRST_CHUNK;
            });
            throw new IllegalStateException("no chunk was emitted");
        } catch (RuntimeException e) {
            if (e != FIRST_CHUNK) {
                throw e;
            }
            return e;
        }
    }

    /**
     * The deterministic part of the streaming cost before the first inference: phonemizing and
     * building ids for the whole paragraph instead of the first sentence. Compare with
     * {@link #idsFirstSentence}; the difference is what streaming adds to time to first audio.
     */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object idsParagraph() {
        return provider.phonemeIds(paragraph);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object idsFirstSentence() {
        return provider.phonemeIds(firstSentence);
    }

    @Benchmark
    public Object firstSentenceAlone() {
        return provider.synthesize(firstSentence);
    }
}
