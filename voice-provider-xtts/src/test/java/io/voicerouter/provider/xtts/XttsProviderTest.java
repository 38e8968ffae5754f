package io.voicerouter.provider.xtts;

import io.voicerouter.audio.AudioData;
import io.voicerouter.audio.SampleFormat;
import io.voicerouter.audio.WavCodec;
import io.voicerouter.config.ProviderConfig;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.ProviderHealth;
import io.voicerouter.spi.ProviderKind;
import io.voicerouter.spi.ProviderLoader;
import io.voicerouter.spi.Settings;
import io.voicerouter.spi.SynthesisOutput;
import io.voicerouter.spi.SynthesisRequest;
import io.voicerouter.spi.TtsProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The provider end to end over the tiny export: discovery, errors, cloning, seeds and streaming. */
class XttsProviderTest {
    @TempDir
    static Path tmp;
    static Path sample;
    static TtsProvider provider;

    @BeforeAll
    static void setUp() {
        sample = Fixtures.loopedSpeech(tmp.resolve("voice.wav"), 8); // the 2 s fixture four times over
        provider = new XttsProviderFactory().create(ProviderContext.builder()
                .option("xtts_v2.model_dir", Fixtures.tinyModel().toString()).option("xtts_v2.threads", "1")
                .environment(Map.of()).dataDirectory(tmp).build());
        provider.initialize();
    }

    @AfterAll
    static void tearDown() {
        provider.close();
    }

    private static SynthesisRequest request(String text, String language, Path voice, Map<String, Object> settings) {
        ProviderConfig config = ProviderConfig.enabledDefault().withVoiceSample(voice.toString(), 8.0);
        return SynthesisRequest.of(text, language, config.voice(),
                Settings.resolve(provider.capabilities().settings(), settings));
    }

