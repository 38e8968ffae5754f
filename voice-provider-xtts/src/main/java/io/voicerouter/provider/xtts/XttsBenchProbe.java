package io.voicerouter.provider.xtts;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.voicerouter.audio.AudioData;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Not API: voice-bench's window into the provider's package-private engine, so the benchmarks can
 * time our GPT loop against the bare graph loop and the streaming synthesizer. It lives here, not in
 * voice-bench, so that no two jars share a package (JPMS split packages).
 */
public final class XttsBenchProbe implements AutoCloseable {
    private final XttsEngine engine;
    private final XttsSynthesizer synthesizer;
    private final XttsEngine.Conditioning voice;
    private final int[] textIds;

    public XttsBenchProbe(Path modelDir, int threads, AudioData sample, String text) throws IOException, OrtException {
        engine = XttsEngine.load(modelDir, threads);
        synthesizer = new XttsSynthesizer(engine);
        voice = engine.condition(List.of(sample));
        List<String> pieces = synthesizer.preparedPieces(text, "en");
        textIds = engine.tokenizer().encode(pieces.get(0));
    }

    public int layers() {
        return engine.graphs().layers();
    }

    public int width() {
        return engine.width();
    }

    /** Our loop: {@link GptDecoder#decode} with XTTS's default sampling; returns the tokens made. */
    public int ourLoop(int tokens) throws OrtException {
        SamplingParams xttsDefaults = new SamplingParams(0.75, 50, 0.85, 5.0, 1.0, 42);
        return engine.decode(textIds, voice, xttsDefaults, tokens, (t, latent) -> { }, () -> false).tokens().size();
    }

    /**
     * The bare graph loop for the same steps: the same prefix, then one fixed token embedding per step,
     * each step's present_* fed back as past_*, inputs in reused direct buffers, no sampling, no copies
     * of the outputs. What ONNX Runtime itself costs.
     */
    public int bareLoop(int tokens) throws OrtException {
        Graphs g = engine.graphs();
        int d = engine.width();
        float[] prefix = engine.decoder().prefix(textIds, voice.condLatents());
        int prefixLen = prefix.length / d;
        FloatBuffer embeds = direct(prefix.length);
        embeds.put(prefix).rewind();
        FloatBuffer mask = direct(prefixLen + tokens);
        while (mask.hasRemaining()) {
            mask.put(1f);
        }
        mask.rewind();
        float[] step = new float[d];
        for (int i = 0; i < d; i++) {
            step[i] = prefix[(prefixLen - 1) * d + i];
        }
        FloatBuffer stepBuffer = direct(d);
        stepBuffer.put(step).rewind();

        Map<String, OnnxTensor> feed = new HashMap<>();
        List<OnnxTensor> empty = g.emptyPast(feed);
        OrtSession.Result previous = null;
        try {
            int total = prefixLen;
            for (int s = 0; s < tokens; s++) {
                FloatBuffer in = s == 0 ? embeds : stepBuffer;
                long[] inShape = {1, s == 0 ? prefixLen : 1, d};
                OrtSession.Result result;
                try (OnnxTensor e = OnnxTensor.createTensor(g.env, in, inShape);
                     OnnxTensor m = OnnxTensor.createTensor(g.env, mask.duplicate().limit(total), new long[] {1, total})) {
                    feed.put(g.embedsName, e);
                    feed.put(g.maskName, m);
                    result = g.gpt.run(feed);
                }
                if (previous != null) {
                    previous.close();
                }
                previous = result;
                g.presentsAsPast(result, feed);
                total++;
            }
        } finally {
            if (previous != null) {
                previous.close();
            }
            for (OnnxTensor t : empty) {
                t.close();
            }
        }
        return tokens;
    }

    /**
     * Synthesizes {@code text} with XTTS's default sampling and at most {@code maxTokens} audio tokens per
     * piece; with a sink it streams every {@code chunkTokens} tokens and stops after the first chunk when
     * {@code firstChunkOnly}. Returns the samples made (24 kHz).
     */
    public float[] synthesize(String text, int maxTokens, int chunkTokens, Consumer<float[]> sink,
                              boolean firstChunkOnly) throws OrtException {
        SamplingParams xttsDefaults = new SamplingParams(0.75, 50, 0.85, 5.0, 1.0, 42);
        XttsSynthesizer.Options options = new XttsSynthesizer.Options(xttsDefaults, 1.0, chunkTokens, maxTokens,
                XttsSettings.OVERLAP_SAMPLES);
        boolean[] got = {false};
        Consumer<float[]> wrapped = sink == null ? null : chunk -> {
            got[0] = true;
            sink.accept(chunk);
        };
        return synthesizer.synthesize(text, "en", voice, options, wrapped, () -> firstChunkOnly && got[0]);
    }

    /** The vocoder alone on {@code frames} latents (seeded values) with the voice's speaker embedding. */
    public float[] vocode(int frames) throws OrtException {
        java.util.Random random = new java.util.Random(frames);
        float[] latents = new float[frames * engine.width()];
        for (int i = 0; i < latents.length; i++) {
            latents[i] = (float) random.nextGaussian();
        }
        return engine.vocode(latents, frames, voice.speakerEmbedding(), 1.0);
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    @Override
    public void close() {
        engine.close();
    }
}
