package io.voicerouter.provider.styletts2;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.voicerouter.onnx.OnnxSessions;
import io.voicerouter.onnx.SharedSession;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One graph of a model directory, on a session shared through voice-onnx's {@link OnnxSessions}
 * (device, threads and optimizations are the {@link io.voicerouter.onnx.SessionOptions} it was
 * made with). {@code OrtSession.run} is thread-safe, so one graph serves every request. Adds the
 * named float/long/int inputs and flat float outputs the StyleTTS2 graphs use; every tensor and
 * result is closed by try-with-resources.
 */
final class OnnxGraph implements AutoCloseable {
    private final SharedSession session;
    private final OrtEnvironment env;
    private final String name;

    private OnnxGraph(SharedSession session, OrtEnvironment env, String name) {
        this.session = session;
        this.env = env;
        this.name = name;
    }

    /**
     * Opens {@code file} through {@code sessions}.
     *
     * @throws io.voicerouter.onnx.OnnxSessionException when the file cannot be loaded, or an explicit
     *                                                  CUDA device is not available
     */
    static OnnxGraph open(OnnxSessions sessions, Path file) {
        return new OnnxGraph(sessions.acquire(file), sessions.environment(), file.getFileName().toString());
    }

    String device() {
        return session.device();
    }

    Set<String> inputNames() {
        return session.inputNames();
    }

    /** The element type input {@code input} is declared with, when it is a tensor. */
    java.util.Optional<ai.onnxruntime.OnnxJavaType> inputType(String input) throws OrtException {
        NodeInfo info = session.session().getInputInfo().get(input);
        return info != null && info.getInfo() instanceof TensorInfo t ? java.util.Optional.of(t.type)
                : java.util.Optional.empty();
    }

    /** The element type of every tensor output, by name, in the graph's order. */
    Map<String, ai.onnxruntime.OnnxJavaType> outputTypes() throws OrtException {
        Map<String, ai.onnxruntime.OnnxJavaType> out = new LinkedHashMap<>();
        for (Map.Entry<String, NodeInfo> e : session.session().getOutputInfo().entrySet()) {
            if (e.getValue().getInfo() instanceof TensorInfo t) {
                out.put(e.getKey(), t.type);
            }
        }
        return out;
    }

    /**
     * Runs the graph on named inputs and returns every float32 output, flattened, by name. Outputs
     * of other types (an int64 {@code duration}) are left out: callers read outputs by name.
     */
    Map<String, float[]> run(Map<String, Input> inputs) throws OrtException {
        Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Input> e : inputs.entrySet()) {
                tensors.put(e.getKey(), e.getValue().toTensor(env));
            }
            try (OrtSession.Result result = session.run(tensors)) {
                Map<String, float[]> out = new LinkedHashMap<>();
                for (Map.Entry<String, ai.onnxruntime.OnnxValue> e : result) {
                    if (e.getValue() instanceof OnnxTensor t && t.getInfo().type == ai.onnxruntime.OnnxJavaType.FLOAT) {
                        FloatBuffer fb = t.getFloatBuffer();
                        float[] arr = new float[fb.remaining()];
                        fb.get(arr);
                        out.put(e.getKey(), arr);
                    }
                }
                return out;
            }
        } finally {
            for (OnnxTensor t : tensors.values()) {
                t.close();
            }
        }
    }

    /**
     * Runs the graph and returns output {@code output}, flattened.
     *
     * @throws ModelContractException when the graph gave no float32 output of that name
     */
    float[] run(Map<String, Input> inputs, String output) throws OrtException {
        float[] out = run(inputs).get(output);
        if (out == null) {
            throw new ModelContractException(name + " gave no float32 output '" + output + "'");
        }
        return out;
    }

    /** A tensor to be created for one run. */
    sealed interface Input permits FloatInput, LongInput, IntInput {
        OnnxTensor toTensor(OrtEnvironment env) throws OrtException;
    }

    record FloatInput(float[] data, long[] shape) implements Input {
        @Override
        public OnnxTensor toTensor(OrtEnvironment env) throws OrtException {
            return OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape);
        }
    }

    record LongInput(long[] data, long[] shape) implements Input {
        @Override
        public OnnxTensor toTensor(OrtEnvironment env) throws OrtException {
            return OnnxTensor.createTensor(env, LongBuffer.wrap(data), shape);
        }
    }

    record IntInput(int[] data, long[] shape) implements Input {
        @Override
        public OnnxTensor toTensor(OrtEnvironment env) throws OrtException {
            return OnnxTensor.createTensor(env, java.nio.IntBuffer.wrap(data), shape);
        }
    }

    static Input ints(int[] data, long... shape) {
        return new IntInput(data, shape);
    }

    static Input floats(float[] data, long... shape) {
        return new FloatInput(data, shape);
    }

    static Input longs(long[] data, long... shape) {
        return new LongInput(data, shape);
    }

    @Override
    public void close() {
        session.close();
    }

    @Override
    public String toString() {
        return "OnnxGraph[" + name + ", " + device() + "]";
    }
}
