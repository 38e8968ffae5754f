import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs ONNX graphs with the ONNX Runtime Java artifact the providers use, for
 * export_libritts_onnx.py's checks (Debian has no Python onnxruntime). Launched as a single-file
 * program: java -cp onnxruntime-VERSION.jar OrtRun.java JOBS_FILE
 *
 * Each line of JOBS_FILE: graph.onnx out_prefix name:dtype:d0,d1,...:file [...]
 * (dtype f32 or i64, raw little-endian files). Every float output is written as
 * out_prefix.NAME.f32 plus out_prefix.NAME.shape. One session per graph, kept for all its jobs.
 */
public class OrtRun {
    public static void main(String[] args) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OrtSession> sessions = new HashMap<>();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            for (String line : Files.readAllLines(Path.of(args[0]))) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.trim().split(" ");
                OrtSession session = sessions.get(f[0]);
                if (session == null) {
                    session = env.createSession(f[0], options);
                    sessions.put(f[0], session);
                }
                Map<String, OnnxTensor> in = new HashMap<>();
                for (int i = 2; i < f.length; i++) {
                    String[] p = f[i].split(":", 4);
                    String[] dims = p[2].split(",");
                    long[] shape = new long[dims.length];
                    for (int d = 0; d < dims.length; d++) {
                        shape[d] = Long.parseLong(dims[d]);
                    }
                    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(Path.of(p[3]))).order(ByteOrder.LITTLE_ENDIAN);
                    in.put(p[0], p[1].equals("i64")
                            ? OnnxTensor.createTensor(env, LongBuffer.wrap(toLongs(bytes)), shape)
                            : OnnxTensor.createTensor(env, FloatBuffer.wrap(toFloats(bytes)), shape));
                }
                try (OrtSession.Result result = session.run(in)) {
                    for (var entry : result) {
                        OnnxTensor t = (OnnxTensor) entry.getValue();
                        FloatBuffer fb = t.getFloatBuffer();
                        ByteBuffer out = ByteBuffer.allocate(fb.remaining() * 4).order(ByteOrder.LITTLE_ENDIAN);
                        out.asFloatBuffer().put(fb);
                        Files.write(Path.of(f[1] + "." + entry.getKey() + ".f32"), out.array());
                        Files.writeString(Path.of(f[1] + "." + entry.getKey() + ".shape"),
                                java.util.Arrays.toString(t.getInfo().getShape()));
                    }
                } finally {
                    in.values().forEach(OnnxTensor::close);
                }
            }
        } finally {
            for (OrtSession s : sessions.values()) {
                s.close();
            }
        }
    }

    private static long[] toLongs(ByteBuffer b) {
        long[] v = new long[b.remaining() / 8];
        b.asLongBuffer().get(v);
        return v;
    }

    private static float[] toFloats(ByteBuffer b) {
        float[] v = new float[b.remaining() / 4];
        b.asFloatBuffer().get(v);
        return v;
    }
}
