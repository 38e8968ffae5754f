package io.voicerouter.provider.piper;

import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.error.VoiceException;
import io.voicerouter.onnx.SessionOptions;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.ProviderHealth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PiperVoiceConfigTest {
    @TempDir
    Path dir;

    @Test
    void readsEverythingThePiperConfigCarries() throws Exception {
        ProbeVoices.install(dir, ProbeVoices.MULTI);
        PiperVoiceConfig c = PiperVoiceConfig.read(dir.resolve(ProbeVoices.MULTI + ".onnx.json"));
        assertThat(c.sampleRate()).isEqualTo(22050);
        assertThat(c.espeakVoice()).isEqualTo("en-us");
        assertThat(c.phonemeType()).isEqualTo(PiperVoiceConfig.PhonemeType.ESPEAK);
        assertThat(c.noiseScale()).isEqualTo(0.667f);
        assertThat(c.lengthScale()).isEqualTo(1.0f);
        assertThat(c.noiseW()).isEqualTo(0.8f);
        assertThat(c.numSpeakers()).isEqualTo(4);
        assertThat(c.speakerIdMap()).containsEntry("carol", 2).hasSize(4);
        assertThat(c.languageCode()).contains("en_US");
        assertThat(c.languageFamily()).isEqualTo("en");
        assertThat(c.ids("ə")).hasValueSatisfying(ids -> assertThat(ids).containsExactly(59L));
    }

    @Test
    void idsFollowPipersPattern() throws Exception {
        PiperVoiceConfig c = PiperVoiceConfig.parse("""
                {"phoneme_id_map": {"_": [0], "^": [1], "$": [2], "a": [5], "b": [6, 7]}}
                """);
        java.util.List<String> missing = new java.util.ArrayList<>();
        long[] ids = PhonemeIds.build(PhonemeIds.codepoints("abz"), c, missing::add);
        assertThat(ids).containsExactly(1, 0, 5, 0, 6, 7, 0, 2);
        assertThat(missing).containsExactly("z");
        assertThat(PhonemeIds.build(List.of(), c, missing::add)).containsExactly(1, 0, 2);
    }

    /**
     * A raw setting of "NaN" or 1e400 used to become NaN or infinity; an unparsable one the voice's
     * default. Settings' typed reads refuse them, naming the setting.
     */
    @Test
    void rawSettingsThatAreNotFiniteNumbersAreBadInput() throws Exception {
        PiperVoiceConfig c = PiperVoiceConfig.parse("""
                {"phoneme_id_map": {"_": [0], "^": [1], "$": [2], "a": [5]}}
                """);
        for (Object bad : List.of("NaN", "Infinity", "1e400", new java.math.BigDecimal("1e400"), Double.NaN, "fast")) {
            for (String name : List.of("speed", "noise_scale")) {
                io.voicerouter.spi.Settings raw = io.voicerouter.spi.Settings.resolve(List.of(), java.util.Map.of(name, bad));
                assertThatThrownBy(() -> Knobs.of(io.voicerouter.spi.SynthesisRequest.of("a", "en",
                        io.voicerouter.spi.VoiceSelection.none(), raw), c, "piper"))
                        .as("%s = %s", name, bad)
                        .isInstanceOfSatisfying(io.voicerouter.error.InvalidSettingException.class,
                                e -> assertThat(e.setting()).isEqualTo(name))
                        .hasMessageContaining(name);
            }
        }
        io.voicerouter.spi.Settings ok = io.voicerouter.spi.Settings.resolve(List.of(), java.util.Map.of("speed", "2.0"));
        assertThat(Knobs.of(io.voicerouter.spi.SynthesisRequest.of("a", "en",
                io.voicerouter.spi.VoiceSelection.none(), ok), c, "piper").lengthScale())
                .isEqualTo((float) (c.lengthScale() / 2.0));
    }

    @Test
    void rejectsConfigsPiperCouldNotUse() {
        assertThatThrownBy(() -> PiperVoiceConfig.parse("{}")).hasMessageContaining("phoneme_id_map");
        assertThatThrownBy(() -> PiperVoiceConfig.parse("{\"phoneme_id_map\": {\"a\": [1]}}"))
                .hasMessageContaining("'_'");
        assertThatThrownBy(() -> PiperVoiceConfig.parse("""
                {"phoneme_type": "pinyin", "phoneme_id_map": {"_": [0], "^": [1], "$": [2]}}"""))
                .hasMessageContaining("pinyin");
    }

    @Test
    void aBrokenVoiceConfigIsModelMissing() throws Exception {
        ProbeVoices.install(dir, ProbeVoices.SINGLE);
        Files.writeString(dir.resolve(ProbeVoices.SINGLE + ".onnx.json"), "{ not json");
        try (PiperProvider p = PiperProvider.builder().voices(PiperVoices.builder().directory(dir).offline(true).build())
                .sessionOptions(SessionOptions.builder().device("cpu").build())
                .phonemizer((text, voice) -> List.of("a")).build()) {
            assertThat(p.health().status()).isEqualTo(ProviderHealth.Status.NOT_INITIALIZED);
            p.initialize();
            assertThatThrownBy(() -> p.synthesize(ProbeVoices.request(p, "a", ProbeVoices.SINGLE, Map.of())))
                    .isInstanceOfSatisfying(ProviderException.class,
                            e -> assertThat(e.kind()).isEqualTo(ErrorKind.MODEL_MISSING))
                    .hasMessageContaining("unreadable");
        }
    }

    @Test
    void explicitCudaWithoutTheGpuRuntimeIsMisconfigured() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(io.voicerouter.onnx.OnnxSessions.cudaAvailable());
        ProbeVoices.install(dir, ProbeVoices.TEXT);
        try (PiperProvider p = PiperProvider.builder().voices(PiperVoices.builder().directory(dir).offline(true).build())
                .sessionOptions(SessionOptions.builder().device("cuda:0").build()).build()) {
            p.initialize();
            assertThatThrownBy(() -> p.synthesize(ProbeVoices.request(p, "a", ProbeVoices.TEXT, Map.of())))
                    .isInstanceOfSatisfying(ProviderException.class,
                            e -> assertThat(e.kind()).isEqualTo(ErrorKind.MISCONFIGURED))
                    .hasMessageContaining("onnxruntime_gpu");
        }
    }

    @Test
    void badHostOptionsAreTypedErrors() {
        ProviderContext ctx = ProviderContext.builder().dataDirectory(dir).environment(Map.of())
                .option("piper.device", "tpu").build();
        assertThatThrownBy(() -> new PiperProviderFactory().create(ctx))
                .isInstanceOf(VoiceException.class).hasMessageContaining("tpu");
    }

    @Test
    void theCatalogKeepsOnlyVoicesWithAModelAndItsConfig() throws Exception {
        Path json = Files.writeString(dir.resolve("voices.json"), """
                {"a_B-x-low": {"key": "a_B-x-low", "language": {"code": "a_B"},
                   "files": {"a/a_B-x-low.onnx": {"size_bytes": 1, "md5_digest": "00"}}},
                 "zh_CN-huayan-medium": {"key": "zh_CN-huayan-medium", "name": "huayan", "quality": "medium",
                   "language": {"code": "zh_CN", "name_english": "Chinese"},
                   "files": {"zh/zh_CN/huayan/medium/zh_CN-huayan-medium.onnx": {"size_bytes": 1, "md5_digest": "00"},
                             "zh/zh_CN/huayan/medium/zh_CN-huayan-medium.onnx.json": {"size_bytes": 1, "md5_digest": "00"}}}}
                """);
        PiperCatalog c = PiperCatalog.read(json);
        assertThat(c.size()).isEqualTo(1);
        CatalogVoice v = c.voice("zh_CN-huayan-medium").orElseThrow();
        assertThat(v.language()).isEqualTo("zh-CN");
        assertThat(v.model().orElseThrow().fileName()).isEqualTo("zh_CN-huayan-medium.onnx");
        assertThat(c.voices("zh")).containsExactly(v);
        assertThat(c.voices("zh-CN")).containsExactly(v);
        assertThat(c.voices("zh-TW")).isEmpty();
        assertThat(c.languages()).containsExactly("zh-CN");
    }
}
