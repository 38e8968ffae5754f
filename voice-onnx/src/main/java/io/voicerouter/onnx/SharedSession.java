package io.voicerouter.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One reference to a session opened by {@link OnnxSessions}. Thread-safe: many threads may
 * {@link #run} at once. {@link #close()} gives the reference back (once; later calls do nothing);
 * the native session closes when its last reference does.
 */
public final class SharedSession implements AutoCloseable {
    private final OnnxSessions owner;
    private final Path model;
    private final OrtSession session;
    private final String device;
    private final AtomicBoolean closed = new AtomicBoolean();

    SharedSession(OnnxSessions owner, Path model, OrtSession session, String device) {
        this.owner = owner;
        this.model = model;
        this.session = session;
        this.device = device;
    }

    /** The canonical path of the model file. */
    public Path model() {
        return model;
    }

    /** The device this session runs on: {@code cpu} or {@code cuda:N}. */
    public String device() {
        return device;
    }

    public OrtEnvironment environment() {
        return owner.environment();
    }

    public Set<String> inputNames() {
        return session.getInputNames();
    }

    public Set<String> outputNames() {
        return session.getOutputNames();
    }

    /** Runs the model. The caller closes the result (and its own input tensors). */
    public OrtSession.Result run(Map<String, OnnxTensor> inputs) throws OrtException {
        if (closed.get()) {
            throw new IllegalStateException("session for " + model + " was closed");
        }
        return session.run(inputs);
    }

    /** The underlying session, for callers that need ONNX Runtime's full API. Do not close it. */
    public OrtSession session() {
        return session;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            owner.release(model, session);
        }
    }

    @Override
    public String toString() {
        return "SharedSession[" + model.getFileName() + " on " + device + "]";
    }
}
