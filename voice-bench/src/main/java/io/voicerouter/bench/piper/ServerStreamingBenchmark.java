package io.voicerouter.bench.piper;

import io.voicerouter.config.ProviderConfig;
import io.voicerouter.config.VoiceConfig;
import io.voicerouter.router.SpeechRequest;
import io.voicerouter.server.ServerConfig;
import io.voicerouter.server.VoiceServer;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Time to the first audio byte over HTTP ({@code POST /v1/audio/speech} with {@code stream_format:
 * "audio"}, through voice-server on loopback) against the same server's router streaming the same
 * request itself ({@code router.stream} to its first chunk), on the same Piper voice, in one run.
 * {@code paired} runs both back to back, alternating the order, and adds each one's time to first
 * audio to its counter, so a shared machine's noise hits both; the difference of the counters over
 * {@code pairs} is what the server adds (parsing, auth, admission, the encoder's first bytes, the
 * HTTP head and the first chunk on the wire). Target: under 5 ms.
 *
 * <p>Each request ends with a different short second sentence, so the router's cache never
 * answers (the first sentence, which is all the first audio depends on, is the same every time);
 * both halves read their stream to the end, so no stopped synthesis runs on into the next one. The
 * client is a plain socket that sends each request in one write, as a client's buffered sink does,
 * and reads the chunked answer to its end; {@code connection} says whether it keeps its connection
 * for the next request (as the OpenAI SDKs' pooled clients do) or opens one per request, so the
 * figure is the server's, not an HTTP client library's. {@code inRequestAddedMicros} is each HTTP request's first byte minus the
 * router's time to first audio inside that same request (its {@code first-audio} trace header):
 * the server's share without the provider's run-to-run spread, which on a busy machine is far
 * larger than the few milliseconds measured.
 *
 * <pre>java -jar voice-bench/target/benchmarks.jar ServerStreamingBenchmark</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 4)
@Fork(1)
public class ServerStreamingBenchmark extends PiperBenchState {
    private static final String KEY = "bench-admin-key-0123456789abcdef";
    private static final java.util.regex.Pattern FIRST_AUDIO = java.util.regex.Pattern.compile("first-audio (\\d+)ms");
    /** A voice agent's first sentence is short; its first audio is what a listener waits for. */
    static final String FIRST_SENTENCE = "Good morning, how can I help?";

    /** OpenAI's response_format: pcm (24 kHz s16le, resampled from Piper's 22.05 kHz) or wav (as made). */
    @Param({"pcm"})
    public String format;

    /**
     * keep-alive: one connection for every request, as HTTP clients pool them (the OpenAI SDKs
     * do); close: a new TCP connection per request, its set-up counted in the server's share.
     */
    @Param({"keep-alive"})
    public String connection;

    private Path dir;
    private VoiceServer server;
    private VoiceConfig config;
    private long counter;
    private Socket socket;
    private boolean chunked;