    @Test
    void aVocabularyWithAnUnimplementedNormalizerIsMisconfiguredNotIgnored() throws Exception {
        Path dir = tmp.resolve("nfkc");
        try (Stream<Path> files = Files.walk(Fixtures.tinyModel())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path target = dir.resolve(Fixtures.tinyModel().relativize(f).toString());
                Files.createDirectories(target.getParent());
                Files.copy(f, target);
            }
        }
        String vocab = Files.readString(dir.resolve("vocab.json"));
        assertThat(vocab).contains("\"normalizer\": null");
        Files.writeString(dir.resolve("vocab.json"),
                vocab.replace("\"normalizer\": null", "\"normalizer\": {\"type\": \"NFKC\"}"));
        try (TtsProvider p = new XttsProviderFactory().create(ProviderContext.builder()
                .option("xtts_v2.model_dir", dir.toString()).option("xtts_v2.threads", "1")
                .environment(Map.of()).dataDirectory(tmp).build())) {
            assertThatThrownBy(p::initialize).isInstanceOfSatisfying(ProviderException.class, e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.MISCONFIGURED);
                assertThat(e.getMessage()).contains("normalizer NFKC").contains("not supported");
                assertThat(e.getCause()).isInstanceOf(UnsupportedVocabularyException.class);
            });
            assertThat(p.health().status()).isEqualTo(ProviderHealth.Status.DOWN);
        }
    }

    @Test
    void isDiscoveredAndDescribesItself() {
        assertThat(ProviderLoader.factories()).containsKey("xtts_v2");
        var caps = provider.capabilities();
        assertThat(caps.displayName()).isEqualTo("XTTS v2");
        assertThat(caps.kind()).isEqualTo(ProviderKind.LOCAL);
        assertThat(caps.sampleRate()).isEqualTo(24000);
        assertThat(caps.streaming()).isTrue();
        assertThat(caps.sampleRequirements()).hasValueSatisfying(r -> {
            assertThat(r.minSeconds()).isEqualTo(6);
            assertThat(r.optimalMinSeconds()).isEqualTo(15);
            assertThat(r.optimalMaxSeconds()).isEqualTo(20);
            assertThat(r.maxSeconds()).isEqualTo(30);
        });
        assertThat(caps.languages()).contains("en", "es", "fr", "de", "it", "pt", "pl", "tr", "ru", "nl", "cs",
                "ar", "zh", "ja", "ko", "hu", "hi");
        assertThat(caps.setting("temperature").orElseThrow().defaultValue()).isEqualTo(0.75);
        assertThat(caps.setting("repetition_penalty").orElseThrow().defaultValue()).isEqualTo(5.0);
        assertThat(caps.setting("top_k").orElseThrow().defaultValue()).isEqualTo(50L);
        assertThat(caps.setting("top_p").orElseThrow().defaultValue()).isEqualTo(0.85);
        assertThat(caps.setting("length_penalty").orElseThrow().defaultValue()).isEqualTo(1.0);
        assertThat(caps.setting("speed").orElseThrow().defaultValue()).isEqualTo(1.0);
        assertThat(provider.health().status()).isEqualTo(ProviderHealth.Status.UP);
    }

    @Test
    void aMissingModelIsTypedAndShowsInHealth() {
        TtsProvider p = new XttsProviderFactory().create(ProviderContext.builder()
                .option("xtts_v2.model_dir", tmp.resolve("nowhere").toString()).environment(Map.of()).build());
        assertThatThrownBy(p::initialize).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.MODEL_MISSING);
            assertThat(e.getMessage()).contains("gpt_model.onnx").contains("xtts_v2.model_dir");
        });
        assertThat(p.health().status()).isEqualTo(ProviderHealth.Status.DOWN);
        assertThatThrownBy(() -> p.synthesize(request("hi", "en", sample, Map.of())))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.MODEL_MISSING));
    }

    @Test
    void aBadThreadCountIsMisconfigured() {
        TtsProvider p = new XttsProviderFactory().create(ProviderContext.builder()
                .option("xtts_v2.model_dir", Fixtures.tinyModel().toString()).option("xtts_v2.threads", "many")
                .environment(Map.of()).build());
        assertThatThrownBy(p::initialize).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.MISCONFIGURED));
    }

    @Test
    void aBadOrUnusableDeviceIsMisconfigured() {
        // "cuda" asks for a GPU explicitly: the CPU-only ONNX Runtime on the test class path cannot honour it
        for (String device : new String[] {"tpu", "cuda"}) {
            TtsProvider p = new XttsProviderFactory().create(ProviderContext.builder()
                    .option("xtts_v2.model_dir", Fixtures.tinyModel().toString()).option("xtts_v2.device", device)
                    .environment(Map.of()).build());
            assertThatThrownBy(p::initialize).as(device).isInstanceOfSatisfying(ProviderException.class,
                    e -> assertThat(e.kind()).isEqualTo(ErrorKind.MISCONFIGURED));
            assertThat(p.health().status()).isEqualTo(ProviderHealth.Status.DOWN);
        }
    }

    @Test
    void samplesOutsideSixToThirtySecondsAreRejectedWithAdvice() {
        for (double seconds : new double[] {4.0, 31.0}) {
            Path bad = tmp.resolve("bad-" + seconds + ".wav");
            WavCodec.write(AudioData.mono(new float[(int) (22050 * seconds)], 22050), SampleFormat.PCM_16, bad);
            assertThatThrownBy(() -> provider.synthesize(request("hello world", "en", bad, Map.of())))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.BAD_INPUT);
                        assertThat(e.getMessage()).contains("6-30 s").contains("15-20 s is best").contains("quiet room");
                    });
        }
    }

    @Test
    void missingForbiddenOrAbsentSamplesAreBadInput() {
        ProviderConfig none = ProviderConfig.enabledDefault();
        SynthesisRequest noSample = SynthesisRequest.of("hi", "en", none.voice(),
                Settings.resolve(provider.capabilities().settings(), Map.of()));
        assertThatThrownBy(() -> provider.synthesize(noSample))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_INPUT));
        // by default a sample URL may not reach private or loopback hosts (nothing is connected to)
        ProviderConfig local = ProviderConfig.enabledDefault().withVoiceSample("https://127.0.0.1:9/a.wav", 10);
        assertThatThrownBy(() -> provider.synthesize(SynthesisRequest.of("hi", "en", local.voice(), Settings.empty())))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.BAD_INPUT);
                    assertThat(e.getMessage()).contains("private");
                });
        ProviderConfig ftp = ProviderConfig.enabledDefault().withVoiceSample("ftp://example.com/a.wav", 10);
        assertThatThrownBy(() -> provider.synthesize(SynthesisRequest.of("hi", "en", ftp.voice(), Settings.empty())))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_INPUT));
        assertThatThrownBy(() -> provider.synthesize(request("hi", "en", tmp.resolve("absent.wav"), Map.of())))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_INPUT));
    }

    @Test
    void emptyTextIsBadInput() {
        assertThatThrownBy(() -> provider.synthesize(request("  \" \"  ", "en", sample, Map.of())))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_INPUT));
    }

    @Test
    void unsupportedLanguageIsTyped() {
        assertThatThrownBy(() -> provider.synthesize(request("jambo", "sw", sample, Map.of())))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNSUPPORTED_LANGUAGE));
    }

    @Test
    void aFixedSeedReproducesTheAudioAndAnotherSeedChangesIt() {
        Map<String, Object> seven = Map.of("seed", 7, "stream_chunk_size", 0);
        SynthesisOutput a = provider.synthesize(request("hello world. this is a test", "en", sample, seven));
        SynthesisOutput b = provider.synthesize(request("hello world. this is a test", "en", sample, seven));
        SynthesisOutput c = provider.synthesize(request("hello world. this is a test", "en", sample,
                Map.of("seed", 8, "stream_chunk_size", 0)));
        assertThat(a.audio().sampleRate()).isEqualTo(24000);
        assertThat(a.audio().frames()).isPositive();
        assertThat(a.audio()).isEqualTo(b.audio());
        assertThat(c.audio()).isNotEqualTo(a.audio());
        assertThat(a.metadata()).containsEntry("seed", "7").containsKey("voice").containsEntry("device", "cpu");
        assertThat(provider.voiceIdentity(request("x", "en", sample, Map.of()))).isEqualTo(a.metadata().get("voice"));
    }

    @Test
    void streamingEmitsSeveralChunksThatJoinToTheResult() {
        List<AudioData> chunks = new ArrayList<>();
        SynthesisOutput out = provider.synthesizeStreaming(request("hello world. this is a test", "en", sample,
                Map.of("seed", 3, "stream_chunk_size", 4)), chunks::add);
        assertThat(chunks.size()).isGreaterThan(1);
        AudioData joined = chunks.get(0);
        for (int i = 1; i < chunks.size(); i++) {
            joined = joined.concat(chunks.get(i));
        }
        assertThat(joined).isEqualTo(out.audio());
    }

    @Test
    void aPassedDeadlineIsATimeout() {
        SynthesisRequest r = request("hello world", "en", sample, Map.of("seed", 1));
        SynthesisRequest late = new SynthesisRequest(r.text(), r.language(), r.voice(), r.settings(),
                java.time.Instant.now().minusSeconds(1));
        assertThatThrownBy(() -> provider.synthesize(late))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT));
    }

    @Test
    void concurrentRequestsWithOneSeedGiveTheSameAudio() throws Exception {
        SynthesisRequest r = request("this is a test", "en", sample, Map.of("seed", 11, "stream_chunk_size", 0));
        AudioData expected = provider.synthesize(r).audio();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<AudioData>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                futures.add(pool.submit(() -> provider.synthesize(r).audio()));
            }
            for (var f : futures) {
                assertThat(f.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
