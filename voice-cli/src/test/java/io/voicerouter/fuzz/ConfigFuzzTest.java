package io.voicerouter.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicerouter.cli.VoiceCli;
import io.voicerouter.config.VoiceConfig;
import io.voicerouter.config.VoiceConfigJson;
import io.voicerouter.config.VoiceConfigValidator;
import io.voicerouter.espeak.EspeakProviderFactory;
import io.voicerouter.router.InitOutcome;
import io.voicerouter.router.SpeechRequest;
import io.voicerouter.router.VoiceRouter;
import io.voicerouter.spi.ProviderCapabilities;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.ProviderLoader;
import io.voicerouter.spi.TtsProvider;
import io.voicerouter.stats.JsonFileStatsStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutations of real voice_config files (the repository's examples and an espeak config with every
 * setting): values swapped for hostile ones (huge, negative, non-finite, wrong type, long espeak
 * variants, paths and URLs, odd Unicode), keys removed, renamed and copied, and the raw text cut,
 * spliced and mis-encoded. Each mutant is read, validated, written back, spoken through the real
 * router with the real espeak provider, and some go through {@code voice config validate}.
 */
class ConfigFuzzTest {
    private static final long SEED = 11L;
    private static final int MUTANTS_PER_SEED = 160;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final String ESPEAK_CONFIG = """
            {"active_provider": "espeak",
             "providers": {"espeak": {"enabled": true, "voice_id": "en-us",
                                      "settings": {"voice": "en-us+f3", "rate": 175, "pitch": 50, "volume": 100,
                                                   "word_gap": 0}}},
             "fallback_chain": ["espeak"],
             "languages": {"primary": "en", "supported": ["en", "de"]}}
            """;
    private static final String[] KEYS = {"voice", "voice_id", "settings", "enabled", "rate", "pitch", "volume",
            "word_gap", "speed", "speaker_id", "active_provider", "fallback_chain", "providers", "espeak", "piper",
            "languages", "primary", "supported", "voice_samples", "voice_sample_url", "seed", "", "\u0000", "__proto__"};

    @TempDir
    static Path dir;
    private static Fuzz.FileGuard guard;
    private static VoiceRouter router;
    private static Map<String, ProviderCapabilities> installed;
    private static int parsed;

    @BeforeAll
    static void start() {
        guard = Fuzz.FileGuard.ofRepositoryAndHome();
        ProviderContext context = ProviderContext.builder().dataDirectory(dir.resolve("data")).build();
        installed = new LinkedHashMap<>();
        for (TtsProvider p : ProviderLoader.createAll(context)) { // capabilities only: nothing starts
            installed.put(p.id(), p.capabilities());
            p.close();
        }
        router = VoiceRouter.builder().providers(List.of(new EspeakProviderFactory().create(context)))
                .statsStore(new JsonFileStatsStore(dir.resolve("stats.json"))).build();
        InitOutcome espeak = router.initialize().get("espeak");
        assertThat(espeak.ready()).as("espeak-ng must be installed: " + espeak.detail()).isTrue();
    }

    @AfterAll
    static void stop() {
        if (router != null) {
            router.close();
            assertThat(parsed).as("enough mutants stay valid JSON to reach the router").isGreaterThan(150);
        }
        guard.assertUnchanged();
    }

