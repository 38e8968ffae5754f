package io.voicerouter.provider.styletts2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The model directory's {@code config.json}. Kokoro's own config (only {@code vocab}) is accepted
 * as is; every other field has the Kokoro default. See the module README for the fields.
 */
record ModelConfig(Map<Integer, Long> vocab, boolean padEnd, int maxPhonemes, int sampleRate,
                   int trimEndSamples, String defaultVoice, Map<String, String> languages,
                   double sigmaData, double sigmaMin, double sigmaMax, double rho) {

    static ModelConfig read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        JsonNode vocabNode = root.path("vocab");
        if (!vocabNode.isObject() || vocabNode.isEmpty()) {
            throw new IOException(file + " has no \"vocab\" object");
        }
        Map<Integer, Long> vocab = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = vocabNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().codePointCount(0, e.getKey().length()) == 1) {
                vocab.put(e.getKey().codePointAt(0), e.getValue().asLong());
            }
        }
        Map<String, String> languages = new LinkedHashMap<>();
        JsonNode langs = root.path("languages");
        if (langs.isObject()) {
            langs.fields().forEachRemaining(e -> languages.put(e.getKey(), e.getValue().asText()));
        }
        if (languages.isEmpty()) {
            languages.put("en", "en-us");
        }
        JsonNode diffusion = root.path("diffusion");
        String padding = root.path("token_padding").asText("both");
        if (!padding.equals("both") && !padding.equals("start")) {
            throw new IOException(file + ": token_padding must be \"both\" or \"start\", got " + padding);
        }
        return new ModelConfig(Map.copyOf(vocab), padding.equals("both"), root.path("max_phonemes").asInt(510),
                root.path("sample_rate").asInt(24000), root.path("trim_end_samples").asInt(0),
                root.path("default_voice").asText(""), Map.copyOf(languages),
                root.path("sigma_data").asDouble(0.2), diffusion.path("sigma_min").asDouble(0.0001),
                diffusion.path("sigma_max").asDouble(3.0), diffusion.path("rho").asDouble(9.0));
    }
}
