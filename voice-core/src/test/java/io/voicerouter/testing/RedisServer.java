package io.voicerouter.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis server on a free 127.0.0.1 port with no persistence ({@code --save ''}), in a
 * throwaway directory. Extra arguments such as {@code --maxmemory 2mb} pass through. {@link #stop}
 * kills it (to test a server that went away) and {@link #close} cleans up.
 */
public final class RedisServer implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final Process process;

    private RedisServer(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    public static Optional<Path> binary() {
        for (String p : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")) {
            if (Files.isExecutable(Path.of(p))) {
                return Optional.of(Path.of(p));
            }
        }
        return Optional.empty();
    }

    /** Starts a server, or skips the calling test (JUnit assumption) when redis-server is not installed. */
    public static RedisServer start(String... extraArgs) throws IOException, InterruptedException {
        Path bin = LocalServers.requireBinary(binary(), "redis-server", "redis-server");
        Path dir = Files.createTempDirectory("voicerouter-redis");
        int port = LocalServers.freePort();
        List<String> cmd = new ArrayList<>(List.of(bin.toString(), "--port", Integer.toString(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no"));
        cmd.addAll(List.of(extraArgs));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile()).start();
        RedisServer server = new RedisServer(dir, port, p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!server.ping()) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                String log = Files.readString(dir.resolve("redis.log"));
                server.close();
                throw new IllegalStateException("redis-server did not start:\n" + log);
            }
            Thread.sleep(20);
        }
        return server;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** PING over a raw socket: true when the server answers PONG. */
    public boolean ping() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            s.setSoTimeout(500);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[7];
            int n = in.readNBytes(buf, 0, 7);
            return new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    /** Kills the server now, as a crash or a network cut would look to clients. */
    public void stop() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        LocalServers.deleteTree(dir);
    }
}
