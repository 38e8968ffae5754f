package io.voicerouter.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.testing.ChunkedToneProvider;
import io.voicerouter.testing.ToneProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.voicerouter.server.TestServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code stream_format} over real HTTP, through the router's stream: the first bytes leave while
 * the provider is still making the rest, a fallback before the first chunk is in the trace, a
 * failure after it is visible to the client (SSE error event; chunked audio cut short), and a
 * client that goes away stops the provider's work. The providers are {@link ChunkedToneProvider}s:
 * real streaming engines (a tone in 100 ms chunks) that record how each call ended.
 */
class StreamingTest {
    /** 16 kHz tone, 100 ms chunks, 50 ms apart: 0.05 s of audio per character. */
    static final ChunkedToneProvider SLOW = ChunkedToneProvider.of(
            ToneProvider.builder("slowtone").secondsPerCharacter(0.05).build(), 1600, Duration.ofMillis(50));
    /** Long enough (about 20 s of audio, 10 s to make) that only a stop can end it early. */
    static final ChunkedToneProvider ENDLESS = ChunkedToneProvider.of(
            ToneProvider.builder("endless").secondsPerCharacter(0.5).build(), 1600, Duration.ofMillis(50));
    /** Fails before its first chunk, as a broken engine does: the chain moves on. */
    static final ChunkedToneProvider BROKEN = ChunkedToneProvider.failingAfter(
            ToneProvider.of("broken"), 1600, 0, ErrorKind.MISCONFIGURED);
    /** Each breaks after two chunks (one per test, so neither's breaker sees the other's failure). */
    static final ChunkedToneProvider MIDFAIL_SSE = ChunkedToneProvider.failingAfter(
            ToneProvider.of("midfailsse"), 1600, 2, ErrorKind.SERVER_ERROR);
    static final ChunkedToneProvider MIDFAIL_AUDIO = ChunkedToneProvider.failingAfter(
            ToneProvider.of("midfailaudio"), 1600, 2, ErrorKind.SERVER_ERROR);

    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir.resolve("data"), b -> b.provider(SLOW).provider(ENDLESS).provider(BROKEN)
                .provider(MIDFAIL_SSE).provider(MIDFAIL_AUDIO));
        personality("fallback", "broken", "slowtone");
        personality("midsse", "midfailsse", "espeak");
        personality("midaudio", "midfailaudio", "espeak");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static void personality(String id, String first, String second) {
        String json = "{\"active_provider\":\"" + first + "\",\"providers\":{\"" + first + "\":{\"enabled\":true},\""
                + second + "\":{\"enabled\":true}},\"fallback_chain\":[\"" + first + "\",\"" + second
                + "\"],\"languages\":{\"primary\":\"en\"}}";
        HttpResponse<byte[]> r = server.putJson("/api/personalities/" + id, ADMIN_KEY, json);
        assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(201);
    }

    static String body(String voice, String input, String format, String stream) {
        return "{\"model\":\"tts-1-hd\",\"voice\":\"" + voice + "\",\"input\":\"" + input
                + "\",\"response_format\":\"" + format + "\",\"stream_format\":\"" + stream + "\"}";
    }

    HttpResponse<InputStream> open(String json) throws Exception {
        HttpRequest req = server.request("/v1/audio/speech", ADMIN_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return server.http.send(req, HttpResponse.BodyHandlers.ofInputStream());
    }

    @Test
    void theFirstBytesLeaveWhileTheProviderIsStillSpeaking() throws Exception {
        String input = "Forty characters of text, give or take."; // 2 s of tone: 20 chunks, about 1 s to make
        HttpResponse<InputStream> r = open(body("slowtone:", input, "pcm", "audio"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Length")).isEmpty();
        assertThat(r.headers().firstValue("X-Voicerouter-Provider")).hasValue("slowtone");
        assertThat(r.headers().firstValue("X-Voicerouter-Trace").orElseThrow()).startsWith("slowtone streaming first-audio ");
        try (InputStream in = r.body()) {
            byte[] first = in.readNBytes(4800); // 100 ms of 24 kHz s16le
            assertThat(first).hasSize(4800);
            // The provider is still at work on the rest: these bytes did not wait for the whole line.
            assertThat(SLOW.active()).isEqualTo(1);
            assertThat(SLOW.chunksMade()).isLessThan(20);
            byte[] rest = in.readAllBytes();
            // 24 kHz s16le: the whole tone (50 ms + 0.05 s per character), give or take the resampler's edges
            double seconds = (first.length + rest.length) / 48000.0;
            assertThat(seconds).isBetween(2.0, 2.2);
        }
    }

    @Test
    void aFallbackBeforeTheFirstChunkIsInTheHeaderAndTheDoneEvent() throws Exception {
        HttpResponse<InputStream> r = open(body("fallback", "Falling back before any audio.", "wav", "sse"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        assertThat(r.headers().firstValue("X-Voicerouter-Trace").orElseThrow())
                .matches("broken failed MISCONFIGURED \\d+ms, slowtone streaming first-audio \\d+ms");
        List<JsonNode> events = events(r.body());
        JsonNode done = events.get(events.size() - 1);
        assertThat(done.path("type").asText()).isEqualTo("speech.audio.done");
        JsonNode trace = done.path("voicerouter").path("trace");
        assertThat(trace.get(0).path("provider").asText()).isEqualTo("broken");
        assertThat(trace.get(0).path("outcome").asText()).isEqualTo("failed");
        assertThat(trace.get(1).path("provider").asText()).isEqualTo("slowtone");
        assertThat(trace.get(1).path("outcome").asText()).isEqualTo("succeeded");
        assertThat(events.subList(0, events.size() - 1)).allSatisfy(e ->
                assertThat(e.path("type").asText()).isEqualTo("speech.audio.delta"));
    }

    @Test
    void aFailureAfterTheFirstChunkEndsSseWithAnErrorEvent() throws Exception {
        HttpResponse<InputStream> r = open(body("midsse", "Breaking in the middle.", "pcm", "sse"));
        assertThat(r.statusCode()).isEqualTo(200);
        List<JsonNode> events = events(r.body());
        JsonNode last = events.get(events.size() - 1);
        assertThat(last.path("type").asText()).isEqualTo("error");
        assertThat(last.path("error").path("code").asText()).isEqualTo("stream_failed");
        assertThat(last.path("voicerouter").path("chunks_delivered").asInt()).isEqualTo(2);
        JsonNode trace = last.path("voicerouter").path("trace");
        assertThat(trace.get(trace.size() - 1).path("provider").asText()).isEqualTo("midfailsse");
        assertThat(trace.get(trace.size() - 1).path("kind").asText()).isEqualTo("SERVER_ERROR");
        // Audio went out before the break, and no voice switch (espeak is next in the chain) followed it.
        assertThat(events.subList(0, events.size() - 1)).isNotEmpty().allSatisfy(e ->
                assertThat(e.path("type").asText()).isEqualTo("speech.audio.delta"));
        assertThat(events).noneMatch(e -> e.path("type").asText().equals("speech.audio.done"));
    }

    @Test
    void aFailureAfterTheFirstChunkCutsTheChunkedBodyShort() throws Exception {
        HttpResponse<InputStream> r = open(body("midaudio", "Breaking in the middle, chunked.", "pcm", "audio"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Voicerouter-Provider")).hasValue("midfailaudio");
        // The two chunks made arrive, then the body ends without chunked encoding's last chunk: an
        // error for the client, never a clean (and silently short) end.
        int received = 0;
        IOException cut = null;
        try (InputStream in = r.body()) {
            byte[] buf = new byte[1024];
            for (int n; (n = in.read(buf)) >= 0; ) {
                received += n;
            }
        } catch (IOException e) {
            cut = e;
        }
        assertThat(cut).as("the body ended cleanly").isNotNull();
        assertThat(received).isBetween(1, 9600); // at most the two chunks' 200 ms at 24 kHz s16le
    }

    @Test
    void aClientThatGoesAwayStopsTheProvidersWork() throws Exception {
        String json = body("endless:", "This would take ten seconds to make in full.", "pcm", "audio");
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        try (Socket s = new Socket("127.0.0.1", server.server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /v1/audio/speech HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + ADMIN_KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            InputStream in = s.getInputStream();
            byte[] head = in.readNBytes(2000); // the head and the first audio
            assertThat(new String(head, StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200");
            assertThat(ENDLESS.active()).isEqualTo(1);
            s.setSoLinger(true, 0); // close with a reset, as a killed client does
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        while (ENDLESS.active() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(ENDLESS.active()).as("the provider is still working").isZero();
        assertThat(ENDLESS.refusedBySink() + ENDLESS.interruptions()).isEqualTo(1);
        assertThat(ENDLESS.chunksMade()).isLessThan(100); // of about 225
    }

    /** The SSE events' JSON, read to the end of the body. */
    static List<JsonNode> events(InputStream body) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        String all;
        try (body) {
            all = new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String block : all.split("\n\n")) {
            if (block.startsWith("data: ")) {
                events.add(TestServer.JSON.readTree(block.substring("data: ".length())));
            }
        }
        return events;
    }
}
