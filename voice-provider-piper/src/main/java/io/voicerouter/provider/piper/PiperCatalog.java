package io.voicerouter.provider.piper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voicerouter.language.LanguageCodes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The Piper voices catalog: every published voice, by key. Immutable. */
public final class PiperCatalog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PiperCatalog EMPTY = new PiperCatalog(Map.of());

    private final Map<String, CatalogVoice> voices;

    private PiperCatalog(Map<String, CatalogVoice> voices) {
        this.voices = voices;
    }

    static PiperCatalog empty() {
        return EMPTY;
    }

    /** Reads a {@code voices.json}. Voices without an {@code .onnx} file are left out. */
    public static PiperCatalog read(Path voicesJson) throws IOException {
        return parse(JSON.readTree(voicesJson.toFile()));
    }

    static PiperCatalog parse(JsonNode root) throws IOException {
        if (!root.isObject()) {
            throw new IOException("voices.json is not a JSON object");
        }
        Map<String, CatalogVoice> out = new LinkedHashMap<>();
        var it = root.fields();
        while (it.hasNext()) {
            var e = it.next();
            JsonNode v = e.getValue();
            String key = v.path("key").asText(e.getKey());
            JsonNode lang = v.path("language");
            List<CatalogVoice.CatalogFile> files = new ArrayList<>();
            v.path("files").fields().forEachRemaining(f -> files.add(new CatalogVoice.CatalogFile(f.getKey(),
                    f.getValue().path("size_bytes").asLong(-1), f.getValue().path("md5_digest").asText(""))));
            List<String> speakers = new ArrayList<>();
            v.path("speaker_id_map").fields().forEachRemaining(s -> speakers.add(s.getKey()));
            CatalogVoice voice = new CatalogVoice(key, v.path("name").asText(""), lang.path("code").asText(""),
                    lang.path("name_english").asText(""), v.path("quality").asText(""),
                    Math.max(1, v.path("num_speakers").asInt(1)), speakers, files);
            if (voice.model().isPresent() && voice.modelConfig().isPresent()) {
                out.put(key, voice);
            }
        }
        return new PiperCatalog(Map.copyOf(out));
    }

    public Optional<CatalogVoice> voice(String key) {
        return Optional.ofNullable(voices.get(key));
    }

    /** Every voice, sorted by key. */
    public List<CatalogVoice> voices() {
        return voices.values().stream().sorted(Comparator.comparing(CatalogVoice::key)).toList();
    }

    /**
     * Voices that speak {@code language} (any BCP-47 form: {@code en}, {@code en-GB}, {@code en_GB}),
     * sorted by key. A bare language matches every region; a region matches only that region.
     */
    public List<CatalogVoice> voices(String language) {
        String wanted = language.strip().replace('-', '_');
        boolean withRegion = wanted.contains("_");
        String normalized = LanguageCodes.tryNormalize(wanted).orElse(wanted);
        return voices().stream().filter(v -> withRegion
                ? v.languageCode().equalsIgnoreCase(wanted) || v.language().equals(normalized) && normalized.contains("-")
                : LanguageCodes.base(v.language()).equals(LanguageCodes.base(normalized))).toList();
    }

    /** The normalized language codes the catalog covers. */
    public Set<String> languages() {
        Set<String> out = new TreeSet<>();
        voices.values().forEach(v -> out.add(v.language()));
        return out;
    }

    public int size() {
        return voices.size();
    }

    @Override
    public String toString() {
        return "PiperCatalog[" + voices.size() + " voices]";
    }
}
