package io.voicerouter.provider.xtts;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * XTTS's autoregressive loop over gpt_model.onnx with a KV cache. The first call feeds the whole
 * prefix (conditioning latents, framed text embeddings, the start-audio token); every later call feeds
 * one audio token's embedding and the previous call's present_* as past_*. Stateless between
 * decodes and thread-safe: all per-decode state lives in {@link #decode}.
 */
final class GptDecoder {
    /** Receives each audio token and its latent (the GPT's final-norm hidden state) as it is made. */
    interface Listener {
        void onToken(int token, float[] latent);
    }

    record Result(List<Integer> tokens, List<float[]> latents, boolean stopped) {
    }

    private final Graphs graphs;
    private final Tables tables;
    private final XttsConstants constants;

    record Tables(Npy.Table text, Npy.Table textPos, Npy.Table mel, Npy.Table melPos) {
        int width() {
            return text.cols();
        }
    }

    GptDecoder(Graphs graphs, Tables tables, XttsConstants constants) {
        this.graphs = graphs;
        this.tables = tables;
        this.constants = constants;
    }

    /**
     * Decodes audio tokens for {@code textIds} (without [START]/[STOP]; they are added here).
     * {@code cancelled} is polled between steps, so a deadline stops the loop promptly.
     */
    Result decode(int[] textIds, float[] condLatents, Sampler sampler, int maxTokens, Listener listener,
                  BooleanSupplier cancelled) throws OrtException {
        int d = tables.width();
        float[] prefix = prefix(textIds, condLatents);
        int prefixLen = prefix.length / d;
        // Every token but the last is fed back, at melPosition(step) <= rows - 1.
        int limit = Math.min(maxTokens, tables.melPos().rows() - 1);

        // Hugging Face's repetition penalty sees XTTS's fake input ids: the prefix filled with 1, then the start token.
        Set<Integer> seen = new HashSet<>(List.of(1, constants.startAudio()));
        List<Integer> tokens = new ArrayList<>();
        List<float[]> latents = new ArrayList<>();
        // One feed map for the whole decode: each step replaces the past_* entries with the previous
        // result's present_* tensors (native memory, never copied to Java) and the two small inputs.
        Map<String, OnnxTensor> feed = new HashMap<>();
        List<OnnxTensor> empty = graphs.emptyPast(feed);
        // Direct buffers, filled once or per step and wrapped without a copy: the all-ones mask is a
        // prefix view of one buffer, the single-token embedding is rewritten in place.
        Buffer ones = ones(prefixLen + limit);
        FloatBuffer stepEmbeds = direct(d);
        OrtSession.Result previous = null;
        boolean stopped = false;
        try {
            FloatBuffer input = FloatBuffer.wrap(prefix);
            int seq = prefixLen;
            int total = prefixLen;
            for (int step = 0; step < limit; step++) {
                if (cancelled.getAsBoolean()) {
                    break;
                }
                OrtSession.Result result;
                try (OnnxTensor embeds = OnnxTensor.createTensor(graphs.env, input, new long[] {1, seq, d});
                     OnnxTensor mask = mask(ones, total)) {
                    feed.put(graphs.embedsName, embeds);
                    feed.put(graphs.maskName, mask);
                    result = graphs.gpt.run(feed);
                }
                if (previous != null) {
                    previous.close(); // its presents were this step's past
                }
                previous = result;
                float[] logits = lastRow(result, graphs.logitsName);
                float[] hidden = lastRow(result, graphs.hiddenName);
                int token = sampler.next(logits, seen);
                if (token == constants.stopAudio()) {
                    stopped = true;
                    break;
                }
                tokens.add(token);
                latents.add(hidden);
                seen.add(token);
                listener.onToken(token, hidden);
                graphs.presentsAsPast(result, feed);
                float[] mel = tables.mel().row(token);
                float[] pos = tables.melPos().row(melPosition(step));
                stepEmbeds.clear();
                for (int i = 0; i < d; i++) {
                    stepEmbeds.put(mel[i] + pos[i]);
                }
                input = stepEmbeds.flip();
                seq = 1;
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
        return new Result(List.copyOf(tokens), List.copyOf(latents), stopped);
    }

    /**
     * The mel position of audio token {@code k} (0-based) when it is fed back: k + 1, after the start
     * token's 0. Coqui's GPT2InferenceModel takes it from the attention mask, which Hugging Face's
     * generate has grown by one column for the token (prefix + 1 + k + 1 long), less prefix + 1; training
     * and the public export's orchestrator agree. GptUpstreamReferenceTest holds this against upstream's run.
     */
    static int melPosition(int k) {
        return k + 1;
    }

    /**
     * The first call's inputs_embeds, flat [P, D]: conditioning latents, then the text embeddings of
     * [START] ids [STOP] plus text positions, then the start-audio embedding plus mel position 0.
     */
    float[] prefix(int[] textIds, float[] condLatents) {
        int d = tables.width();
        if (condLatents.length % d != 0) {
            throw new IllegalArgumentException("conditioning latents of " + condLatents.length + " values for width " + d);
        }
        int condLen = condLatents.length / d;
        int textLen = textIds.length + 2;
        if (textLen > tables.textPos().rows()) {
            throw new IllegalArgumentException("text of " + textIds.length + " tokens exceeds the model's "
                    + (tables.textPos().rows() - 2));
        }
        int prefixLen = condLen + textLen + 1;
        float[] prefix = new float[prefixLen * d];
        System.arraycopy(condLatents, 0, prefix, 0, condLatents.length);
        for (int i = 0; i < textLen; i++) {
            int id = i == 0 ? constants.startText() : i == textLen - 1 ? constants.stopText() : textIds[i - 1];
            addRows(prefix, (condLen + i) * d, tables.text().row(id), tables.textPos().row(i));
        }
        addRows(prefix, (prefixLen - 1) * d, tables.mel().row(constants.startAudio()), tables.melPos().row(0));
        return prefix;
    }

    private static void addRows(float[] dst, int offset, float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) {
            dst[offset + i] = a[i] + b[i];
        }
    }

    /** A direct buffer of {@code n} ones in the mask's type (float32 in the public export, else int64). */
    private Buffer ones(int n) {
        ByteBuffer bytes = ByteBuffer.allocateDirect(n * (graphs.floatMask ? 4 : 8)).order(ByteOrder.nativeOrder());
        if (graphs.floatMask) {
            FloatBuffer f = bytes.asFloatBuffer();
            while (f.hasRemaining()) {
                f.put(1f);
            }
            return f.clear();
        }
        LongBuffer l = bytes.asLongBuffer();
        while (l.hasRemaining()) {
            l.put(1L);
        }
        return l.clear();
    }

    /** The first {@code n} ones as a [1, n] mask, sharing the buffer's memory. */
    private OnnxTensor mask(Buffer ones, int n) throws OrtException {
        long[] shape = {1, n};
        if (ones instanceof FloatBuffer f) {
            return OnnxTensor.createTensor(graphs.env, f.duplicate().limit(n), shape);
        }
        return OnnxTensor.createTensor(graphs.env, ((LongBuffer) ones).duplicate().limit(n), shape);
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }


    /** The last sequence position of a [1, S, N] output. */
    private static float[] lastRow(OrtSession.Result r, String name) {
        OnnxTensor t = Graphs.output(r, name);
        long[] shape = t.getInfo().getShape();
        int n = (int) shape[shape.length - 1];
        FloatBuffer fb = t.getFloatBuffer();
        float[] out = new float[n];
        fb.position(fb.limit() - n);
        fb.get(out);
        return out;
    }
}
