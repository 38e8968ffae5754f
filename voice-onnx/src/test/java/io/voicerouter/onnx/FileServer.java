package io.voicerouter.onnx;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A loopback HTTP server serving byte arrays, with range support and a switch to cut the next response short. */
final class FileServer implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    final List<String> rangeHeaders = new CopyOnWriteArrayList<>();
    final AtomicInteger requests = new AtomicInteger();
    /** When positive, the next response stops after this many body bytes and the connection is dropped. */
    final AtomicInteger cutAfter = new AtomicInteger(-1);

    FileServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    void put(String path, byte[] content) {
        files.put(path, content);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        byte[] body = files.get(ex.getRequestURI().getPath());
        if (body == null) {
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
        }
        String range = ex.getRequestHeaders().getFirst("Range");
        int start = 0;
        int status = 200;
        if (range != null) {
            rangeHeaders.add(range);
            start = Integer.parseInt(range.replaceAll("bytes=(\\d+)-.*", "$1"));
            status = 206;
            ex.getResponseHeaders().add("Content-Range", "bytes " + start + "-" + (body.length - 1) + "/" + body.length);
        }
        int length = body.length - start;
        ex.sendResponseHeaders(status, length);
        int cut = cutAfter.getAndSet(-1);
        OutputStream out = ex.getResponseBody();
        if (cut > 0 && cut < length) {
            out.write(body, start, cut);
            out.flush();
            // Closing before all declared bytes are written makes the server drop the connection.
            try {
                out.close();
            } catch (IOException expected) {
                // "insufficient bytes written": exactly the cut we want
            }
            ex.close();
            return;
        }
        out.write(body, start, length);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
