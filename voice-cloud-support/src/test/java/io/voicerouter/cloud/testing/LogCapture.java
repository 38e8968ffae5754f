package io.voicerouter.cloud.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures every log line written while it is open, for tests that look for leaked secrets: SLF4J's
 * simple binding (which prints to the current System.err; run the tests with
 * {@code org.slf4j.simpleLogger.defaultLogLevel=trace} to see every line) and java.util.logging at
 * every level. Output still reaches the original System.err. Open one at a time.
 */
public final class LogCapture implements AutoCloseable {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final StringBuilder jul = new StringBuilder();
    private final PrintStream originalErr = System.err;
    private final Logger root = Logger.getLogger("");
    private final Level originalLevel = root.getLevel();
    private final List<Logger> opened = new ArrayList<>();
    private final List<Level> openedLevels = new ArrayList<>();
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            // The formatted record carries the full stack trace with every cause; the raw
            // parameters are added because a message without placeholders would hide them.
            String formatted = formatter.format(r);
            synchronized (jul) {
                jul.append(formatted);
                if (r.getParameters() != null) {
                    for (Object p : r.getParameters()) {
                        jul.append(' ').append(p);
                    }
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

    public LogCapture() {
        this(new String[0]);
    }

    /**
     * Also opens the named java.util.logging loggers to every level, for libraries that set their
     * own levels (an HTTP stack's request log); their levels come back on {@link #close()}.
     */
    public LogCapture(String... julLoggers) {
        for (String name : julLoggers) {
            Logger l = Logger.getLogger(name);
            opened.add(l);
            openedLevels.add(l.getLevel());
            l.setLevel(Level.ALL);
        }
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

    /** Everything captured so far: SLF4J simple output first, then the JUL records. */
    public String text() {
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
        for (int i = 0; i < opened.size(); i++) {
            opened.get(i).setLevel(openedLevels.get(i));
        }
    }
}
