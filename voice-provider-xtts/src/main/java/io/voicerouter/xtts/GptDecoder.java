package io.voicerouter.xtts;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

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
        if (condLatents.length % d != 0) {
            throw new IllegalArgumentException("conditioning latents of " + condLatents.length + " values for width " + d);
        }
        int condLen = condLatents.length / d;
        int textLen = textIds.length + 2;
        if (textLen > tables.textPos().rows()) {
            throw new IllegalArgumentException("text of " + textIds.length + " tokens exceeds the model's "
                    + (tables.textPos().rows() - 2));
        }
        int limit = Math.min(maxTokens, tables.melPos().rows() - 2);
        int prefixLen = condLen + textLen + 1;
        float[] prefix = new float[prefixLen * d];
        System.arraycopy(condLatents, 0, prefix, 0, condLatents.length);
        for (int i = 0; i < textLen; i++) {
            int id = i == 0 ? constants.startText() : i == textLen - 1 ? constants.stopText() : textIds[i - 1];
            addRows(prefix, (condLen + i) * d, tables.text().row(id), tables.textPos().row(i));
        }
        addRows(prefix, (prefixLen - 1) * d, tables.mel().row(constants.startAudio()), tables.melPos().row(0));

        // Hugging Face's repetition penalty sees XTTS's fake input ids: the prefix filled with 1, then the start token.
        Set<Integer> seen = new HashSet<>(List.of(1, constants.startAudio()));
        List<Integer> tokens = new ArrayList<>();
        List<float[]> latents = new ArrayList<>();
        long[] pastShape = {1, graphs.heads, 0, graphs.headDim};
        List<OnnxTensor> empty = new ArrayList<>();
        OrtSession.Result previous = null;
        boolean stopped = false;
        try {
            Map<String, OnnxTensor> past = new HashMap<>();
            for (int l = 0; l < graphs.layers(); l++) {
                OnnxTensor k = OnnxTensor.createTensor(graphs.env, FloatBuffer.allocate(0), pastShape);
                empty.add(k);
                OnnxTensor v = OnnxTensor.createTensor(graphs.env, FloatBuffer.allocate(0), pastShape);
                empty.add(v);
                past.put(graphs.pastKeys.get(l), k);
                past.put(graphs.pastValues.get(l), v);
            }
            float[] input = prefix;
            int seq = prefixLen;
            int total = prefixLen;
            for (int step = 0; step < limit; step++) {
                if (cancelled.getAsBoolean()) {
                    break;
                }
                OrtSession.Result result;
                try (OnnxTensor embeds = OnnxTensor.createTensor(graphs.env, FloatBuffer.wrap(input), new long[] {1, seq, d});
                     OnnxTensor mask = mask(total)) {
                    Map<String, OnnxTensor> feed = new HashMap<>(past);
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
                past.clear();
                for (int l = 0; l < graphs.layers(); l++) {
                    past.put(graphs.pastKeys.get(l), tensor(result, graphs.presentKeys.get(l)));
                    past.put(graphs.pastValues.get(l), tensor(result, graphs.presentValues.get(l)));
                }
                // XTTS's GPT2InferenceModel places audio token k (0-based, after the start token) at position
                // k + 2 (HF extends the attention mask before the call); the public export's orchestrator uses k + 1.
                input = new float[d];
                int position = Math.min(step + constants.melPositionOffset(), tables.melPos().rows() - 1);
                addRows(input, 0, tables.mel().row(token), tables.melPos().row(position));
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

    private static void addRows(float[] dst, int offset, float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) {
            dst[offset + i] = a[i] + b[i];
        }
    }

    private OnnxTensor mask(int n) throws OrtException {
        long[] shape = {1, n};
        if (graphs.floatMask) {
            float[] m = new float[n];
            java.util.Arrays.fill(m, 1f);
            return OnnxTensor.createTensor(graphs.env, FloatBuffer.wrap(m), shape);
        }
        long[] m = new long[n];
        java.util.Arrays.fill(m, 1L);
        return OnnxTensor.createTensor(graphs.env, LongBuffer.wrap(m), shape);
    }

    private static OnnxTensor tensor(OrtSession.Result r, String name) {
        OnnxValue v = r.get(name).orElseThrow(() -> new IllegalStateException("gpt_model.onnx gave no " + name));
        return (OnnxTensor) v;
    }

    /** The last sequence position of a [1, S, N] output. */
    private static float[] lastRow(OrtSession.Result r, String name) {
        OnnxTensor t = tensor(r, name);
        long[] shape = t.getInfo().getShape();
        int n = (int) shape[shape.length - 1];
        FloatBuffer fb = t.getFloatBuffer();
        float[] out = new float[n];
        fb.position(fb.limit() - n);
        fb.get(out);
        return out;
    }
}
