package io.voicerouter.xtts;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The four ONNX Runtime sessions of an XTTS export, with the tensor names resolved once from the
 * graphs' own metadata (so small naming differences between exports do not matter). Sessions are
 * thread-safe for {@code run}; this class is too. Every tensor made here is closed by try-with-resources.
 */
final class Graphs implements AutoCloseable {
    /** The export's graph files (metadata.json's "files" may name others). */
    record Files(String conditioning, String speaker, String gpt, String vocoder) {
        static final Files DEFAULT = new Files("conditioning_encoder.onnx", "speaker_encoder.onnx", "gpt_model.onnx",
                "hifigan_vocoder.onnx");

        List<String> all() {
            return List.of(conditioning, speaker, gpt, vocoder);
        }
    }

    private static final Pattern LAYER = Pattern.compile("(\\d+)");

    final OrtEnvironment env;
    final OrtSession conditioning;
    final OrtSession speaker;
    final OrtSession gpt;
    final OrtSession vocoder;

    // GPT contract, read from the graph
    final String embedsName;
    final String maskName;
    final boolean floatMask;
    final List<String> pastKeys = new ArrayList<>();
    final List<String> pastValues = new ArrayList<>();
    final List<String> presentKeys = new ArrayList<>();
    final List<String> presentValues = new ArrayList<>();
    final String logitsName;
    final String hiddenName;
    final int heads;
    final int headDim;
    final String vocoderLatents;
    final String vocoderSpeaker;

    Graphs(Path dir, Files files, int intraOpThreads) throws OrtException {
        env = OrtEnvironment.getEnvironment();
        OrtSession c = null;
        OrtSession s = null;
        OrtSession g = null;
        OrtSession v = null;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            c = env.createSession(dir.resolve(files.conditioning()).toString(), options);
            s = env.createSession(dir.resolve(files.speaker()).toString(), options);
            g = env.createSession(dir.resolve(files.gpt()).toString(), options);
            v = env.createSession(dir.resolve(files.vocoder()).toString(), options);
        } catch (OrtException | RuntimeException e) {
            for (OrtSession o : new OrtSession[] {c, s, g, v}) {
                if (o != null) {
                    o.close();
                }
            }
            throw e;
        }
        conditioning = c;
        speaker = s;
        gpt = g;
        vocoder = v;

        String embeds = null;
        String mask = null;
        boolean maskIsFloat = false;
        TreeMap<Integer, String> pk = new TreeMap<>();
        TreeMap<Integer, String> pv = new TreeMap<>();
        long[] pastShape = null;
        for (Map.Entry<String, NodeInfo> e : gpt.getInputInfo().entrySet()) {
            String n = e.getKey();
            String lower = n.toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("past")) {
                (lower.contains("key") ? pk : pv).put(layer(n), n);
                pastShape = ((TensorInfo) e.getValue().getInfo()).getShape();
            } else if (lower.contains("mask")) {
                mask = n;
                // The public export takes a float32 mask, Hugging Face-style exports an int64 one.
                maskIsFloat = ((TensorInfo) e.getValue().getInfo()).type == OnnxJavaType.FLOAT;
            } else if (lower.contains("embed")) {
                embeds = n;
            }
        }
        TreeMap<Integer, String> ok = new TreeMap<>();
        TreeMap<Integer, String> ov = new TreeMap<>();
        String logits = null;
        String hidden = null;
        for (String n : gpt.getOutputNames()) {
            String lower = n.toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("present")) {
                (lower.contains("key") ? ok : ov).put(layer(n), n);
            } else if (lower.contains("logits")) {
                logits = n;
            } else if (lower.contains("hidden") || lower.contains("latent")) {
                hidden = n;
            }
        }
        if (embeds == null || mask == null || logits == null || hidden == null || pk.isEmpty()
                || pk.size() != pv.size() || pk.size() != ok.size() || ok.size() != ov.size() || pastShape == null
                || pastShape.length != 4 || pastShape[1] <= 0 || pastShape[3] <= 0) {
            close();
            throw new IllegalStateException("gpt_model.onnx does not have the expected contract: inputs "
                    + gpt.getInputNames() + ", outputs " + gpt.getOutputNames());
        }
        embedsName = embeds;
        maskName = mask;
        floatMask = maskIsFloat;
        logitsName = logits;
        hiddenName = hidden;
        pastKeys.addAll(pk.values());
        pastValues.addAll(pv.values());
        presentKeys.addAll(ok.values());
        presentValues.addAll(ov.values());
        heads = (int) pastShape[1];
        headDim = (int) pastShape[3];

        String lat = null;
        String spk = null;
        for (String n : vocoder.getInputNames()) {
            String lower = n.toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("speaker") || lower.equals("g")) {
                spk = n;
            } else {
                lat = n;
            }
        }
        if (lat == null || spk == null) {
            close();
            throw new IllegalStateException("hifigan_vocoder.onnx needs a latents and a speaker input, has "
                    + vocoder.getInputNames());
        }
        vocoderLatents = lat;
        vocoderSpeaker = spk;
    }

    int layers() {
        return pastKeys.size();
    }

    private static int layer(String name) {
        Matcher m = LAYER.matcher(name);
        int last = -1;
        while (m.find()) {
            last = Integer.parseInt(m.group(1));
        }
        if (last < 0) {
            throw new IllegalStateException("no layer number in tensor name " + name);
        }
        return last;
    }

    /** Runs a one-input, one-output encoder on a [1, bands, frames] mel; returns the flat output. */
    float[] encode(OrtSession session, float[][] mel) throws OrtException {
        int bands = mel.length;
        int frames = mel[0].length;
        float[] flat = new float[bands * frames];
        for (int m = 0; m < bands; m++) {
            System.arraycopy(mel[m], 0, flat, m * frames, frames);
        }
        String input = session.getInputNames().iterator().next();
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(flat), new long[] {1, bands, frames});
             OrtSession.Result r = session.run(Map.of(input, t))) {
            return floats((OnnxTensor) r.get(0));
        }
    }

    /** latents [1, T, D] and speaker embedding [1, S, 1] to the flat waveform. */
    float[] vocode(float[] latents, int frames, int width, float[] speakerEmbedding) throws OrtException {
        try (OnnxTensor l = OnnxTensor.createTensor(env, FloatBuffer.wrap(latents), new long[] {1, frames, width});
             OnnxTensor g = OnnxTensor.createTensor(env, FloatBuffer.wrap(speakerEmbedding),
                     new long[] {1, speakerEmbedding.length, 1});
             OrtSession.Result r = vocoder.run(Map.of(vocoderLatents, l, vocoderSpeaker, g))) {
            return floats((OnnxTensor) r.get(0));
        }
    }

    static float[] floats(OnnxTensor t) {
        FloatBuffer fb = t.getFloatBuffer();
        float[] out = new float[fb.remaining()];
        fb.get(out);
        return out;
    }

    @Override
    public void close() {
        for (OrtSession o : new OrtSession[] {conditioning, speaker, gpt, vocoder}) {
            if (o != null) {
                try {
                    o.close();
                } catch (OrtException e) {
                    // closing a session only fails if it was already closed
                }
            }
        }
    }
}
