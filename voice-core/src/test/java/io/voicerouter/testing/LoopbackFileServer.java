package io.voicerouter.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A 127.0.0.1 HTTP server for download tests: serves byte arrays by path, honours {@code Range},
 * answers {@code HEAD} with per-file extra headers (as Hugging Face sends {@code X-Linked-Size}),
 * can cut the next response of one path short to drop the connection mid-file, and can hold every
 * response back until the test releases it (a slow server without a wall-clock sleep).
 */
public final class LoopbackFileServer implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> headHeaders = new ConcurrentHashMap<>();
    private final Map<String, Integer> cuts = new ConcurrentHashMap<>();
    /** Every {@code Range} header received, as "path bytes=N-". */
    public final List<String> ranges = new CopyOnWriteArrayList<>();
    /** GETs of files the server has (404s and HEADs not counted). */
    public final AtomicInteger gets = new AtomicInteger();
    /** Every request of any method and path, 404s included: zero means the client never called. */
    public final AtomicInteger requests = new AtomicInteger();
    private volatile CountDownLatch hold;

    public LoopbackFileServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    public LoopbackFileServer put(String path, byte[] content) {
        files.put(path, content);
        return this;
    }

    /** Headers sent with a {@code HEAD} of {@code path} (a GET does not carry them). */
    public LoopbackFileServer headHeaders(String path, Map<String, String> headers) {
        headHeaders.put(path, Map.copyOf(headers));
        return this;
    }

    /** The next GET of {@code path} stops after {@code bytes} body bytes and the connection drops. */
    public LoopbackFileServer cutNext(String path, int bytes) {
        cuts.put(path, bytes);
        return this;
    }

    /** From now on every request waits, before it is answered, until {@link #releaseResponses()}. */
    public LoopbackFileServer holdResponses() {
        hold = new CountDownLatch(1);
        return this;
    }

    /** Lets held requests (and later ones) be answered. */
    public LoopbackFileServer releaseResponses() {
        CountDownLatch gate = hold;
        if (gate != null) {
            gate.countDown();
        }
        return this;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private void handle(HttpExchange ex) {
        requests.incrementAndGet();
        CountDownLatch gate = hold;
        if (gate != null) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            String path = ex.getRequestURI().getPath();
            byte[] body = files.get(path);
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
                ex.close();
                return;
            }
            if (ex.getRequestMethod().equals("HEAD")) {
                headHeaders.getOrDefault(path, Map.of()).forEach((k, v) -> ex.getResponseHeaders().add(k, v));
                ex.sendResponseHeaders(200, -1);
                ex.close();
                return;
            }
            gets.incrementAndGet();
            String range = ex.getRequestHeaders().getFirst("Range");
            int start = 0;
            int status = 200;
            if (range != null) {
                ranges.add(path + " " + range);
                start = Integer.parseInt(range.replaceAll("bytes=(\\d+)-.*", "$1"));
                status = 206;
                ex.getResponseHeaders().add("Content-Range", "bytes " + start + "-" + (body.length - 1) + "/" + body.length);
            }
            int length = body.length - start;
            ex.sendResponseHeaders(status, length);
            Integer cut = cuts.remove(path);
            OutputStream out = ex.getResponseBody();
            if (cut != null && cut < length) {
                out.write(body, start, cut);
                out.flush();
                // Escaping the handler makes the JDK server close the socket: the client sees a cut
                // connection, not a stall (closing the short stream would leave the socket open).
                throw new CutConnection();
            }
            out.write(body, start, length);
            out.close();
            ex.close();
        } catch (IOException ignored) {
            // the client went away
        }
    }

    private static final class CutConnection extends RuntimeException {
        CutConnection() {
            super("connection cut on purpose", null, false, false);
        }
    }

    @Override
    public void close() {
        // A handler still waiting on the gate would keep stop() waiting for the dispatcher thread.
        releaseResponses();
        server.stop(0);
    }
}
