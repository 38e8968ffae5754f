package io.voicerouter.samples;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.voicerouter.audio.AudioData;
import io.voicerouter.error.ProviderException;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.onnx.Device;
import io.voicerouter.onnx.OnnxSessionException;
import io.voicerouter.onnx.OnnxSessions;
import io.voicerouter.onnx.SessionOptions;
import io.voicerouter.onnx.SharedSession;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Silero VAD (MIT, the 16 kHz LSTM export bundled as {@code silero_vad.onnx}): 512-sample windows
 * (32 ms), recurrent state h/c of shape [2,1,64] carried from window to window, output [1,2,1] whose
 * second value is the speech probability. The session comes from voice-onnx's {@link OnnxSessions},
 * shared and thread-safe; the recurrent state lives in each call.
 */
final class SileroVad implements AutoCloseable {
    static final int SAMPLE_RATE = 16_000;
    static final int WINDOW = 512;
    private static final String RESOURCE = "silero_vad.onnx";

    private final SharedSession session;

    private SileroVad(SharedSession session) {
        this.session = session;
    }

    /**
     * Session options for the VAD: CPU, one thread per call; the model is tiny and the analyzer may
     * run on many request threads at once.
     */
    static SessionOptions sessionOptions() {
        return SessionOptions.builder().device(Device.CPU).intraOpThreads(1).interOpThreads(1).build();
    }

    /** The VAD model bundled in this jar, opened through {@code sessions}. */
    static SileroVad bundled(OnnxSessions sessions) {
        return open(sessions, BundledModel.path());
    }

    /** A Silero VAD model file with the same inputs and outputs, opened through {@code sessions}. */
    static SileroVad open(OnnxSessions sessions, Path model) {
        try {
            return new SileroVad(sessions.acquire(model));
        } catch (OnnxSessionException e) {
            throw new ProviderException("silero_vad", ErrorKind.MODEL_MISSING,
                    "cannot load the VAD model " + model.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /** Speech probability of each 32 ms window of {@code mono16k} (mono, 16 kHz). */
    float[] speechProbabilities(AudioData mono16k) {
        if (mono16k.channels() != 1 || mono16k.sampleRate() != SAMPLE_RATE) {
            throw new IllegalArgumentException("Silero VAD needs mono 16 kHz, got " + mono16k);
        }
        OrtEnvironment env = session.environment();
        int windows = mono16k.frames() / WINDOW;
        float[] probabilities = new float[windows];
        float[][][] h = new float[2][1][64];
        float[][][] c = new float[2][1][64];
        float[][] input = new float[1][WINDOW];
        try {
            for (int w = 0; w < windows; w++) {
                for (int i = 0; i < WINDOW; i++) {
                    input[0][i] = mono16k.sampleAt(w * WINDOW + i);
                }
                try (OnnxTensor x = OnnxTensor.createTensor(env, input);
                     OnnxTensor h0 = OnnxTensor.createTensor(env, h);
                     OnnxTensor c0 = OnnxTensor.createTensor(env, c);
                     OrtSession.Result r = session.run(Map.of("input", x, "h0", h0, "c0", c0))) {
                    float[][][] out = (float[][][]) r.get(0).getValue();
                    probabilities[w] = out[0][1][0];
                    h = (float[][][]) r.get(1).getValue();
                    c = (float[][][]) r.get(2).getValue();
                }
            }
        } catch (OrtException e) {
            throw new ProviderException("silero_vad", ErrorKind.INTERNAL, "VAD inference failed", e);
        }
        return probabilities;
    }

    @Override
    public void close() {
        session.close();
    }

    /**
     * ONNX Runtime's shared sessions open files, so the bundled model is copied once per process to a
     * temporary file (written whole, then moved into place) that is deleted when the JVM exits.
     */
    private static final class BundledModel {
        private static final Path PATH = extract();

        static Path path() {
            return PATH;
        }

        private static Path extract() {
            try (InputStream in = SileroVad.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new ProviderException("silero_vad", ErrorKind.MODEL_MISSING,
                            "the bundled " + RESOURCE + " is missing from the voice-samples jar");
                }
                Path dir = Files.createTempDirectory("voicerouter-vad-");
                Path tmp = dir.resolve(RESOURCE + ".part");
                Files.copy(in, tmp);
                Path target = Files.move(tmp, dir.resolve(RESOURCE), StandardCopyOption.ATOMIC_MOVE);
                target.toFile().deleteOnExit();
                dir.toFile().deleteOnExit();
                return target;
            } catch (IOException e) {
                throw new ProviderException("silero_vad", ErrorKind.MODEL_MISSING, "cannot unpack " + RESOURCE, e);
            }
        }
    }
}
