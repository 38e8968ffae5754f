package io.voicerouter.provider.piper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A Piper voice's {@code .onnx.json}: what the model expects as input and how its audio comes out.
 * Immutable.
 */
public final class PiperVoiceConfig {
    /** How text becomes the phonemes the model was trained on. */
    public enum PhonemeType {
        /** IPA from espeak-ng. */
        ESPEAK,
        /** The text's own code points (NFD). */
        TEXT
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int sampleRate;
    private final String espeakVoice;
    private final PhonemeType phonemeType;
    private final Map<String, long[]> phonemeIdMap;
    private final float noiseScale;
    private final float lengthScale;
    private final float noiseW;
    private final int numSpeakers;
    private final Map<String, Integer> speakerIdMap;
    private final String languageCode;
    private final List<List<String>> vowelClusters;

    private PiperVoiceConfig(JsonNode root, String source) {
        JsonNode audio = root.path("audio");
        this.sampleRate = audio.path("sample_rate").asInt(22050);
        if (sampleRate <= 0) {
            throw new IllegalArgumentException(source + ": audio.sample_rate must be positive");
        }
        this.espeakVoice = root.path("espeak").path("voice").asText("en-us");
        String type = root.path("phoneme_type").asText("espeak").toLowerCase(Locale.ROOT);
        this.phonemeType = switch (type) {
            case "espeak" -> PhonemeType.ESPEAK;
            case "text" -> PhonemeType.TEXT;
            default -> throw new IllegalArgumentException(source + ": phoneme_type '" + type
                    + "' is not supported (espeak or text)");
        };
        JsonNode idMap = root.path("phoneme_id_map");
        if (!idMap.isObject() || idMap.isEmpty()) {
            throw new IllegalArgumentException(source + ": phoneme_id_map is missing");
        }
        Map<String, long[]> ids = new LinkedHashMap<>();
        idMap.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            long[] arr = new long[v.isArray() ? v.size() : 1];
            for (int i = 0; i < arr.length; i++) {
                arr[i] = v.isArray() ? v.get(i).asLong() : v.asLong();
            }
            ids.put(e.getKey(), arr);
        });
        for (String required : new String[] {PhonemeIds.PAD, PhonemeIds.BOS, PhonemeIds.EOS}) {
            if (!ids.containsKey(required)) {
                throw new IllegalArgumentException(source + ": phoneme_id_map has no '" + required + "'");
            }
        }
        this.phonemeIdMap = Collections.unmodifiableMap(ids);
        JsonNode inference = root.path("inference");
        this.noiseScale = (float) inference.path("noise_scale").asDouble(0.667);
        this.lengthScale = (float) inference.path("length_scale").asDouble(1.0);
        this.noiseW = (float) inference.path("noise_w").asDouble(0.8);
        this.numSpeakers = Math.max(1, root.path("num_speakers").asInt(1));
        Map<String, Integer> speakers = new LinkedHashMap<>();
        root.path("speaker_id_map").fields().forEachRemaining(e -> speakers.put(e.getKey(), e.getValue().asInt()));
        this.speakerIdMap = Collections.unmodifiableMap(speakers);
        String code = root.path("language").path("code").asText("");
        this.languageCode = code.isBlank() ? null : code;
        this.vowelClusters = readVowelClusters(root.path("vowel_clusters"), source);
    }

    /**
     * piper1-gpl's {@code vowel_clusters}: runs of phonemes (NFD code points) that its espeak
     * phonemizer merges into one phoneme, such as {@code ["a", "ɪ"]} for the map key {@code "aɪ"}.
     * Longest first, as the merge tries them.
     */
    private static List<List<String>> readVowelClusters(JsonNode node, String source) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException(source + ": vowel_clusters must be a list of phoneme lists");
        }
        List<List<String>> clusters = new ArrayList<>();
        for (JsonNode cluster : node) {
            if (!cluster.isArray()) {
                throw new IllegalArgumentException(source + ": vowel_clusters must be a list of phoneme lists, found "
                        + cluster);
            }
            List<String> phonemes = new ArrayList<>();
            cluster.forEach(p -> phonemes.add(p.asText()));
            if (phonemes.size() >= 2) { // piper1-gpl never merges fewer than two
                clusters.add(List.copyOf(phonemes));
            }
        }
        clusters.sort(Comparator.comparingInt((List<String> c) -> c.size()).reversed());
        return List.copyOf(clusters);
    }

    /** Reads a voice's {@code .onnx.json}. */
    public static PiperVoiceConfig read(Path json) throws IOException {
        return new PiperVoiceConfig(JSON.readTree(json.toFile()), json.getFileName().toString());
    }

    static PiperVoiceConfig parse(String json) throws IOException {
        return new PiperVoiceConfig(JSON.readTree(json), "config");
    }

    public int sampleRate() {
        return sampleRate;
    }

    /** The espeak-ng voice to phonemize with, e.g. {@code en-us}. */
    public String espeakVoice() {
        return espeakVoice;
    }

    public PhonemeType phonemeType() {
        return phonemeType;
    }

    /** The ids for one phoneme, when the voice knows it. */
    Optional<long[]> ids(String phoneme) {
        return Optional.ofNullable(phonemeIdMap.get(phoneme));
    }

    /** The voice's vowel clusters, longest first; empty for voices trained without them. */
    List<List<String>> vowelClusters() {
        return vowelClusters;
    }

    public boolean knowsPhoneme(String phoneme) {
        return phonemeIdMap.containsKey(phoneme);
    }

    public float noiseScale() {
        return noiseScale;
    }

    public float lengthScale() {
        return lengthScale;
    }

    public float noiseW() {
        return noiseW;
    }

    public int numSpeakers() {
        return numSpeakers;
    }

    /** Speaker names to ids; empty for single-speaker voices. */
    public Map<String, Integer> speakerIdMap() {
        return speakerIdMap;
    }

    /** The voice's language as Piper writes it ({@code en_US}), when the config says. */
    public Optional<String> languageCode() {
        return Optional.ofNullable(languageCode);
    }

    /** The language family: from {@code language.code}, else from the espeak voice ({@code en-us} to {@code en}). */
    public String languageFamily() {
        String code = languageCode != null ? languageCode : espeakVoice;
        int cut = code.indexOf('_') >= 0 ? code.indexOf('_') : code.indexOf('-');
        return (cut < 0 ? code : code.substring(0, cut)).toLowerCase(Locale.ROOT);
    }
}