    private static Map<String, String> seeds() throws IOException {
        Map<String, String> seeds = new LinkedHashMap<>();
        Path examples = Path.of("").toAbsolutePath().resolveSibling("examples");
        try (var files = Files.list(examples)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                seeds.put(f.getFileName().toString(), Files.readString(f));
            }
        }
        seeds.put("espeak", ESPEAK_CONFIG);
        assertThat(seeds).hasSizeGreaterThanOrEqualTo(3);
        return seeds;
    }

    @Test
    void mutatedConfigsAreReadValidatedWrittenAndSpokenOrRefusedWithATypedError() throws IOException {
        Random r = new Random(SEED);
        int n = 0;
        for (Map.Entry<String, String> seed : seeds().entrySet()) {
            JsonNode original = JSON.readTree(seed.getValue());
            for (int i = 0; i < MUTANTS_PER_SEED; i++, n++) {
                JsonNode tree = original.deepCopy();
                int edits = 1 + r.nextInt(3);
                for (int e = 0; e < edits; e++) {
                    tree = mutate(tree, r);
                }
                byte[] bytes = JSON.writeValueAsBytes(tree);
                if (r.nextInt(5) == 0) {
                    bytes = damage(bytes, r);
                }
                runOne(seed.getKey() + " #" + i, bytes, n);
            }
        }
    }

    @Test
    void deeplyNestedAndHugeDocuments() {
        runOne("nested arrays", ("{\"providers\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}")
                .getBytes(StandardCharsets.UTF_8), 1);
        runOne("nested objects", ("{\"providers\":" + "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000) + "}")
                .getBytes(StandardCharsets.UTF_8), 1);
        runOne("a long string", ("{\"active_provider\":\"" + "x".repeat(3_000_000) + "\"}").getBytes(StandardCharsets.UTF_8), 1);
        StringBuilder many = new StringBuilder("{\"providers\":{");
        for (int i = 0; i < 20_000; i++) {
            many.append(i == 0 ? "" : ",").append("\"p").append(i).append("\":{\"enabled\":true}");
        }
        runOne("20000 providers", many.append("}}").toString().getBytes(StandardCharsets.UTF_8), 1);
        runOne("a long fallback chain", ("{\"active_provider\":\"espeak\",\"providers\":{\"espeak\":{}},\"fallback_chain\":["
                + "\"espeak\",".repeat(50_000) + "\"espeak\"]}").getBytes(StandardCharsets.UTF_8), 1);
    }

    @Test
    void espeakVoiceNamesAndVariantsOfEveryLength() {
        // a variant of 37 or more characters once overflowed a buffer in libespeak-ng and aborted the JVM
        List<String> voices = new ArrayList<>(List.of("en-us+f3", "en+m7", "de", "mb-en1", "../../../etc/passwd",
                "en+", "+f3", "en+f3+m1", "en\u0000", "\u202Een"));
        for (int length : new int[] {1, 35, 36, 37, 38, 40, 64, 255, 256, 5000}) {
            voices.add("en+" + "x".repeat(length));
            voices.add("x".repeat(length));
        }
        int n = 0;
        for (String voice : voices) {
            for (String field : List.of("voice", "voice_id")) {
                String quoted = JSON.getNodeFactory().textNode(voice).toString();
                String json = "voice".equals(field)
                        ? "{\"active_provider\":\"espeak\",\"providers\":{\"espeak\":{\"settings\":{\"voice\":" + quoted + "}}}}"
                        : "{\"active_provider\":\"espeak\",\"providers\":{\"espeak\":{\"voice_id\":" + quoted + "}}}";
                runOne(field + " " + Fuzz.show(voice, 40), json.getBytes(StandardCharsets.UTF_8), n++);
            }
        }
    }

    /** Read, validate, write back, speak; every fifth also through the CLI's validate. */
    private static void runOne(String what, byte[] bytes, int n) {
        String shown = what + ": " + Fuzz.show(new String(bytes, StandardCharsets.UTF_8), 300);
        VoiceConfig[] config = new VoiceConfig[1];
        Fuzz.check("read " + shown, () -> config[0] = VoiceConfigJson.read(new ByteArrayInputStream(bytes)));
        if (config[0] != null) {
            parsed++;
            VoiceConfig c = config[0];
            Fuzz.check("validate " + shown, () -> assertThat(VoiceConfigValidator.validate(c, installed)).isNotNull());
            Fuzz.check("write " + shown, () -> {
                Path out = dir.resolve("written.json");
                VoiceConfigJson.writeTo(c, out);
                VoiceConfigJson.read(out);
            });
            Fuzz.check("speak " + shown, () -> router.synthesize(SpeechRequest.builder("Hello.", c)
                    .timeout(Duration.ofSeconds(15)).build()));
        }
        if (n % 5 == 0) {
            Fuzz.check("voice config validate " + shown, () -> {
                Path file = dir.resolve("mutant.json");
                Files.write(file, bytes);
                CliResult cli = cli("config", "validate", file.toString(), "--data-dir", dir.resolve("data").toString());
                assertThat(cli.exit()).as(cli.err()).isBetween(0, 2);
                assertThat(cli.err()).as("a one-line message, not a stack trace").doesNotContain("\tat ")
                        .doesNotContain("unexpected error");
            });
        }
    }

    record CliResult(int exit, String err) {
    }

    private static CliResult cli(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            return new CliResult(VoiceCli.run(args), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    // ---- mutations

    private static final List<Supplier<JsonNode>> HOSTILE = List.of(
            NODES::nullNode, () -> NODES.booleanNode(true), () -> NODES.booleanNode(false),
            () -> NODES.textNode(""), () -> NODES.textNode(" "),
            () -> NODES.numberNode(0), () -> NODES.numberNode(-1), () -> NODES.numberNode(Long.MIN_VALUE),
            () -> NODES.numberNode(Long.MAX_VALUE), () -> NODES.numberNode(Integer.MAX_VALUE + 1L),
            () -> NODES.numberNode(new BigInteger("18446744073709551666")),
            () -> NODES.numberNode(new BigDecimal("1e400")), () -> NODES.numberNode(new BigDecimal("-1e400")),
            () -> NODES.numberNode(new BigDecimal("1e-400")), () -> NODES.numberNode(new BigDecimal("1e999999999")),
            () -> NODES.numberNode(0.5), () -> NODES.numberNode(-0.0), () -> NODES.numberNode(1e308),
            () -> NODES.textNode("NaN"), () -> NODES.textNode("Infinity"), () -> NODES.textNode("175"),
            () -> NODES.textNode("en+" + "x".repeat(40)), () -> NODES.textNode("en-us+" + "f".repeat(300)),
            () -> NODES.textNode("x".repeat(37)), () -> NODES.textNode("x".repeat(70_000)),
            () -> NODES.textNode("en-us+f3"), () -> NODES.textNode("de"), () -> NODES.textNode("mb-en1"),
            () -> NODES.textNode("../../../../etc/passwd"), () -> NODES.textNode("/dev/zero"),
            () -> NODES.textNode("file:///dev/zero"), () -> NODES.textNode("http://127.0.0.1:1/sample.wav"),
            () -> NODES.textNode("http://169.254.169.254/latest/meta-data"), () -> NODES.textNode("%n%s%x"),
            () -> NODES.textNode("\u0000"), () -> NODES.textNode("\uD800"), () -> NODES.textNode("\u202Eesu"),
            () -> NODES.textNode("espeak"), () -> NODES.textNode("piper"), () -> NODES.textNode("google_tts"),
            () -> NODES.arrayNode(), () -> NODES.arrayNode().add(NODES.nullNode()),
            () -> NODES.arrayNode().add("en").add("en").add("xx"), () -> NODES.objectNode(),
            () -> NODES.objectNode().put("enabled", true), () -> NODES.objectNode().set("settings", NODES.nullNode()));

    private static JsonNode mutate(JsonNode root, Random r) {
        List<Slot> slots = new ArrayList<>();
        collect(root, null, null, -1, slots);
        if (slots.isEmpty()) {
            return HOSTILE.get(r.nextInt(HOSTILE.size())).get();
        }
        Slot s = slots.get(r.nextInt(slots.size()));
        if (s.parent == null) {
            return r.nextInt(10) == 0 ? HOSTILE.get(r.nextInt(HOSTILE.size())).get() : root;
        }
        switch (r.nextInt(6)) {
            case 0, 1, 2 -> s.set(HOSTILE.get(r.nextInt(HOSTILE.size())).get());
            case 3 -> s.remove();
            case 4 -> { // rename, or add a key that means something elsewhere
                if (s.parent instanceof ObjectNode o) {
                    JsonNode v = o.remove(s.key);
                    o.set(KEYS[r.nextInt(KEYS.length)], v);
                }
            }
            default -> { // copy another subtree here
                Slot other = slots.get(r.nextInt(slots.size()));
                s.set(other.node.deepCopy());
            }
        }
        return root;
    }

    /** Byte-level damage of the serialized document: cuts, splices, stray bytes, bad UTF-8, a BOM. */
    private static byte[] damage(byte[] bytes, Random r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = bytes.length == 0 ? 0 : r.nextInt(bytes.length);
        switch (r.nextInt(6)) {
            case 0 -> out.write(bytes, 0, pos); // truncated
            case 1 -> { // a stray structural byte
                out.write(bytes, 0, pos);
                String structural = "{}[]\",:\\";
                out.write(structural.charAt(r.nextInt(structural.length())));
                out.write(bytes, pos, bytes.length - pos);
            }
            case 2 -> { // invalid UTF-8
                out.write(bytes, 0, pos);
                out.write(new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xED, (byte) 0xA0, (byte) 0x80}, 0, 6);
                out.write(bytes, pos, bytes.length - pos);
            }
            case 3 -> { // a BOM and NUL bytes
                out.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, 0, 3);
                out.write(bytes, 0, bytes.length);
                out.write(new byte[4], 0, 4);
            }
            case 4 -> { // a duplicated key: the text after the first '{' again
                int brace = indexOf(bytes, (byte) '{', 1);
                out.write(bytes, 0, bytes.length);
                if (brace > 0) {
                    byte[] spliced = new String(bytes, StandardCharsets.UTF_8).replaceFirst("\\{\"", "{\"active_provider\":\"espeak\",\"")
                            .getBytes(StandardCharsets.UTF_8);
                    out.reset();
                    out.write(spliced, 0, spliced.length);
                }
            }
            default -> { // two documents
                out.write(bytes, 0, bytes.length);
                out.write(bytes, 0, bytes.length);
            }
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static void collect(JsonNode node, JsonNode parent, String key, int index, List<Slot> out) {
        out.add(new Slot(node, parent, key, index));
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                collect(f.getValue(), o, f.getKey(), -1, out);
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                collect(a.get(i), a, null, i, out);
            }
        }
    }

    /** Where a node sits, so it can be replaced or removed. */
    private record Slot(JsonNode node, JsonNode parent, String key, int index) {
        void set(JsonNode value) {
            if (parent instanceof ObjectNode o) {
                o.set(key, value);
            } else if (parent instanceof ArrayNode a && index < a.size()) {
                a.set(index, value);
            }
        }

        void remove() {
            if (parent instanceof ObjectNode o) {
                o.remove(key);
            } else if (parent instanceof ArrayNode a && index < a.size()) {
                a.remove(index);
            }
        }
    }
}
