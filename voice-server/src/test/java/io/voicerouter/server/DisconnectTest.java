package io.voicerouter.server;

import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.spi.ProviderCapabilities;
import io.voicerouter.spi.SynthesisOutput;
import io.voicerouter.spi.SynthesisRequest;
import io.voicerouter.spi.TtsProvider;
import io.voicerouter.testing.ToneProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.voicerouter.server.TestServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that goes away before any audio is sent (while the provider makes the first sentence,
 * or a whole file) stops the provider's work, over real HTTP on loopback; the connection watch this
 * takes does not disturb kept-alive connections, and a request pipelined after a POST gets a clean
 * close, never a garbled answer. The providers are {@link PacedProvider}s: a tone that takes a set
 * time to make and records how each call ended.
 */
@Timeout(120)
class DisconnectTest {
    /** Would take 30 s: only a stop ends it early. */
    static final PacedProvider SLOW = new PacedProvider("slowpaced", Duration.ofSeconds(30));
    /** Takes about a second: long enough to send something while it works. */
    static final PacedProvider SECOND = new PacedProvider("secondpaced", Duration.ofSeconds(1));
    static final ToneProvider QUICK = ToneProvider.of("quick");
    static final AtomicInteger LINES = new AtomicInteger();

    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir.resolve("data"), b -> b.provider(SLOW).provider(SECOND).provider(QUICK)
                .rateLimit(1000, 1000)); // the tests poll /metrics
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A line the cache has never seen, so every request synthesizes. */
    static String line() {
        return "Line number " + LINES.incrementAndGet() + " of this test.";
    }

    static String body(String voice, String format, String stream) {
        return "{\"model\":\"tts-1-hd\",\"voice\":\"" + voice + "\",\"input\":\"" + line()
                + "\",\"response_format\":\"" + format + "\""
                + (stream == null ? "" : ",\"stream_format\":\"" + stream + "\"") + "}";
    }

    static byte[] post(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        String head = "POST /v1/audio/speech HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + ADMIN_KEY
                + "\r\nContent-Type: application/json\r\nContent-Length: " + b.length + "\r\n\r\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(b);
        return out.toByteArray();
    }

    @Test
    void aStreamingClientThatLeavesBeforeTheFirstChunkStopsTheProvider() throws Exception {
        clientLeavesBeforeAnyAudio("audio");
    }

    @Test
    void anSseClientThatLeavesBeforeTheFirstChunkStopsTheProvider() throws Exception {
        clientLeavesBeforeAnyAudio("sse");
    }

    @Test
    void aClientThatLeavesDuringAWholeSynthesisStopsTheProvider() throws Exception {
        clientLeavesBeforeAnyAudio(null);
    }

    private void clientLeavesBeforeAnyAudio(String stream) throws Exception {
        long disconnects = metric("voicerouter_http_client_disconnects_total\\{phase=\"before_audio\",?\\}");
        long gone = metric("voicerouter_http_requests_seconds_count\\{method=\"POST\",route=\"/v1/audio/speech\",status=\"499\",?\\}");
        int interrupted = SLOW.interrupted.get();
        int started = SLOW.started.get();
        long closedAt;
        try (Socket s = new Socket("127.0.0.1", server.server.port())) {
            s.getOutputStream().write(post(body("slowpaced:", "pcm", stream)));
            s.getOutputStream().flush();
            awaitAtLeast(SLOW.started, started + 1, "the provider to start");
            closedAt = System.nanoTime();
        } // an ordinary close, as a client that gives up does: nothing was ever read
        awaitAtLeast(SLOW.interrupted, interrupted + 1, "the provider to be interrupted");
        long stoppedAfterMs = (SLOW.lastInterruptNanos.get() - closedAt) / 1_000_000;
        // The synthesis would take 30 s; generous for a loaded 2-core CI machine.
        assertThat(stoppedAfterMs).as("ms from the close to the provider's stop").isLessThan(10_000);
        assertThat(SLOW.completed.get()).isZero();
        // The server keeps serving, and an operator sees the disconnect apart from errors.
        Answer next = Answer.exchange(post(body("quick:", "wav", stream)));
        assertThat(next.status).isEqualTo(200);
        awaitMetric("voicerouter_http_client_disconnects_total\\{phase=\"before_audio\",?\\}", disconnects + 1);
        awaitMetric("voicerouter_http_requests_seconds_count\\{method=\"POST\",route=\"/v1/audio/speech\",status=\"499\",?\\}", gone + 1);
        assertThat(server.server.router().stats().get("slowpaced").failures()).as("a disconnect is not a failure").isZero();
    }

    @Test
    void aClientThatLeavesWhileQueuedGivesUpItsPlaceAtOnce() throws Exception {
        // One synthesis slot, held by a 30 s synthesis: the next request waits in the queue.
        PacedProvider holder = new PacedProvider("holder", Duration.ofSeconds(30));
        ToneProvider queued = ToneProvider.of("queued");
        try (TestServer one = TestServer.start(dir.resolve("queued"), b -> b.provider(holder).provider(queued)
                .concurrency(1, 4, Duration.ofSeconds(60)).rateLimit(1000, 1000))) {
            try (Socket a = new Socket("127.0.0.1", one.server.port())) {
                a.getOutputStream().write(post(body("holder:", "pcm", "audio")));
                awaitAtLeast(holder.started, 1, "the slot's synthesis to start");
                try (Socket b = new Socket("127.0.0.1", one.server.port())) {
                    b.getOutputStream().write(post(body("queued:", "wav", null)));
                    awaitWaiting(one, 1);
                } // the queued client gives up
                awaitWaiting(one, 0);
                // Its place is free while the slot is still busy: it left, it was not served.
                assertThat(holder.completed.get() + holder.interrupted.get()).isZero();
                assertThat(queued.calls()).as("the queued request never synthesized").isZero();
                String metrics = TestServer.text(one.get("/metrics", ADMIN_KEY));
                assertThat(metrics).containsPattern("(?m)^voicerouter_http_client_disconnects_total\\{phase=\"queued\",?\\} 1\\.0$");
            }
            awaitAtLeast(holder.interrupted, 1, "the slot's synthesis to stop with its client");
            // The slot is free again and serves the next request.
            try (Socket c = new Socket("127.0.0.1", one.server.port())) {
                c.setSoTimeout(30_000);
                c.getOutputStream().write(post(body("queued:", "wav", null)));
                assertThat(Answer.read(c.getInputStream()).status).isEqualTo(200);
            }
        }
    }

    private static void awaitWaiting(TestServer s, int n) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int waiting = -1;
        while (System.nanoTime() < until) {
            waiting = TestServer.json(s.get("/api/stats", ADMIN_KEY)).path("server").path("waiting_for_synthesis").asInt(-1);
            if (waiting == n) {
                return;
            }
            Thread.sleep(20);
        }
        assertThat(waiting).as("requests waiting for a synthesis slot").isEqualTo(n);
    }

    @Test
    void aKeptAliveConnectionServesStreamedAndWholeAnswersInARow() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.server.port())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            String[][] requests = {
                {"quick:", "wav", null}, {"quick:", "pcm", "audio"}, {"secondpaced:", "wav", null},
                {"quick:", "wav", "sse"}, {"secondpaced:", "pcm", "audio"}, {"quick:", "pcm", null},
            };
            for (String[] r : requests) {
                out.write(post(body(r[0], r[1], r[2])));
                out.flush();
                Answer a = Answer.read(in);
                assertThat(a).as("an answer on the same connection").isNotNull();
                assertThat(a.status).as(a.text()).isEqualTo(200);
                assertThat(a.headers).doesNotContainEntry("connection", "close");
                assertThat(a.body.length).isGreaterThan(1000);
                if (r[2] == null && r[1].equals("wav")) {
                    assertThat(new String(a.body, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
                }
                if ("sse".equals(r[2])) {
                    assertThat(a.text()).contains("speech.audio.delta").contains("speech.audio.done");
                }
            }
            // And a plain GET after them, still on this connection.
            out.write(("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Answer health = Answer.read(in);
            assertThat(health.status).isEqualTo(200);
            assertThat(health.text()).contains("ok");
        }
    }

    @Test
    void aRequestPipelinedAfterAWholeAnswersPostEndsTheConnectionCleanly() throws Exception {
        pipelined(null);
    }

    @Test
    void aRequestPipelinedAfterAStreamedPostEndsTheConnectionCleanly() throws Exception {
        pipelined("audio");
    }

    private void pipelined(String stream) throws Exception {
        int started = SECOND.started.get();
        try (Socket s = new Socket("127.0.0.1", server.server.port())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(post(body("secondpaced:", "wav", stream)));
            out.flush();
            awaitAtLeast(SECOND.started, started + 1, "the provider to start");
            // While the answer is being made, the next request (longer than what the watch reads at once).
            out.write(("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + "p".repeat(2000) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            Answer first = Answer.read(in);
            assertThat(first.status).as(first.text()).isEqualTo(200);
            assertThat(new String(first.body, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
            assertThat(first.headers).containsEntry("connection", "close");
            // Then the connection ends: the pipelined request was not answered out of step.
            assertThat(in.read()).as("end of stream after the answer").isEqualTo(-1);
        }
        assertThat(SECOND.interrupted.get()).as("the pipelined bytes did not cancel the answer").isZero();
        // The server is fine: the same request on a new connection is answered.
        try (Socket s = new Socket("127.0.0.1", server.server.port())) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(Answer.read(s.getInputStream()).status).isEqualTo(200);
        }
    }

    static void awaitAtLeast(AtomicInteger counter, int n, String what) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (counter.get() < n && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertThat(counter.get()).as("waiting for " + what).isGreaterThanOrEqualTo(n);
    }

    static long metric(String regex) {
        String text = TestServer.text(server.get("/metrics", ADMIN_KEY));
        Matcher m = Pattern.compile("(?m)^" + regex + " ([0-9.Ee+-]+)$").matcher(text);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    static void awaitMetric(String regex, long atLeast) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (metric(regex) < atLeast && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        assertThat(metric(regex)).as(regex).isGreaterThanOrEqualTo(atLeast);
    }

    /** One HTTP/1.1 answer read off a raw connection: a Content-Length, chunked, or (on a closing connection) EOF-ended body. */
    record Answer(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** Sends {@code request} on a new connection and reads its answer. */
        static Answer exchange(byte[] request) throws IOException {
            try (Socket s = new Socket("127.0.0.1", server.server.port())) {
                s.setSoTimeout(30_000);
                s.getOutputStream().write(request);
                return read(s.getInputStream());
            }
        }

        /** The next answer, or null at end of stream. */
        static Answer read(InputStream in) throws IOException {
            String status = line(in);
            if (status == null) {
                return null;
            }
            assertThat(status).startsWith("HTTP/1.1 ");
            Map<String, String> headers = new LinkedHashMap<>();
            for (String h; !(h = line(in)).isEmpty(); ) {
                int colon = h.indexOf(':');
                headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                while (true) {
                    String size = line(in);
                    int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                    if (n == 0) {
                        while (!line(in).isEmpty()) {
                            // trailers: none expected
                        }
                        break;
                    }
                    byte[] chunk = in.readNBytes(n);
                    assertThat(chunk).hasSize(n);
                    body.writeBytes(chunk);
                    assertThat(line(in)).isEmpty();
                }
            } else if (!headers.containsKey("content-length") && "close".equalsIgnoreCase(headers.get("connection"))) {
                body.writeBytes(in.readAllBytes()); // a body of unknown length on a closing connection: up to its end
            } else {
                int n = Integer.parseInt(headers.getOrDefault("content-length", "0"));
                byte[] b = in.readNBytes(n);
                assertThat(b).hasSize(n);
                body.writeBytes(b);
            }
            return new Answer(Integer.parseInt(status.substring(9, 12)), headers, body.toByteArray());
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    byte[] bytes = b.toByteArray();
                    int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
                }
                b.write(c);
            }
            if (b.size() > 0) {
                throw new IOException("the connection ended inside a line: " + b);
            }
            return null;
        }
    }

    /**
     * A tone that takes {@code pace} to make, as a slow engine does; an interrupt ends the call at
     * once with {@code TIMEOUT}, as a well-behaved engine does. Counts calls started, completed and
     * interrupted, and when the last interrupt came.
     */
    static final class PacedProvider implements TtsProvider {
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger completed = new AtomicInteger();
        final AtomicInteger interrupted = new AtomicInteger();
        final AtomicLong lastInterruptNanos = new AtomicLong();
        private final ToneProvider tone;
        private final Duration pace;

        PacedProvider(String id, Duration pace) {
            this.tone = ToneProvider.of(id);
            this.pace = pace;
        }

        @Override
        public ProviderCapabilities capabilities() {
            return tone.capabilities();
        }

        @Override
        public SynthesisOutput synthesize(SynthesisRequest request) {
            started.incrementAndGet();
            try {
                Thread.sleep(pace.toMillis());
            } catch (InterruptedException e) {
                lastInterruptNanos.set(System.nanoTime());
                interrupted.incrementAndGet();
                Thread.currentThread().interrupt();
                throw new ProviderException(id(), ErrorKind.TIMEOUT, "interrupted");
            }
            completed.incrementAndGet();
            return tone.synthesize(request);
        }
    }
}
