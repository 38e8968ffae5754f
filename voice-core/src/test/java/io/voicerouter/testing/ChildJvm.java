package io.voicerouter.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A separate JVM running a {@code main} class from the test class path, for tests that need real
 * processes (shared files and databases across processes, kill -9). Its standard output is collected
 * line by line; standard error goes to a file for the failure message.
 */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final BlockingQueue<String> fresh = new LinkedBlockingQueue<>();
    private final Path stderr;
    private final Thread reader;

    private ChildJvm(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                    fresh.add(line);
                }
            } catch (IOException e) {
                // the process died; what was read stays
            }
        }, "child-jvm-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code mainClass} with the test class path and a small heap. */
    public static ChildJvm start(Class<?> mainClass, Path stderr, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", cp, mainClass.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(stderr.toFile()).start();
        return new ChildJvm(p, stderr);
    }

    /** Waits for a line starting with {@code prefix}; fails with the child's stderr when it does not come. */
    public String awaitLine(String prefix, long timeoutSeconds) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        for (String l : lines) {
            if (l.startsWith(prefix)) {
                return l;
            }
        }
        while (System.nanoTime() < deadline) {
            String l = fresh.poll(50, TimeUnit.MILLISECONDS);
            if (l != null && l.startsWith(prefix)) {
                return l;
            }
            if (l == null && !process.isAlive() && !reader.isAlive() && fresh.isEmpty()) {
                break; // it ended without saying so
            }
        }
        throw new AssertionError("child JVM printed no line starting with '" + prefix + "' (alive: "
                + process.isAlive() + "); stdout: " + lines + "; stderr:\n" + java.nio.file.Files.readString(stderr));
    }

    /** Waits for the exit; the exit code, after all of stdout was read. */
    public int await(long timeoutSeconds) throws InterruptedException, IOException {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child JVM did not exit in " + timeoutSeconds + " s; stdout tail: "
                    + lines.subList(Math.max(0, lines.size() - 5), lines.size()) + "; stderr:\n"
                    + java.nio.file.Files.readString(stderr));
        }
        reader.join(5000);
        return process.exitValue();
    }

    /** Writes one line to the child's standard input. */
    public void send(String line) throws IOException {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    /** kill (SIGTERM): the child's shutdown hooks run; waits for its exit and returns the exit code. */
    public int terminate(long timeoutSeconds) throws InterruptedException, IOException {
        process.destroy();
        return await(timeoutSeconds);
    }

    /** kill -9. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        reader.join(5000);
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    public String stderr() throws IOException {
        return java.nio.file.Files.readString(stderr);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