    @Override
    protected void prepare() {
        try {
            dir = Files.createTempDirectory("voice-bench-server");
            server = VoiceServer.start(ServerConfig.builder(dir).port(0).initialAdminKey(KEY)
                    .discoverProviders(false).provider(new UnclosedProvider(provider))
                    .rateLimit(1e9, 1_000_000_000).build());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        ProviderConfig entry = ProviderConfig.enabledDefault().withVoiceId(model.toString());
        config = new VoiceConfig(Optional.of("piper"), Map.of("piper", entry), List.of(), Optional.empty(),
                List.of(), Map.of(), Map.of());
    }

    @Override
    protected void release() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        server.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind
        }
    }

    /** Summed times to first audio over the iteration, in microseconds, and how many pairs made them. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Split {
        public long httpFirstByteMicros;
        public long routerFirstChunkMicros;
        /** Per HTTP request: its first byte minus the router's own time to first audio in that request (its trace header). */
        public long inRequestAddedMicros;
        public long pairs;
        /**
         * Sums of squares, in µs², of each pair's difference and of each in-request figure, so that
         * the spread of the means can be stated: {@code sqrt((sumSq - n·mean²) / (n - 1) / n)} is
         * the standard error of a mean over {@code n = pairs}.
         */
        public long pairedSquares;
        public long inRequestSquares;
        boolean httpFirst;

        @Setup(Level.Iteration)
        public void reset() {
            httpFirstByteMicros = 0;
            routerFirstChunkMicros = 0;
            inRequestAddedMicros = 0;
            pairs = 0;
            pairedSquares = 0;
            inRequestSquares = 0;
        }
    }

    @Benchmark
    public long paired(Split split) throws IOException {
        split.httpFirst = !split.httpFirst;
        long[] http = new long[2];
        long router;
        if (split.httpFirst) {
            http = timeHttp();
            router = routerFirstChunk();
        } else {
            router = routerFirstChunk();
            http = timeHttp();
        }
        split.httpFirstByteMicros += http[0] / 1000;
        // The trace says whole milliseconds, truncated: half a millisecond back on average.
        long inRequest = http[0] / 1000 - (http[1] * 1000 + 500);
        split.inRequestAddedMicros += inRequest;
        split.inRequestSquares += inRequest * inRequest;
        split.routerFirstChunkMicros += router / 1000;
        long difference = http[0] / 1000 - router / 1000;
        split.pairedSquares += difference * difference;
        split.pairs++;
        return http[0] - router;
    }

    /** Time to first audio of one HTTP request alone. */
    @Benchmark
    public long httpFirstByte() throws IOException {
        return timeHttp()[0];
    }

    /** One HTTP request: nanoseconds to its first audio byte, and the router's first audio (ms) from its trace header. */
    long[] timeHttp() throws IOException {
        boolean keepAlive = connection.equals("keep-alive");
        byte[] body = ("{\"model\":\"tts-1-hd\",\"voice\":\"piper:" + json(model.toString()) + "\",\"input\":\""
                + text() + "\",\"response_format\":\"" + format + "\",\"stream_format\":\"audio\"}")
                .getBytes(StandardCharsets.UTF_8);
        // Head and body in one write, as an HTTP client's buffered sink sends a small request.
        java.io.ByteArrayOutputStream request = new java.io.ByteArrayOutputStream();
        request.writeBytes(("POST /v1/audio/speech HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + KEY
                + "\r\nContent-Type: application/json\r\n" + (keepAlive ? "" : "Connection: close\r\n")
                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(body);
        long start = System.nanoTime();
        Socket s = keepAlive && socket != null ? socket : connect();
        try {
            OutputStream out = s.getOutputStream();
            request.writeTo(out);
            out.flush();
            InputStream in = new java.io.BufferedInputStream(s.getInputStream(), 65536);
            StringBuilder head = new StringBuilder();
            long firstByte = firstBodyByte(in, head) - start;
            readToEnd(in, head);
            java.util.regex.Matcher m = FIRST_AUDIO.matcher(head);
            if (!m.find()) {
                throw new IllegalStateException("no first-audio in the trace: " + head);
            }
            return new long[] {firstByte, Long.parseLong(m.group(1))};
        } finally {
            if (keepAlive) {
                socket = s;
            } else {
                s.close();
            }
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setTcpNoDelay(true);
        return s;
    }

    /** Time to first audio of the same request streamed by the server's router itself. */
    @Benchmark
    public long routerFirstChunk() {
        SpeechRequest request = SpeechRequest.builder(text(), config).language("en").build();
        long start = System.nanoTime();
        long[] first = {0};
        server.router().stream(request, chunk -> {
            if (chunk.first()) {
                first[0] = System.nanoTime();
            }
        });
        return first[0] - start;
    }

    /** The same first sentence every time and a second one the cache has never seen. */
    private String text() {
        return FIRST_SENTENCE + " Number " + (++counter) + ".";
    }

    /**
     * Reads the response's head (and, when chunked, the first chunk-size line), then the first byte
     * of audio; returns {@link System#nanoTime()} when that byte arrived. {@link #readToEnd} reads the rest.
     */
    private long firstBodyByte(InputStream in, StringBuilder head) throws IOException {
        int c;
        while ((c = in.read()) >= 0) {
            head.append((char) c);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        if (!head.toString().startsWith("HTTP/1.1 200")) {
            throw new IllegalStateException("the server answered " + head);
        }
        chunked = head.toString().toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked");
        if (!chunked) {
            // Connection: close lets the server send the body unframed, ending at the close.
            if (in.read() < 0) {
                throw new IllegalStateException("the body ended before any audio");
            }
            return System.nanoTime();
        }
        int n = chunkSize(in);
        if (n == 0 || in.read() < 0) {
            throw new IllegalStateException("the body ended before any audio");
        }
        long arrived = System.nanoTime();
        skip(in, n - 1 + 2); // the rest of the chunk and its CRLF
        return arrived;
    }

    /** The rest of the body: chunks up to the last (so a kept-alive connection is ready for the next request), or to the close. */
    private void readToEnd(InputStream in, StringBuilder head) throws IOException {
        if (!chunked) {
            in.transferTo(OutputStream.nullOutputStream());
            return;
        }
        int n;
        while ((n = chunkSize(in)) > 0) {
            skip(in, n + 2);
        }
        if (!readLine(in).isEmpty()) { // no trailers are sent; the last chunk ends with an empty line
            throw new IllegalStateException("a trailer after the last chunk: " + head);
        }
    }

    private static int chunkSize(InputStream in) throws IOException {
        String line = readLine(in);
        int semicolon = line.indexOf(';');
        return Integer.parseInt((semicolon < 0 ? line : line.substring(0, semicolon)).trim(), 16);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        if (c < 0) {
            throw new IllegalStateException("the connection closed inside the response");
        }
        return line.toString();
    }

    private static void skip(InputStream in, long n) throws IOException {
        in.skipNBytes(n);
    }

    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
