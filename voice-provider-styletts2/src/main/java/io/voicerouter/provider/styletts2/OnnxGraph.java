package io.voicerouter.provider.styletts2;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ONNX Runtime session with explicit options. CPU unless the device asks for CUDA; when the
 * CUDA provider cannot be added (CPU-only runtime, no GPU) it falls back to CPU and says so in
 * {@link #device()}. {@code OrtSession.run} is thread-safe, so one graph serves every request.
 * Every tensor and result is closed by try-with-resources. (voice-onnx's shared session factory
 * will replace this class once it is merged.)
 */
final class OnnxGraph implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxGraph.class);

    private final OrtEnvironment env;
    private final OrtSession session;
    private final String device;
    private final String name;

    private OnnxGraph(OrtEnvironment env, OrtSession session, String device, String name) {
        this.env = env;
        this.session = session;
        this.device = device;
        this.name = name;
    }

    /** Opens {@code file}; {@code requestedDevice} is {@code cpu}, {@code cuda} or {@code cuda:N}. */
    static OnnxGraph open(Path file, String requestedDevice, int threads) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        String device = "cpu";
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (threads > 0) {
                options.setIntraOpNumThreads(threads);
            }
            if (requestedDevice.startsWith("cuda")) {
                int id = requestedDevice.contains(":") ? Integer.parseInt(requestedDevice.substring(5)) : 0;
                try {
                    options.addCUDA(id);
                    device = "cuda:" + id;
                } catch (OrtException | RuntimeException e) {
                    LOG.warn("CUDA requested for {} but unavailable ({}); running on CPU", file.getFileName(),
                            e.getMessage());
                }
            }
            OrtSession session = env.createSession(file.toString(), options);
            return new OnnxGraph(env, session, device, file.getFileName().toString());
        }
    }

    String device() {
        return device;
    }

    Set<String> inputNames() {
        return session.getInputNames();
    }

    /** The element type input {@code input} is declared with, when it is a tensor. */
    java.util.Optional<ai.onnxruntime.OnnxJavaType> inputType(String input) throws OrtException {
        NodeInfo info = session.getInputInfo().get(input);
        return info != null && info.getInfo() instanceof TensorInfo t ? java.util.Optional.of(t.type)
                : java.util.Optional.empty();
    }

    /** Runs the graph on named inputs and returns every float output, flattened, by name. */
    Map<String, float[]> run(Map<String, Input> inputs) throws OrtException {
        Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Input> e : inputs.entrySet()) {
                tensors.put(e.getKey(), e.getValue().toTensor(env));
            }
            try (OrtSession.Result result = session.run(tensors)) {
                Map<String, float[]> out = new LinkedHashMap<>();
                for (Map.Entry<String, ai.onnxruntime.OnnxValue> e : result) {
                    if (e.getValue() instanceof OnnxTensor t) {
                        FloatBuffer fb = t.getFloatBuffer();
                        if (fb == null) {
                            throw new OrtException(name + ": output " + e.getKey() + " is not float32");
                        }
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
        try {
            session.close();
        } catch (OrtException e) {
            LOG.warn("closing {} failed: {}", name, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "OnnxGraph[" + name + ", " + device + "]";
    }
}
