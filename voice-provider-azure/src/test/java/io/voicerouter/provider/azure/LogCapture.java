package io.voicerouter.provider.azure;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures every log line written while it is open: SLF4J's simple binding (which prints to the
 * current System.err, at trace level in these tests) and java.util.logging at every level.
 */
final class LogCapture implements AutoCloseable {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final StringBuilder jul = new StringBuilder();
    private final PrintStream originalErr = System.err;
    private final Logger root = Logger.getLogger("");
    private final Level originalLevel = root.getLevel();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (jul) {
                jul.append(r.getLevel()).append(' ').append(r.getLoggerName()).append(' ').append(r.getMessage());
                if (r.getParameters() != null) {
                    for (Object p : r.getParameters()) {
                        jul.append(' ').append(p);
                    }
                }
                if (r.getThrown() != null) {
                    jul.append(' ').append(r.getThrown());
                }
                jul.append('\n');
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    LogCapture() {
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (bytes) {
                    bytes.write(b);
                }
                originalErr.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (bytes) {
                    bytes.write(b, off, len);
                }
                originalErr.write(b, off, len);
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
        root.setLevel(Level.ALL);
    }

    String text() {
        System.err.flush();
        synchronized (bytes) {
            synchronized (jul) {
                return bytes.toString(StandardCharsets.UTF_8) + jul;
            }
        }
    }

    @Override
    public void close() {
        System.setErr(originalErr);
        root.removeHandler(handler);
        root.setLevel(originalLevel);
    }
}
