package io.voicerouter.server;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.audio.speech.SpeechCreateParams;
import com.openai.models.audio.speech.SpeechModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The official OpenAI Java SDK, unmodified but for its base URL and key, against a real server on
 * loopback: playable speech (checked by ffprobe and ffmpeg) in every format, streamed too.
 */
class OpenAiSdkTest {
    static final String LINE = "Hello from voicerouter. This line comes through the OpenAI client.";

    @TempDir
    static Path dir;
    static TestServer server;
    static OpenAIClient client;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir.resolve("data"));
        client = client(TestServer.ADMIN_KEY);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static OpenAIClient client(String key) {
        return OpenAIOkHttpClient.builder().apiKey(key).baseUrl(server.server.uri() + "v1").maxRetries(0).build();
    }

    private static byte[] speak(SpeechCreateParams params) throws Exception {
        try (HttpResponse r = client.audio().speech().create(params)) {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().values("X-Voicerouter-Trace")).singleElement().asString().startsWith("espeak ok");
            return r.body().readAllBytes();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"MP3,mp3", "OPUS,opus", "AAC,aac", "FLAC,flac", "WAV,pcm_s16le", "PCM,pcm_s16le"})
    void everyFormatIsPlayableSpeech(SpeechCreateParams.ResponseFormat.Known format, String codec) throws Exception {
        byte[] audio = speak(SpeechCreateParams.builder().model(SpeechModel.TTS_1).voice(SpeechCreateParams.Voice.ofUnionMember1(
                        SpeechCreateParams.Voice.UnionMember1.ALLOY)).input(LINE)
                .responseFormat(SpeechCreateParams.ResponseFormat.of(format.name().toLowerCase())).build());
        Audio.Probe p = Audio.probe(audio, dir, format == SpeechCreateParams.ResponseFormat.Known.PCM);
        assertThat(p.codec()).isEqualTo(codec);
        assertThat(p.channels()).isEqualTo(1);
        if (format == SpeechCreateParams.ResponseFormat.Known.PCM) {
            assertThat(p.sampleRate()).isEqualTo(24000);
        }
        // espeak speaks this line in roughly 4-5 s; silence or noise would not have speech's level.
        assertThat(p.seconds()).isBetween(2.5, 8.0);
        assertThat(p.rms()).isBetween(0.02, 0.5);
    }

    @Test
    void theDefaultFormatIsMp3AndSpeedChangesTheLength() throws Exception {
        SpeechCreateParams.Builder b = SpeechCreateParams.builder().model(SpeechModel.TTS_1_HD).voice("nova").input(LINE);
        Audio.Probe normal = Audio.probe(speak(b.build()), dir, false);
        Audio.Probe fast = Audio.probe(speak(b.speed(2.0).build()), dir, false);
        assertThat(normal.codec()).isEqualTo("mp3");
        assertThat(fast.seconds()).isLessThan(normal.seconds() * 0.7);
    }

    @Test
    void streamsAudioChunked() throws Exception {
        try (HttpResponse r = client.audio().speech().create(SpeechCreateParams.builder().model(SpeechModel.GPT_4O_MINI_TTS)
                .voice("echo").input(LINE).instructions("Speak cheerfully.")
                .responseFormat(SpeechCreateParams.ResponseFormat.OPUS)
                .streamFormat(SpeechCreateParams.StreamFormat.AUDIO).build())) {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().values("Transfer-Encoding")).contains("chunked");
            byte[] audio = r.body().readAllBytes();
            Audio.Probe p = Audio.probe(audio, dir, false);
            assertThat(p.codec()).isEqualTo("opus");
            assertThat(p.seconds()).isBetween(2.5, 8.0);
        }
    }

    @Test
    void streamsServerSentEventsWithTheTraceInTheDoneEvent() throws Exception {
        try (HttpResponse r = client.audio().speech().create(SpeechCreateParams.builder().model(SpeechModel.TTS_1)
                .voice("shimmer").input(LINE).responseFormat(SpeechCreateParams.ResponseFormat.MP3)
                .streamFormat(SpeechCreateParams.StreamFormat.SSE).build())) {
            assertThat(r.headers().values("Content-Type")).singleElement().asString().startsWith("text/event-stream");
            List<String> events = sse(r.body());
            ByteArrayOutputStream audio = new ByteArrayOutputStream();
            for (String e : events.subList(0, events.size() - 1)) {
                var node = TestServer.JSON.readTree(e);
                assertThat(node.path("type").asText()).isEqualTo("speech.audio.delta");
                audio.write(Base64.getDecoder().decode(node.path("audio").asText()));
            }
            assertThat(events.size()).isGreaterThan(2);
            var done = TestServer.JSON.readTree(events.get(events.size() - 1));
            assertThat(done.path("type").asText()).isEqualTo("speech.audio.done");
            assertThat(done.path("usage").has("total_tokens")).isTrue();
            assertThat(done.path("voicerouter").path("provider").asText()).isEqualTo("espeak");
            assertThat(done.path("voicerouter").path("trace").path(0).path("outcome").asText()).isEqualTo("succeeded");
            Audio.Probe p = Audio.probe(audio.toByteArray(), dir, false);
            assertThat(p.codec()).isEqualTo("mp3");
            assertThat(p.seconds()).isBetween(2.5, 8.0);
        }
    }

    static List<String> sse(InputStream in) throws Exception {
        String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        List<String> out = new java.util.ArrayList<>();
        for (String block : all.split("\n\n")) {
            if (block.startsWith("data: ")) {
                out.add(block.substring(6));
            }
        }
        return out;
    }

    @Test
    void errorsReachTheClientAsItsTypedExceptions() {
        SpeechCreateParams ok = SpeechCreateParams.builder().model(SpeechModel.TTS_1).voice("alloy").input("Hi").build();
        assertThatThrownBy(() -> client(TestServer.ADMIN_KEY + "x").audio().speech().create(ok))
                .isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> client.audio().speech().create(ok.toBuilder().voice("nobody-here").build()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("nobody-here");
        assertThatThrownBy(() -> client.audio().speech().create(ok.toBuilder().speed(4.5).build()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("speed");
        assertThatThrownBy(() -> client.audio().speech().create(ok.toBuilder().input("a".repeat(4097)).build()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("4096");
        String adminOnly = server.newKey("admin");
        String speakOnly = server.newKey("speak");
        try (HttpResponse r = client(adminOnly).audio().speech().create(ok)) {
            assertThat(r.statusCode()).isEqualTo(200); // admin keys may speak too
        }
        assertThat(client(speakOnly).models().list().data()).extracting(m -> m.id())
                .contains("tts-1", "tts-1-hd", "gpt-4o-mini-tts");
        assertThatThrownBy(() -> client(speakOnly).audio().speech().withOptions(o -> { })
                .create(ok.toBuilder().voice(SpeechCreateParams.Voice.ofId(SpeechCreateParams.Voice.Id.builder().id("ghost").build())).build()))
                .isInstanceOf(BadRequestException.class);
        assertThat(server.get("/api/stats", speakOnly).statusCode()).isEqualTo(403);
    }
}
