package io.voicerouter.encoders.internal;

import io.voicerouter.audio.AudioData;
import io.voicerouter.encode.EncodeSpec;
import io.voicerouter.encode.EncoderSession;
import io.voicerouter.error.AudioEncodingException;
import io.voicerouter.error.EncoderUnavailableException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One running ffmpeg: the caller's thread writes float PCM to its stdin, a daemon thread copies its
 * stdout to the output as it comes (so encoded bytes leave while synthesis goes on, and a full pipe
 * never blocks ffmpeg), another keeps the tail of stderr for the error message. {@link #finish}
 * closes stdin and waits for the exit; {@link #close} before that kills the process.
 */
public final class FfmpegProcess implements EncoderSession {
    private static final long EXIT_WAIT_SECONDS = 120;
    private static final int STDERR_TAIL = 2000;

    private final Process process;
    private final OutputStream stdin;
    private final Thread stdoutPump;
    private final Thread stderrPump;
    private final StringBuilder stderr = new StringBuilder();
    private final String what;
    private volatile IOException outputFailure;
    private boolean finished;

    private FfmpegProcess(Process process, OutputStream out, String what) {
        this.process = process;
        this.what = what;
        this.stdin = process.getOutputStream();
        this.stdoutPump = daemon("ffmpeg-out", () -> pumpStdout(process.getInputStream(), out));
        this.stderrPump = daemon("ffmpeg-err", () -> pumpStderr(process.getErrorStream()));
    }

    /** Starts {@code command}; its stdout goes to {@code out}. */
    public static FfmpegProcess start(String executable, List<String> command, OutputStream out, EncodeSpec spec) {
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new EncoderUnavailableException(spec.format().id(), "Cannot start ffmpeg ('" + executable + "'): "
                    + e.getMessage() + "; install the ffmpeg package (Debian/Ubuntu: apt-get install ffmpeg)");
        }
        return new FfmpegProcess(process, out, spec.format().id() + " via ffmpeg");
    }

    @Override
    public void write(AudioData audio) {
        if (finished) {
            throw new IllegalStateException("the ffmpeg stream is finished");
        }
        ByteBuffer b = ByteBuffer.allocate(audio.sampleCount() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < audio.sampleCount(); i++) {
            float s = audio.sampleAt(i);
            b.putFloat(Float.isFinite(s) ? s : 0f);
        }
        try {
            stdin.write(b.array());
            stdin.flush();
        } catch (IOException e) {
            // ffmpeg closed its input: it failed, and its exit says why
            throw failure("stopped reading its input", e);
        }
    }

    @Override
    public void finish() {
        if (finished) {
            return;
        }
        finished = true;
        try {
            stdin.close();
        } catch (IOException e) {
            throw failure("stopped reading its input", e);
        }
        try {
            // stdout first: the pump may still be handing ffmpeg's last bytes to a slow output
            stdoutPump.join(TimeUnit.SECONDS.toMillis(EXIT_WAIT_SECONDS));
            if (stdoutPump.isAlive() || !process.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AudioEncodingException("ffmpeg did not finish " + what + " within "
                        + EXIT_WAIT_SECONDS + " s");
            }
            stderrPump.join();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AudioEncodingException("Interrupted while ffmpeg was finishing " + what, e);
        }
        if (process.exitValue() != 0) {
            throw new AudioEncodingException("ffmpeg failed encoding " + what + " (exit " + process.exitValue()
                    + "): " + stderrTail());
        }
        if (outputFailure != null) {
            throw new UncheckedIOException("Cannot write " + what + " output", outputFailure);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        try {
            stdin.close();
        } catch (IOException ignored) {
            // the process is gone; its pipe may already be closed
        }
    }

    private AudioEncodingException failure(String doing, IOException e) {
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            stderrPump.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
        String exit = process.isAlive() ? "still running" : "exit " + process.exitValue();
        process.destroyForcibly();
        return new AudioEncodingException("ffmpeg " + doing + " while encoding " + what + " (" + exit + "): "
                + stderrTail(), e);
    }

    private String stderrTail() {
        synchronized (stderr) {
            String s = stderr.toString().strip();
            return s.isEmpty() ? "no message" : s;
        }
    }

    private void pumpStdout(InputStream in, OutputStream out) {
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                if (outputFailure == null) {
                    try {
                        out.write(buf, 0, n);
                        out.flush();
                    } catch (IOException e) {
                        outputFailure = e; // keep draining, so ffmpeg is not blocked on a full pipe
                    }
                }
            }
        } catch (IOException e) {
            // the process was killed; finish() or close() reports
        }
    }

    private void pumpStderr(InputStream in) {
        byte[] buf = new byte[1024];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (stderr) {
                    stderr.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    if (stderr.length() > STDERR_TAIL) {
                        stderr.delete(0, stderr.length() - STDERR_TAIL);
                    }
                }
            }
        } catch (IOException e) {
            // the process was killed
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
