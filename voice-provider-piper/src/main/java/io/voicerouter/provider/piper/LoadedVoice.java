package io.voicerouter.provider.piper;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.voicerouter.onnx.SharedSession;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A voice's config with its open session, and optionally a second, wide session of the same model
 * (more intra-op threads) for a sentence that runs alone, opened on first use. Thread-safe: runs may
 * overlap.
 */
final class LoadedVoice implements AutoCloseable {
    private final String key;
    private final Path model;
    private final PiperVoiceConfig config;
    private final SharedSession session;
    private final Function<Path, SharedSession> wideOpener;
    private final boolean takesSpeakerId;
    private SharedSession wide; // guarded by this
    private boolean closed; // guarded by this

    /** {@code wideOpener} null: no wide session, every run uses {@code session}. */
    LoadedVoice(String key, Path model, PiperVoiceConfig config, SharedSession session,
                Function<Path, SharedSession> wideOpener) {
        this.key = key;
        this.model = model;
        this.config = config;
        this.session = session;
        this.wideOpener = wideOpener;
        this.takesSpeakerId = session.inputNames().contains("sid");
    }

    /** Whether {@link #infer} with {@code wide} true uses a session of its own. */
    boolean hasWideSession() {
        return wideOpener != null;
    }

    private synchronized SharedSession wideSession() {
        if (closed) {
            return session; // closing: the caller's run fails on the closed provider as any other would
        }
        if (wide == null) {
            wide = wideOpener.apply(model);
        }
        return wide;
    }

    String key() {
        return key;
    }

    Path model() {
        return model;
    }

    PiperVoiceConfig config() {
        return config;
    }

    String device() {
        return session.device();
    }

    /**
     * Runs the model on one sentence's ids and returns its audio at the voice's sample rate; on the
     * wide session when {@code wide} and the voice has one.
     */
    float[] infer(long[] ids, float noiseScale, float lengthScale, float noiseW, long speakerId, boolean wide)
            throws OrtException {
        SharedSession session = wide && wideOpener != null ? wideSession() : this.session;
        OrtEnvironment env = session.environment();
        try (OnnxTensor input = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), new long[] {1, ids.length});
             OnnxTensor lengths = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {ids.length}), new long[] {1});
             OnnxTensor scales = OnnxTensor.createTensor(env,
                     FloatBuffer.wrap(new float[] {noiseScale, lengthScale, noiseW}), new long[] {3});
             OnnxTensor sid = takesSpeakerId
                     ? OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {speakerId}), new long[] {1}) : null) {
            Map<String, OnnxTensor> inputs = new HashMap<>(4);
            inputs.put("input", input);
            inputs.put("input_lengths", lengths);
            inputs.put("scales", scales);
            if (sid != null) {
                inputs.put("sid", sid);
            }
            try (OrtSession.Result result = session.run(inputs)) {
                FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
                float[] audio = new float[out.remaining()];
                out.get(audio);
                return audio;
            }
        }
    }

    @Override
    public void close() {
        session.close();
        synchronized (this) {
            closed = true;
            if (wide != null) {
                wide.close();
            }
        }
    }
}
