package io.voicerouter.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voicerouter.error.InvalidConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VoiceConfigJsonTest {
    static final Path EXAMPLE = locateExample();
    private static final ObjectMapper PLAIN = new ObjectMapper();

    static Path locateExample() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("examples/personality-voice-config.json");
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalStateException("examples/personality-voice-config.json not found above " + Path.of("").toAbsolutePath());
    }

    static String resource(String name) throws IOException {
        try (InputStream in = VoiceConfigJsonTest.class.getResourceAsStream("/config/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void exampleRoundTripsToTheSameTreeAndTheSameText() throws IOException {
        String original = Files.readString(EXAMPLE);
        VoiceConfig config = VoiceConfigJson.read(EXAMPLE);
        String written = VoiceConfigJson.write(config);

        assertThat(PLAIN.readTree(written)).isEqualTo(PLAIN.readTree(original));
        assertThat(written).isEqualTo(original);
        assertThat(VoiceConfigJson.read(written)).isEqualTo(config);
    }

    @Test
    void exampleHoldsTheSeedsValuesInTheirJsonForms() {
        VoiceConfig config = VoiceConfigJson.read(EXAMPLE);

        assertThat(config.activeProvider()).contains("xtts_v2");
        assertThat(config.providers().keySet()).containsExactly("xtts_v2", "styletts2", "piper", "google_tts");
        ProviderConfig xtts = config.providers().get("xtts_v2");
        assertThat(xtts.voiceSampleDuration()).contains(15.2);
        assertThat(xtts.settings()).containsEntry("top_k", 50L).containsEntry("temperature", 0.75)
                .containsEntry("speed", 1.0);
        assertThat(xtts.supportedLanguages()).hasSize(17).contains("hu").doesNotContain("bn");
        assertThat(config.providers().get("piper").voiceId()).contains("en_US-ryan-medium");
        assertThat(config.providers().get("google_tts").enabled()).isFalse();
        assertThat(config.providers().get("google_tts").settings()).containsEntry("pitch", 0L);
        assertThat(config.fallbackChain()).containsExactly("xtts_v2", "styletts2", "piper", "google_tts");
        assertThat(config.languages().orElseThrow().supported()).startsWith("en", "es", "fr", "de", "zh", "ja", "ko");
        VoiceSample sample = config.voiceSamples().get(0);
        assertThat(sample.qualityScore()).contains(0.95);
        assertThat(sample.uploadedAt()).contains(Instant.parse("2025-10-20T18:00:00Z"));
        assertThat(config.stats().get("xtts_v2").avgLatencyMs()).isEqualTo(2500.0);
        assertThat(config.stats().get("xtts_v2").totalCharacters()).isEqualTo(567890L);
        assertThat(config.stats()).containsOnlyKeys("xtts_v2", "styletts2", "piper");
    }

    @Test
    void unknownFieldsAtEveryLevelSurvive() throws IOException {
        String original = resource("unknown-fields.json");
        VoiceConfig config = VoiceConfigJson.read(original);

        assertThat(config.extra()).containsEntry("x_root_version", 3L).containsKey("x_root_null")
                .containsEntry("x_big", new BigInteger("123456789012345678901234567890"));
        assertThat(config.extra().get("x_root_null")).isNull();
        ProviderConfig piper = config.providers().get("piper");
        assertThat(piper.extra()).containsEntry("x_provider_note", "kept");
        assertThat(piper.settings().get("future_knob")).isInstanceOf(Map.class);
        assertThat(config.languages().orElseThrow().extra()).containsEntry("x_dialect_hint", "en-GB");
        assertThat(config.voiceSamples().get(0).extra()).containsEntry("x_sample_rate", 22050L)
                .containsEntry("x_tags", List.of("calm", "studio"));
        assertThat(config.stats().get("piper").extra()).containsEntry("x_cache_hits", 4L).containsEntry("x_ratio", 0.4);

        String written = VoiceConfigJson.write(config);
        assertThat(PLAIN.readTree(written)).isEqualTo(PLAIN.readTree(original));
        assertThat(written).isEqualTo(original);
    }

    @Test
    void aConfigWithoutOptionalSectionsReadsAndWritesWithoutThem() throws IOException {
        String json = "{\"providers\": {\"piper\": {\"enabled\": true, \"voice_id\": \"en_US-lessac-medium\"}}}";
        VoiceConfig config = VoiceConfigJson.read(json);

        assertThat(config.activeProvider()).isEmpty();
        assertThat(config.activeProviderOrDefault()).isEqualTo("piper");
        assertThat(config.languages()).isEmpty();
        assertThat(config.voiceSamples()).isEmpty();
        assertThat(config.stats()).isEmpty();
        assertThat(config.fallbackChain()).isEmpty();
        assertThat(config.primaryLanguage()).isEqualTo("en");
        ProviderConfig piper = config.providers().get("piper");
        assertThat(piper.voiceSampleUrl()).isEmpty();
        assertThat(piper.settings()).isEmpty();

        JsonNode tree = PLAIN.readTree(VoiceConfigJson.write(config));
        assertThat(tree).isEqualTo(PLAIN.readTree(json));
        assertThat(tree.fieldNames()).toIterable().containsExactly("providers");
    }

    @Test
    void anEmptyObjectIsAnEmptyConfig() {
        VoiceConfig config = VoiceConfigJson.read("{}");
        assertThat(config.providers()).isEmpty();
        assertThat(VoiceConfigJson.write(config)).isEqualTo("{}\n");
    }

    @Test
    void configsBuiltInCodeWriteInTheSeedsFieldOrder() throws IOException {
        VoiceConfig config = VoiceConfig.singleProvider("piper")
                .withFallbackChain(List.of("espeak"))
                .withStats(Map.of("piper", new ProviderUsage(3, 120, 410.25, 1,
                        Optional.of(Instant.parse("2025-10-20T18:30:00Z")), Map.of())))
                .withProvider("piper", ProviderConfig.enabledDefault().withSettings(Map.of("speed", 1.25f)));

        JsonNode tree = PLAIN.readTree(VoiceConfigJson.write(config));
        assertThat(tree.fieldNames()).toIterable().containsExactly("active_provider", "providers", "fallback_chain", "stats");
        assertThat(tree.at("/providers/piper/settings/speed").decimalValue()).isEqualByComparingTo("1.25");
        assertThat(tree.at("/stats/piper").fieldNames()).toIterable().containsExactly(
                "total_generations", "total_characters", "avg_latency_ms", "failures", "last_used");
        assertThat(VoiceConfigJson.read(VoiceConfigJson.write(config)).stats()).isEqualTo(config.stats());
    }

    @Test
    void javaNumbersWriteInTheirShortForm() {
        VoiceConfig config = VoiceConfig.singleProvider("piper").withProvider("piper", ProviderConfig.enabledDefault()
                .withSettings(Map.of("a", 0.95f)))
                .withActiveProvider("piper");
        assertThat(VoiceConfigJson.write(config)).contains("\"a\": 0.95\n");
        VoiceConfig exact = config.withProvider("piper", ProviderConfig.enabledDefault()
                .withSettings(Map.of("b", new java.math.BigDecimal("1.50"))));
        assertThat(VoiceConfigJson.write(exact)).contains("\"b\": 1.50\n");
        VoiceConfig ints = config.withProvider("piper", ProviderConfig.enabledDefault().withSettings(Map.of("c", 7)));
        assertThat(VoiceConfigJson.write(ints)).contains("\"c\": 7\n");
    }

    @Test
    void malformedJsonSaysLineAndColumn() {
        String json = "{\n  \"active_provider\": \"piper\",\n  \"providers\": {\n    \"piper\": {\"enabled\": tru}\n  }\n}";
        assertThatThrownBy(() -> VoiceConfigJson.read(json))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.line()).hasValue(4);
                    assertThat(e.column()).isPresent();
                    assertThat(e.getMessage()).contains("line 4");
                    assertThat(e.problems()).hasSize(1);
                });
    }

    @Test
    void truncatedJsonTrailingGarbageAndDuplicateKeysAreTypedErrors() {
        for (String bad : List.of("{\"providers\": {", "{} {}", "{\"active_provider\": \"a\", \"active_provider\": \"b\"}",
                "", "[1, 2]", "\"piper\"", "{\"stats\": {\"piper\": {\"failures\": NaN}}}")) {
            assertThatThrownBy(() -> VoiceConfigJson.read(bad)).as(bad).isInstanceOf(InvalidConfigException.class);
        }
    }

    @Test
    void everyWrongTypeIsReportedWithItsPath() {
        String json = """
                {"active_provider": 7,
                 "providers": {"piper": {"enabled": "yes", "settings": [1], "supported_languages": ["en", 5]},
                               "xtts_v2": "on"},
                 "fallback_chain": "piper",
                 "languages": {"supported": ["en"]},
                 "voice_samples": [{"url": "u", "duration": "long", "uploaded_at": "yesterday"}],
                 "stats": {"piper": {"total_generations": 1.5, "last_used": 3}}}
                """;
        assertThatThrownBy(() -> VoiceConfigJson.read(json))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.path()).contains("active_provider");
                    assertThat(e.problems()).extracting(p -> p.substring(0, p.indexOf(':'))).containsExactlyInAnyOrder(
                            "active_provider", "providers.piper.enabled", "providers.piper.settings",
                            "providers.piper.supported_languages[1]", "providers.xtts_v2", "fallback_chain",
                            "languages.primary", "voice_samples[0].id", "voice_samples[0].duration",
                            "voice_samples[0].uploaded_at", "stats.piper.total_generations", "stats.piper.last_used");
                });
    }

    @Test
    void timestampsWithAnOffsetAreReadAndWrittenInUtc() {
        VoiceConfig config = VoiceConfigJson.read(
                "{\"stats\": {\"piper\": {\"last_used\": \"2025-10-20T20:30:00+02:00\"}}}");
        assertThat(config.stats().get("piper").lastUsed()).contains(Instant.parse("2025-10-20T18:30:00Z"));
        assertThat(VoiceConfigJson.write(config)).contains("\"last_used\": \"2025-10-20T18:30:00Z\"");
    }

    @Test
    void nullForAKnownFieldReadsAsAbsent() {
        VoiceConfig config = VoiceConfigJson.read("{\"active_provider\": null, \"providers\": {\"piper\": "
                + "{\"enabled\": true, \"voice_id\": null}}, \"stats\": null}");
        assertThat(config.activeProvider()).isEmpty();
        assertThat(config.providers().get("piper").voiceId()).isEmpty();
    }

    @Test
    void readFromAStreamLeavesItOpen() {
        AtomicBoolean closed = new AtomicBoolean();
        InputStream in = new ByteArrayInputStream("{\"active_provider\": \"piper\"}".getBytes(StandardCharsets.UTF_8)) {
            @Override
            public void close() {
                closed.set(true);
            }
        };
        assertThat(VoiceConfigJson.read(in).activeProvider()).contains("piper");
        assertThat(closed).isFalse();
    }

    @Test
    void writeToReplacesTheFileAtomicallyAndLeavesNoTemporaryFiles(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("voice_config.json");
        Files.writeString(file, "old");
        VoiceConfig config = VoiceConfigJson.read(EXAMPLE);

        VoiceConfigJson.writeTo(config, file);

        assertThat(Files.readString(file)).isEqualTo(Files.readString(EXAMPLE));
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void readingAMissingFileIsAnInvalidConfigNamingIt(@TempDir Path dir) {
        assertThatThrownBy(() -> VoiceConfigJson.read(dir.resolve("nope.json")))
                .isInstanceOf(io.voicerouter.error.InvalidConfigException.class)
                .hasMessageContaining("nope.json").hasMessageContaining("no such file");
    }

    @Test
    void aDirectoryIsRefusedAsNotARegularFile(@TempDir Path dir) {
        assertThatThrownBy(() -> VoiceConfigJson.read(dir))
                .isInstanceOf(io.voicerouter.error.InvalidConfigException.class)
                .hasMessageContaining("is a directory, not a regular file");
    }

    /** Opening a FIFO for reading blocks until a writer comes: it used to hang forever. */
    @Test
    void aFifoIsRefusedWithoutOpeningIt(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("config.json");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo is not available");
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () ->
                assertThatThrownBy(() -> VoiceConfigJson.read(fifo))
                        .isInstanceOf(io.voicerouter.error.InvalidConfigException.class)
                        .hasMessageContaining("not a regular file"));
    }

    @Test
    void aDeviceAndAnOversizedFileAreRefusedBeforeReading(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> VoiceConfigJson.read(Path.of("/dev/zero")))
                .isInstanceOf(io.voicerouter.error.InvalidConfigException.class)
                .hasMessageContaining("not a regular file");
        Path big = dir.resolve("big.json");
        try (var ch = java.nio.channels.FileChannel.open(big, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[]{' '}), VoiceConfigJson.MAX_FILE_BYTES); // sparse
        }
        assertThatThrownBy(() -> VoiceConfigJson.read(big))
                .isInstanceOf(io.voicerouter.error.InvalidConfigException.class)
                .hasMessageContaining("more than the " + VoiceConfigJson.MAX_FILE_BYTES + " bytes allowed");
    }
}
