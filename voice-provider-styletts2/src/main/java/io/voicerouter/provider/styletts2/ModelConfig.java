package io.voicerouter.provider.styletts2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model directory's configuration: {@code config.json} where there is one (Kokoro's own, with its
 * {@code vocab}, works unchanged; every other field has the Kokoro default), the vocabulary from
 * {@code tokenizer.json} when {@code config.json} has none (onnx-community's layout), or Kokoro-82M
 * v1.0's vocabulary, shipped with this module, when the directory has neither file (kokoro-onnx's
 * layout). See the module README for the fields.
 *
 * @param misaki      the vocabulary is misaki's symbol set (Kokoro v1.0), so espeak IPA is mapped
 *                    onto it; from {@code phoneme_set}, else detected by misaki's {@code ᵊ}
 * @param vocabSource where the vocabulary came from, for health and logs
 */
record ModelConfig(Map<Integer, Long> vocab, boolean padEnd, int maxPhonemes, int sampleRate,
                   int trimEndSamples, String defaultVoice, Map<String, String> languages,
                   double sigmaData, double sigmaMin, double sigmaMax, double rho, boolean misaki,
                   String vocabSource) {
    static final String CONFIG = "config.json";
    static final String TOKENIZER = "tokenizer.json";
    static final String KOKORO_MODEL_TYPE = "style_text_to_speech_2";
    /** A language whose text must come as phonemes (misaki's own G2P has no Java counterpart). */
    static final String PHONEMES_ONLY = "phonemes";
    private static final String BUNDLED = "kokoro-v1.0-vocab.json";
    /** Kokoro v1.0's languages (hexgrad/kokoro's pipeline): espeak voices, or phoneme input only. */
    static final Map<String, String> KOKORO_V1_LANGUAGES = orderedOf(
            "en", "en-us", "en-us", "en-us", "en-gb", "en-gb", "es", "es", "fr", "fr-fr", "hi", "hi", "it", "it",
            "pt", "pt-br", "pt-br", "pt-br", "ja", PHONEMES_ONLY, "zh", PHONEMES_ONLY);

    /** Reads one {@code config.json} that must carry its own {@code vocab}. */
    static ModelConfig read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        Map<Integer, Long> vocab = vocab(root.path("vocab"));
        if (vocab.isEmpty()) {
            throw new IOException(file + " has no \"vocab\" object");
        }
        return of(root, vocab, file.getFileName().toString(), file);
    }

    /**
     * The configuration of model directory {@code dir}.
     *
     * @throws IOException when the files are unreadable, or no vocabulary can be found
     */
    static ModelConfig load(Path dir) throws IOException {
        Path configFile = dir.resolve(CONFIG);
        Path tokenizerFile = dir.resolve(TOKENIZER);
        boolean hasConfig = Files.isRegularFile(configFile);
        ObjectMapper json = new ObjectMapper();
        JsonNode root = hasConfig ? json.readTree(configFile.toFile()) : JsonNodeFactory.instance.objectNode();
        Map<Integer, Long> vocab = vocab(root.path("vocab"));
        if (!vocab.isEmpty()) {
            return of(root, vocab, CONFIG, configFile);
        }
        if (Files.isRegularFile(tokenizerFile)) {
            // Hugging Face tokenizers format: the symbols are model.vocab (onnx-community's export).
            JsonNode model = json.readTree(tokenizerFile.toFile()).path("model");
            vocab = vocab(model.path("vocab"));
            if (vocab.isEmpty()) {
                throw new IOException(tokenizerFile + " has no \"model\": {\"vocab\": ...} object");
            }
            return of(root, vocab, TOKENIZER, configFile);
        }
        if (!hasConfig) {
            // kokoro-onnx ships only the graph and the voices; its vocabulary is Kokoro-82M's.
            try (InputStream in = ModelConfig.class.getResourceAsStream(BUNDLED)) {
                if (in == null) {
                    throw new IOException("the bundled Kokoro vocabulary " + BUNDLED + " is missing from the jar");
                }
                return of(root, vocab(json.readTree(in).path("vocab")), "bundled Kokoro-82M v1.0 vocabulary",
                        configFile);
            }
        }
        throw new IOException(configFile + " has no \"vocab\" and " + dir + " has no " + TOKENIZER
                + (KOKORO_MODEL_TYPE.equals(root.path("model_type").asText()) ? " (onnx-community's Kokoro layout "
                + "keeps the vocabulary in tokenizer.json: download it too)" : ""));
    }

    private static Map<Integer, Long> vocab(JsonNode node) {
        Map<Integer, Long> vocab = new LinkedHashMap<>();
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().codePointCount(0, e.getKey().length()) == 1) {
                    vocab.put(e.getKey().codePointAt(0), e.getValue().asLong());
                }
            }
        }
        return vocab;
    }

    private static ModelConfig of(JsonNode root, Map<Integer, Long> vocab, String source, Path file) throws IOException {
        String phonemeSet = root.path("phoneme_set").asText(vocab.containsKey((int) 'ᵊ') ? "misaki" : "espeak");
        if (!phonemeSet.equals("misaki") && !phonemeSet.equals("espeak")) {
            throw new IOException(file + ": phoneme_set must be \"misaki\" or \"espeak\", got " + phonemeSet);
        }
        boolean misaki = phonemeSet.equals("misaki");
        Map<String, String> languages = new LinkedHashMap<>();
        JsonNode langs = root.path("languages");
        if (langs.isObject()) {
            langs.fields().forEachRemaining(e -> languages.put(e.getKey(), e.getValue().asText()));
        }
        if (languages.isEmpty()) {
            languages.putAll(misaki ? KOKORO_V1_LANGUAGES : Map.of("en", "en-us"));
        }
        JsonNode diffusion = root.path("diffusion");
        String padding = root.path("token_padding").asText("both");
        if (!padding.equals("both") && !padding.equals("start")) {
            throw new IOException(file + ": token_padding must be \"both\" or \"start\", got " + padding);
        }
        return new ModelConfig(Map.copyOf(vocab), padding.equals("both"), root.path("max_phonemes").asInt(510),
                root.path("sample_rate").asInt(24000), root.path("trim_end_samples").asInt(0),
                root.path("default_voice").asText(""), java.util.Collections.unmodifiableMap(languages),
                root.path("sigma_data").asDouble(0.2), diffusion.path("sigma_min").asDouble(0.0001),
                diffusion.path("sigma_max").asDouble(3.0), diffusion.path("rho").asDouble(9.0), misaki, source);
    }

    private static Map<String, String> orderedOf(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
