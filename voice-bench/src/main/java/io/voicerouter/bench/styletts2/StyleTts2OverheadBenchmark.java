package io.voicerouter.bench.styletts2;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.voicerouter.bench.Paired;
import io.voicerouter.spi.SynthesisOutput;
import io.voicerouter.spi.SynthesisRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the styletts2 provider adds to the model: one sentence (the same tokens, style row and
 * speed) through a bare {@code OrtSession.run} with the provider's session options, through the
 * provider with IPA input (token lookup, voice row, fades, result wrapping), and through the
 * provider with plain text (adds espeak-ng). Target: provider over bare at most 1.10.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 4, time = 3)
@Fork(1)
public class StyleTts2OverheadBenchmark extends StyleTts2BenchState {
    private static final int THREADS = 1;
    private OrtEnvironment env;
    private OrtSession session;
    private long[] tokens;
    private float[] style;
    private SynthesisRequest ipaRequest;
    private SynthesisRequest textRequest;
    private final Paired pair = new Paired();
    private final java.util.List<Double> pairRatios = new java.util.ArrayList<>();
    private long bareNanos;
    private long providerNanos;

    public StyleTts2OverheadBenchmark() {
        super(THREADS);
    }

    @Override
    protected void prepare() throws OrtException {
        String ipa = BenchModel.ipa(BenchModel.SENTENCE);
        tokens = BenchModel.tokens(ipa);
        style = BenchModel.styleRow(tokens); // the provider's row: values can change the cost (denormals)
        env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(THREADS);
            session = env.createSession(BenchModel.dir().resolve("model.onnx").toString(), options);
        }
        ipaRequest = BenchModel.request(provider, ipa, true);
        textRequest = BenchModel.request(provider, BenchModel.SENTENCE, false);
        System.out.printf("%n%d tokens, %.2f s of audio%n", tokens.length,
                provider.synthesize(ipaRequest).audio().durationSeconds());
    }

    @Override
    protected void release() throws OrtException {
        if (!pairRatios.isEmpty()) {
            double[] r = pairRatios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf("%npaired: %d pairs, provider/bare median %.3f, quartiles %.3f-%.3f, "
                    + "total %.3f%n", r.length, r[r.length / 2], r[r.length / 4], r[3 * r.length / 4],
                    (double) providerNanos / bareNanos);
        }
        session.close();
    }

    @Benchmark
    public float[] bareSessionRun() throws OrtException {
        try (OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(tokens), new long[] {1, tokens.length});
             OnnxTensor st = OnnxTensor.createTensor(env, FloatBuffer.wrap(style), new long[] {1, 256});
             OnnxTensor sp = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[] {1f}), new long[] {1});
             OrtSession.Result r = session.run(Map.of("input_ids", ids, "style", st, "speed", sp))) {
            return ((OnnxTensor) r.get(0)).getFloatBuffer().array();
        }
    }

    /**
     * Bare run and provider back to back, alternating which goes first, each timed; on a shared
     * machine both halves of a pair see about the same load, so the ratio printed at tear-down
     * (median of the pairs' ratios) is steadier than the ratio of two separate scores.
     */
    @Benchmark
    public void paired(Blackhole bh) throws Exception {
        pair.run(bh, this::providerIpa, this::bareSessionRun);
        bareNanos += pair.baselineNanos();
        providerNanos += pair.subjectNanos();
        pairRatios.add((double) pair.subjectNanos() / pair.baselineNanos());
    }

    @Benchmark
    public SynthesisOutput providerIpa() {
        return provider.synthesize(ipaRequest);
    }

    @Benchmark
    public SynthesisOutput providerText() {
        return provider.synthesize(textRequest);
    }
}
