package io.voicerouter.provider.xtts;

import com.sun.net.httpserver.HttpServer;
import io.voicerouter.config.ProviderConfig;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.Settings;
import io.voicerouter.spi.SynthesisOutput;
import io.voicerouter.spi.SynthesisRequest;
import io.voicerouter.spi.TtsProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Sample URLs over http from a loopback server the test starts (allowed by the provider's fetch options,
 * refused by default), WAV and MP3, fetched once per URL.
 */
class RemoteSampleTest {
    private static final String TEXT = "hello world. this is a test";
    @TempDir
    static Path tmp;
    static HttpServer server;
    static String base;
    static byte[] wav;
    static byte[] mp3;
    static final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    static TtsProvider provider;

    @BeforeAll
    static void setUp() throws IOException {
        wav = Files.readAllBytes(Fixtures.loopedSpeech(tmp.resolve("voice.wav"), 8));
        mp3 = Files.readAllBytes(Fixtures.dir("reference").resolve("voice_8s.mp3"));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serve("/voice.wav", "audio/wav", 200, wav);
        serve("/voice.mp3", "audio/mpeg", 200, mp3);
        serve("/page.html", "text/html", 200, "<html>not audio</html>".getBytes());
        serve("/gone.wav", "text/plain", 404, "gone".getBytes());
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        provider = new XttsProviderFactory().create(ProviderContext.builder()
                .option("xtts_v2.model_dir", Fixtures.tinyModel().toString()).option("xtts_v2.threads", "1")
                .option("xtts_v2.sample_fetch.allow_http", "true")
                .option("xtts_v2.sample_fetch.allow_private_hosts", "true")
                .environment(Map.of()).dataDirectory(tmp).build());
        provider.initialize();
    }

    private static void serve(String path, String type, int status, byte[] body) {
        server.createContext(path, exchange -> {
            hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
    }

    @AfterAll
    static void tearDown() {
        provider.close();
        server.stop(0);
    }

    private static SynthesisRequest request(String url) {
        ProviderConfig config = ProviderConfig.enabledDefault().withVoiceSample(url, 8.0);
        // text and seed with which the tiny random model stops by itself after a few tokens
        return SynthesisRequest.of(TEXT, "en", config.voice(),
                Settings.resolve(provider.capabilities().settings(), Map.of("seed", 7, "stream_chunk_size", 0)));
    }

    @Test
    void wavOverHttpIsFetchedOnceAndClonedByContent() throws Exception {
        SynthesisRequest r = request(base + "/voice.wav?token=secret");
        String identity = provider.voiceIdentity(r);
        SynthesisOutput first = provider.synthesize(r);
        SynthesisOutput second = provider.synthesize(r);
        assertThat(hits.get("/voice.wav")).hasValue(1); // the router's identity call and both syntheses share one fetch
        assertThat(identity).isEqualTo(sha256OfSha256(wav)).isEqualTo(first.metadata().get("voice"));
        assertThat(first.audio().samples()).isNotEmpty().containsExactly(second.audio().samples());

        // the same bytes from a local file give the same voice and the same audio
        Path local = tmp.resolve("same.wav");
        Files.write(local, wav);
        ProviderConfig localConfig = ProviderConfig.enabledDefault().withVoiceSample(local.toString(), 8.0);
        SynthesisOutput fromFile = provider.synthesize(SynthesisRequest.of(TEXT, "en", localConfig.voice(), r.settings()));
        assertThat(fromFile.audio().samples()).containsExactly(first.audio().samples());
    }

    @Test
    void mp3SamplesAreDecoded() {
        SynthesisOutput out = provider.synthesize(request(base + "/voice.mp3"));
        assertThat(out.audio().samples()).isNotEmpty();
        assertThat(out.metadata().get("voice")).isEqualTo(sha256OfSha256(mp3));
    }

    @Test
    void notAudioAndHttpErrorsAreBadInputWithoutTheQuery() {
        for (String path : new String[] {"/page.html?key=abc123", "/gone.wav?key=abc123"}) {
            assertThatThrownBy(() -> provider.synthesize(request(base + path)))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.BAD_INPUT);
                        assertThat(e.getMessage()).doesNotContain("abc123");
                    });
        }
    }

    @Test
    void defaultPolicyRefusesPlainHttpAndLoopbackHosts(@TempDir Path data) {
        TtsProvider strict = new XttsProviderFactory().create(ProviderContext.builder()
                .option("xtts_v2.model_dir", Fixtures.tinyModel().toString()).option("xtts_v2.threads", "1")
                .environment(Map.of()).dataDirectory(data).build());
        try {
            strict.initialize();
            int before = hits.getOrDefault("/voice.mp3", new AtomicInteger()).get();
            assertThatThrownBy(() -> strict.synthesize(request(base + "/voice.mp3")))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.BAD_INPUT);
                        assertThat(e.getMessage()).contains("http");
                    });
            assertThat(hits.getOrDefault("/voice.mp3", new AtomicInteger()).get()).isEqualTo(before);
        } finally {
            strict.close();
        }
    }

    /** VoiceCache's id: SHA-256 over the SHA-256 of each sample's bytes. */
    private static String sha256OfSha256(byte[] bytes) {
        try {
            byte[] inner = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(inner));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
