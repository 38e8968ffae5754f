package io.voicerouter.provider.piper;

import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.onnx.ChecksumMismatchException;
import io.voicerouter.onnx.OfflineException;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.ProviderHealth;
import io.voicerouter.spi.ProviderLoader;
import io.voicerouter.spi.TtsProvider;
import io.voicerouter.spi.TtsProviderFactory;
import io.voicerouter.testing.LoopbackFileServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static io.voicerouter.provider.piper.ProbeVoices.K;
import static io.voicerouter.provider.piper.ProbeVoices.TEXT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The catalog and download path against a loopback server, wired through the factory's options. */
class PiperCatalogDownloadTest {
    static final String BASE = "/hf/rhasspy/piper-voices/resolve/main/";
    static final String DIR = "en/en_US/probetext/x_low/";

    @TempDir
    Path data;
    LoopbackFileServer server;
    byte[] model;
    byte[] config;

    @BeforeEach
    void start() throws Exception {
        server = new LoopbackFileServer();
        model = ProbeVoices.bytes(TEXT + ".onnx");
        config = ProbeVoices.bytes(TEXT + ".onnx.json");
        server.put(BASE + DIR + TEXT + ".onnx", model);
        server.put(BASE + DIR + TEXT + ".onnx.json", config);
        publishCatalog(md5(model));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void publishCatalog(String modelMd5) {
        String json = """
                {
                  "%1$s": {
                    "key": "%1$s", "name": "probetext", "quality": "x_low", "num_speakers": 1,
                    "language": {"code": "en_US", "family": "en", "region": "US", "name_english": "English"},
                    "speaker_id_map": {},
                    "files": {
                      "%2$s%1$s.onnx": {"size_bytes": %3$d, "md5_digest": "%4$s"},
                      "%2$s%1$s.onnx.json": {"size_bytes": %5$d, "md5_digest": "%6$s"},
                      "%2$sMODEL_CARD": {"size_bytes": 10, "md5_digest": "00000000000000000000000000000000"}
                    },
                    "aliases": []
                  },
                  "de_DE-thorsten-medium": {
                    "key": "de_DE-thorsten-medium", "name": "thorsten", "quality": "medium", "num_speakers": 1,
                    "language": {"code": "de_DE", "family": "de", "region": "DE", "name_english": "German"},
                    "files": {
                      "de/de_DE/thorsten/medium/de_DE-thorsten-medium.onnx": {"size_bytes": 5, "md5_digest": "00000000000000000000000000000000"},
                      "de/de_DE/thorsten/medium/de_DE-thorsten-medium.onnx.json": {"size_bytes": 5, "md5_digest": "00000000000000000000000000000000"}
                    }
                  }
                }
                """.formatted(TEXT, DIR, model.length, modelMd5, config.length, md5(config));
        server.put(BASE + "voices.json", json.getBytes(StandardCharsets.UTF_8));
    }

    static String md5(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private ProviderContext context(boolean offline) {
        return ProviderContext.builder().dataDirectory(data).environment(Map.of())
                .option("piper.catalog_url", server.uri(BASE + "voices.json").toString())
                .option("piper.base_url", server.uri(BASE).toString())
                .option("piper.offline", Boolean.toString(offline))
                .option("piper.device", "cpu")
                .option("piper.intra_op_threads", "1")
                .build();
    }

    private TtsProvider provider(boolean offline) {
        TtsProviderFactory factory = ProviderLoader.factories().get("piper");
        assertThat(factory).isInstanceOf(PiperProviderFactory.class);
        return factory.create(context(offline));
    }

    @Test
    void aCatalogVoiceIsDownloadedVerifiedAndSpoken() throws Exception {
        try (TtsProvider piper = provider(false)) {
            piper.initialize();
            assertThat(piper.capabilities().languages()).containsExactlyInAnyOrder("en", "de");
            var out = piper.synthesize(ProbeVoices.request((PiperProvider) piper, "Hi.", TEXT,
                    Map.of("normalize", false, "sentence_silence", 0.0)));
            assertThat(ProbeVoices.decode(out.audio(), K)).containsExactly(1L, 0L, 20L, 0L, 21L, 0L, 10L, 0L, 2L);
            Path voices = data.resolve("piper");
            assertThat(Files.readAllBytes(voices.resolve(TEXT + ".onnx"))).isEqualTo(model);
            assertThat(Files.readAllBytes(voices.resolve(TEXT + ".onnx.json"))).isEqualTo(config);
            assertThat(((PiperProvider) piper).voices().installed()).containsExactly(TEXT);
            assertThat(piper.health().status()).isEqualTo(ProviderHealth.Status.UP);
        }
    }

    @Test
    void aSlowCatalogDoesNotHoldUpInitialization() throws Exception {
        server.holdResponses();
        try (PiperProvider piper = PiperProvider.builder().voices(PiperVoices.fromContext(context(false)))
                .catalogWait(Duration.ofMillis(50)).build()) {
            piper.initialize(); // returns although the server has not answered
            assertThat(piper.health().status()).isEqualTo(ProviderHealth.Status.DEGRADED);
            assertThat(piper.health().detail()).contains("still downloading");
            server.releaseResponses();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (piper.capabilities().languages().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(piper.capabilities().languages()).containsExactlyInAnyOrder("en", "de");
            assertThat(piper.health().detail()).isEmpty();
        }
    }

    @Test
    void voicesAreListedByLanguage() {
        PiperVoices voices = PiperVoices.fromContext(context(false));
        assertThat(voices.list("en")).extracting(CatalogVoice::key).containsExactly(TEXT);
        assertThat(voices.list("en-US")).extracting(CatalogVoice::key).containsExactly(TEXT);
        assertThat(voices.list("en_GB")).isEmpty();
        assertThat(voices.list("de")).extracting(CatalogVoice::key).containsExactly("de_DE-thorsten-medium");
        CatalogVoice v = voices.list("en").get(0);
        assertThat(v.language()).isEqualTo("en");
        assertThat(v.languageName()).isEqualTo("English");
        assertThat(voices.catalog().languages()).containsExactly("de", "en");
    }

    @Test
    void downloadReportsProgressAndResumesAfterACutConnection() throws Exception {
        PiperVoices voices = PiperVoices.builder().directory(data.resolve("v"))
                .catalogUri(server.uri(BASE + "voices.json")).baseUri(server.uri(BASE))
                .store(s -> s.readTimeout(Duration.ofSeconds(2)).maxAttempts(3)).build();
        voices.catalog();
        server.cutNext(BASE + DIR + TEXT + ".onnx", model.length / 2);
        List<String> seen = new ArrayList<>();
        Path got = voices.download(TEXT, (file, done, total) -> seen.add(file + ":" + done + "/" + total));
        assertThat(Files.readAllBytes(got)).isEqualTo(model);
        assertThat(seen).contains(TEXT + ".onnx:" + model.length + "/" + model.length);
        assertThat(server.ranges).hasSize(1);
        assertThat(Files.exists(got.resolveSibling(TEXT + ".onnx.part"))).isFalse();
    }

    @Test
    void aChecksumMismatchIsRejectedAndTheVoiceIsMissing() throws Exception {
        publishCatalog("ffffffffffffffffffffffffffffffff");
        try (TtsProvider piper = provider(false)) {
            piper.initialize();
            assertThatThrownBy(() -> piper.synthesize(ProbeVoices.request((PiperProvider) piper, "Hi.", TEXT, Map.of())))
                    .isInstanceOfSatisfying(ProviderException.class,
                            e -> assertThat(e.kind()).isEqualTo(ErrorKind.MODEL_MISSING))
                    .hasCauseInstanceOf(ChecksumMismatchException.class);
            assertThat(Files.exists(data.resolve("piper").resolve(TEXT + ".onnx"))).isFalse();
            assertThat(Files.exists(data.resolve("piper").resolve(TEXT + ".onnx.part"))).isFalse();
        }
    }

    @Test
    void aVoiceNotInTheCatalogIsModelMissing() {
        try (TtsProvider piper = provider(false)) {
            piper.initialize();
            assertThatThrownBy(() -> piper.synthesize(ProbeVoices.request((PiperProvider) piper, "Hi.",
                    "en_US-nobody-medium", Map.of())))
                    .isInstanceOfSatisfying(ProviderException.class,
                            e -> assertThat(e.kind()).isEqualTo(ErrorKind.MODEL_MISSING))
                    .hasMessageContaining("en_US-nobody-medium");
        }
    }

    @Test
    void offlineModeIsAClearErrorAndTouchesNoNetwork() {
        try (TtsProvider piper = provider(true)) {
            piper.initialize();
            assertThat(piper.health().status()).isEqualTo(ProviderHealth.Status.DEGRADED);
            assertThat(piper.health().detail()).contains("offline").contains("local .onnx path");
            assertThatThrownBy(() -> piper.synthesize(ProbeVoices.request((PiperProvider) piper, "Hi.", TEXT, Map.of())))
                    .isInstanceOfSatisfying(ProviderException.class,
                            e -> assertThat(e.kind()).isEqualTo(ErrorKind.MODEL_MISSING))
                    .hasMessageContaining(TEXT)
                    .hasMessageContaining("offline")
                    .hasMessageContaining("voice download piper " + TEXT);
        }
        assertThatThrownBy(() -> PiperVoices.fromContext(context(true)).download(TEXT, (f, d, t) -> { }))
                .isInstanceOf(OfflineException.class).hasMessageContaining("voices.json");
        assertThat(server.requests.get()).isZero();
    }

    @Test
    void theEnvironmentVariableTurnsOfflineModeOn() {
        ProviderContext ctx = ProviderContext.builder().dataDirectory(data).environment(Map.of("VOICEROUTER_OFFLINE", "1"))
                .option("piper.catalog_url", server.uri(BASE + "voices.json").toString()).build();
        assertThat(PiperVoices.fromContext(ctx).offline()).isTrue();
    }
}
