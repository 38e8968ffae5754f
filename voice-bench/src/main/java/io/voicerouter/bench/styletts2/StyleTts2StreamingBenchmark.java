package io.voicerouter.bench.styletts2;

import io.voicerouter.spi.SynthesisOutput;
import io.voicerouter.spi.SynthesisRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Time to first audio for a three-sentence paragraph (plain text, espeak-ng included): streaming
 * stops as soon as the first chunk (the first sentence) arrives, against the whole paragraph
 * without streaming.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 4, time = 3)
@Fork(1)
public class StyleTts2StreamingBenchmark extends StyleTts2BenchState {
    /** Thrown by the sink to stop a stream once the first chunk is in: what a listener waits for. */
    private static final class FirstChunk extends RuntimeException {
        FirstChunk() {
            super(null, null, false, false);
        }
    }

    private static final FirstChunk STOP = new FirstChunk();
    private SynthesisRequest paragraph;

    public StyleTts2StreamingBenchmark() {
        super(2);
    }

    @Override
    protected void prepare() {
        paragraph = BenchModel.request(provider, BenchModel.PARAGRAPH, false);
        SynthesisOutput whole = provider.synthesize(paragraph);
        System.out.printf("%nparagraph: %s chunks, %.2f s of audio%n", whole.metadata().get("chunks"),
                whole.audio().durationSeconds());
    }

    @Benchmark
    public int timeToFirstAudio() {
        try {
            provider.synthesizeStreaming(paragraph, chunk -> {
                throw STOP;
            });
            throw new IllegalStateException("no chunk was streamed");
        } catch (FirstChunk expected) {
            return 1;
        }
    }

    @Benchmark
    public SynthesisOutput wholeParagraph() {
        return provider.synthesize(paragraph);
    }
}
