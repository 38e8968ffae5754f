package io.voicerouter.bench.piper;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.voicerouter.audio.SampleFormat;
import io.voicerouter.audio.WavCodec;
import io.voicerouter.bench.Paired;
import io.voicerouter.onnx.OnnxSessions;
import io.voicerouter.onnx.SharedSession;
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

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the provider adds around inference: {@code endToEnd} (text to WAV bytes: phonemize, ids,
 * tensors, run, normalize, silence, WAV encode) against {@code bareRun} (tensors and
 * {@code session.run} for the same ids, on the same kind of session). Target: endToEnd / bareRun
 * of 1.10 or less. On a shared machine read {@code paired}'s counters: endToEndMicros / bareRunMicros.
 *
 * <pre>/usr/bin/python3 tools/make_piper_medium.py
 * java -jar voice-bench/target/benchmarks.jar PiperOverheadBenchmark</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 4)
@Fork(1)
public class PiperOverheadBenchmark extends PiperBenchState {
    private SynthesisRequest request;
    private OnnxSessions sessions;
    private SharedSession bare;
    private long[] ids;

    @Override
    protected void prepare() {
        request = BenchVoice.request(provider, model, BenchVoice.SENTENCE);
        List<long[]> sentences = provider.phonemeIds(request);
        if (sentences.size() != 1) {
            throw new IllegalStateException("expected one sentence, got " + sentences.size());
        }
        ids = sentences.get(0);
        sessions = OnnxSessions.create(BenchVoice.sessionOptions(device, intraOpThreads, spinWait));
        bare = sessions.acquire(model);
        System.out.printf("%n%d ids, %.2f s of audio, device %s%n", ids.length,
                provider.synthesize(request).audio().durationSeconds(), provider.device());
    }

    @Override
    protected void release() {
        bare.close();
        sessions.close();
    }

    /** Microseconds spent in each half of {@link #paired}, summed over the iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Split {
        public long endToEndMicros;
        public long bareRunMicros;
        final Paired pair = new Paired();

        @Setup(Level.Iteration)
        public void reset() {
            endToEndMicros = 0;
            bareRunMicros = 0;
        }
    }

    /**
     * Both operations back to back, alternating which goes first, timing each: on a shared, busy
     * machine the ratio endToEndMicros / bareRunMicros is steadier than two separate benchmarks.
     */
    @Benchmark
    public void paired(Split split, Blackhole bh) throws Exception {
        split.pair.run(bh, this::endToEnd, () -> {
            bareRun(bh);
            return null;
        });
        split.endToEndMicros += split.pair.subjectNanos() / 1000;
        split.bareRunMicros += split.pair.baselineNanos() / 1000;
    }

    @Benchmark
    public byte[] endToEnd() {
        return WavCodec.write(provider.synthesize(request).audio(), SampleFormat.PCM_16);
    }

    @Benchmark
    public void bareRun(Blackhole bh) throws Exception {
        OrtEnvironment env = bare.environment();
        try (OnnxTensor input = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), new long[] {1, ids.length});
             OnnxTensor lengths = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {ids.length}), new long[] {1});
             OnnxTensor scales = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[] {0.667f, 1f, 0.8f}),
                     new long[] {3});
             OrtSession.Result r = bare.run(Map.of("input", input, "input_lengths", lengths, "scales", scales))) {
            bh.consume(((OnnxTensor) r.get(0)).getFloatBuffer().get(0));
        }
    }
}
