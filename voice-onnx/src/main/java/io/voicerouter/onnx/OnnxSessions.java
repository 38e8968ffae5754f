package io.voicerouter.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The one place that creates ONNX Runtime sessions. A model file is opened once and shared by
 * every caller that {@link #acquire acquires} it (keyed by canonical path); each
 * {@link SharedSession#close()} gives one reference back and the last one closes the native
 * session. {@link #close()} closes every session still open, for a provider shutting down.
 *
 * <p>With device {@code auto}, CUDA is used when the {@code onnxruntime_gpu} artifact is on the
 * class path and its CUDA libraries load; otherwise sessions run on the CPU and one log line says
 * why. An explicit {@code cuda[:N]} that cannot be honoured is a {@link DeviceUnavailableException}.
 * Thread-safe; {@code OrtSession.run} itself may be called from many threads at once.
 */
public final class OnnxSessions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxSessions.class);

    private final OrtEnvironment environment;
    private final SessionOptions options;
    private final Map<Path, Entry> sessions = new HashMap<>();
    private boolean closed;
    private boolean cudaFallbackLogged;
    private String lastDevice;

    private OnnxSessions(SessionOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.environment = OrtEnvironment.getEnvironment();
    }

    public static OnnxSessions create(SessionOptions options) {
        return new OnnxSessions(options);
    }

    public static OnnxSessions createDefault() {
        return new OnnxSessions(SessionOptions.defaults());
    }

    public SessionOptions options() {
        return options;
    }

    public OrtEnvironment environment() {
        return environment;
    }

    /** Whether the ONNX Runtime on the class path was built with the CUDA execution provider. */
    public static boolean cudaAvailable() {
        try {
            return OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /**
     * The device sessions run on, as text ({@code cpu} or {@code cuda:N}): the device of the most
     * recently opened session, or what {@code auto} would pick when none is open yet.
     */
    public synchronized String device() {
        if (lastDevice != null) {
            return lastDevice;
        }
        return switch (options.device().kind()) {
            case CPU -> "cpu";
            case CUDA -> options.device().toString();
            case AUTO -> cudaAvailable() ? "cuda:0" : "cpu";
        };
    }

    /**
     * Opens {@code model}, or shares the session already open for it.
     *
     * @throws OnnxSessionException when the file is missing or not a model ONNX Runtime can load,
     *                              or when an explicit CUDA device is not available
     */
    public synchronized SharedSession acquire(Path model) {
        if (closed) {
            throw new IllegalStateException("OnnxSessions is closed");
        }
        Path key = canonical(model);
        Entry entry = sessions.get(key);
        if (entry == null) {
            entry = open(key);
            sessions.put(key, entry);
            lastDevice = entry.device;
        }
        entry.references++;
        return new SharedSession(this, key, entry.session, entry.device);
    }

    /** Number of distinct model files open now. */
    public synchronized int openSessions() {
        return sessions.size();
    }

    synchronized void release(Path key, OrtSession session) {
        Entry entry = sessions.get(key);
        if (entry == null || entry.session != session) {
            return; // closed by close() already
        }
        if (--entry.references == 0) {
            sessions.remove(key);
            closeQuietly(key, entry.session);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        sessions.forEach((key, e) -> closeQuietly(key, e.session));
        sessions.clear();
    }

    private static void closeQuietly(Path key, OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.warn("Closing the ONNX session for {} failed: {}", key, e.getMessage());
        }
    }

    private static Path canonical(Path model) {
        Objects.requireNonNull(model, "model");
        if (!Files.isRegularFile(model)) {
            throw new OnnxSessionException("Model file not found: " + model.toAbsolutePath());
        }
        try {
            return model.toRealPath();
        } catch (IOException e) {
            throw new OnnxSessionException("Cannot read model file " + model.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    private Entry open(Path model) {
        Device device = options.device();
        if (device.kind() == Device.Kind.CPU) {
            try {
                return new Entry(create(model, null), "cpu");
            } catch (OrtException e) {
                throw new OnnxSessionException("Cannot open model " + model + ": " + e.getMessage(), e);
            }
        }
        if (device.kind() == Device.Kind.CUDA) {
            if (!cudaAvailable()) {
                throw new DeviceUnavailableException("Device " + device + " requested but this ONNX Runtime has no CUDA "
                        + "execution provider: put com.microsoft.onnxruntime:onnxruntime_gpu on the class path "
                        + "instead of onnxruntime (see voice-onnx/README.md), or set the device to auto or cpu");
            }
            try {
                return new Entry(create(model, device.index()), device.toString());
            } catch (OrtException e) {
                throw new DeviceUnavailableException("Cannot open " + model + " on " + device + ": " + e.getMessage(), e);
            }
        }
        if (cudaAvailable()) {
            try {
                return new Entry(create(model, 0), "cuda:0");
            } catch (OrtException | RuntimeException e) {
                logFallback("CUDA execution provider failed to start (" + e.getMessage() + ")");
            }
        } else {
            logFallback("ONNX Runtime has no CUDA execution provider (CPU artifact on the class path)");
        }
        try {
            return new Entry(create(model, null), "cpu");
        } catch (OrtException e) {
            throw new OnnxSessionException("Cannot open model " + model + ": " + e.getMessage(), e);
        }
    }

    private void logFallback(String why) {
        if (!cudaFallbackLogged) {
            cudaFallbackLogged = true;
            LOG.info("Device auto: running ONNX models on the CPU because the {}", why);
        }
    }

    private OrtSession create(Path model, Integer cudaDevice) throws OrtException {
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            if (options.intraOpThreads() > 0) {
                so.setIntraOpNumThreads(options.intraOpThreads());
            }
            if (options.interOpThreads() > 0) {
                so.setInterOpNumThreads(options.interOpThreads());
            }
            so.setOptimizationLevel(switch (options.optimizationLevel()) {
                case NONE -> OrtSession.SessionOptions.OptLevel.NO_OPT;
                case BASIC -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
                case EXTENDED -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
                case ALL -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
            });
            so.setMemoryPatternOptimization(options.memoryPattern());
            so.setCPUArenaAllocator(options.cpuArena());
            so.addConfigEntry("session.intra_op.allow_spinning", options.spinWait() ? "1" : "0");
            if (cudaDevice != null) {
                so.addCUDA(cudaDevice);
            }
            return environment.createSession(model.toString(), so);
        }
    }

    @Override
    public String toString() {
        return "OnnxSessions[" + options.device() + ", " + openSessions() + " open]";
    }

    private static final class Entry {
        final OrtSession session;
        final String device;
        int references;

        Entry(OrtSession session, String device) {
            this.session = session;
            this.device = device;
        }
    }
}
