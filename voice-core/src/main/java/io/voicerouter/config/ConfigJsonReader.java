package io.voicerouter.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicerouter.error.InvalidConfigException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Maps a parsed {@code voice_config} tree onto the records. Collects every type problem before it
 * throws, so one read reports all of them. Not thread-safe; one instance per document.
 */
final class ConfigJsonReader {
    static final List<String> ROOT_FIELDS = List.of("active_provider", "providers", "fallback_chain", "languages",
            "voice_samples", "stats");
    static final List<String> PROVIDER_FIELDS = List.of("enabled", "voice_sample_url", "voice_sample_duration",
            "voice_id", "voice_name", "settings", "supported_languages");
    static final List<String> LANGUAGE_FIELDS = List.of("primary", "supported");
    static final List<String> SAMPLE_FIELDS = List.of("id", "url", "duration", "language", "quality_score",
            "uploaded_at", "notes");
    static final List<String> USAGE_FIELDS = List.of("total_generations", "total_characters", "avg_latency_ms",
            "failures", "last_used");

    private final List<String> problems = new ArrayList<>();
    private String firstPath;

    VoiceConfig read(JsonNode root) {
        if (!root.isObject()) {
            throw new InvalidConfigException("", "voice_config must be a JSON object, got " + kind(root));
        }
        Optional<String> active = optText(root, "active_provider", "active_provider");
        Map<String, ProviderConfig> providers = new LinkedHashMap<>();
        JsonNode p = object(root, "providers", "providers");
        if (p != null) {
            p.properties().forEach(e -> {
                ProviderConfig pc = provider(e.getValue(), "providers." + e.getKey());
                if (pc != null) {
                    providers.put(e.getKey(), pc);
                }
            });
        }
        List<String> chain = textList(root, "fallback_chain", "fallback_chain");
        Optional<LanguagePreferences> languages = Optional.empty();
        JsonNode l = object(root, "languages", "languages");
        if (l != null) {
            languages = Optional.ofNullable(languages(l, "languages"));
        }
        List<VoiceSample> samples = new ArrayList<>();
        JsonNode s = array(root, "voice_samples", "voice_samples");
        if (s != null) {
            for (int i = 0; i < s.size(); i++) {
                VoiceSample vs = sample(s.get(i), "voice_samples[" + i + "]");
                if (vs != null) {
                    samples.add(vs);
                }
            }
        }
        Map<String, ProviderUsage> stats = new LinkedHashMap<>();
        JsonNode st = object(root, "stats", "stats");
        if (st != null) {
            st.properties().forEach(e -> {
                ProviderUsage u = usage(e.getValue(), "stats." + e.getKey());
                if (u != null) {
                    stats.put(e.getKey(), u);
                }
            });
        }
        Map<String, Object> extra = extra(root, ROOT_FIELDS);
        if (!problems.isEmpty()) {
            String message = problems.size() == 1 ? problems.get(0)
                    : problems.size() + " problems in voice_config: " + String.join("; ", problems);
            throw new InvalidConfigException(firstPath, -1, -1, message, problems, null);
        }
        return new VoiceConfig(active, providers, chain, languages, samples, stats, extra);
    }

    private ProviderConfig provider(JsonNode node, String path) {
        if (!expectObject(node, path)) {
            return null;
        }
        boolean enabled = false;
        JsonNode en = node.get("enabled");
        if (en != null && !en.isNull()) {
            if (en.isBoolean()) {
                enabled = en.booleanValue();
            } else {
                problem(path + ".enabled", "expected true or false, got " + kind(en));
            }
        }
        Optional<String> sampleUrl = optText(node, "voice_sample_url", path + ".voice_sample_url");
        Optional<Double> sampleDuration = optDouble(node, "voice_sample_duration", path + ".voice_sample_duration");
        Optional<String> voiceId = optText(node, "voice_id", path + ".voice_id");
        Optional<String> voiceName = optText(node, "voice_name", path + ".voice_name");
        Map<String, Object> settings = new LinkedHashMap<>();
        JsonNode set = object(node, "settings", path + ".settings");
        if (set != null) {
            set.properties().forEach(e -> settings.put(e.getKey(), JsonValues.toJava(e.getValue())));
        }
        List<String> languages = textList(node, "supported_languages", path + ".supported_languages");
        return new ProviderConfig(enabled, sampleUrl, sampleDuration, voiceId, voiceName, settings, languages,
                extra(node, PROVIDER_FIELDS));
    }

    private LanguagePreferences languages(JsonNode node, String path) {
        Optional<String> primary = optText(node, "primary", path + ".primary");
        if (primary.isEmpty() && (node.get("primary") == null || node.get("primary").isNull())) {
            problem(path + ".primary", "is required when 'languages' is present");
        }
        List<String> supported = textList(node, "supported", path + ".supported");
        return primary.map(p -> new LanguagePreferences(p, supported, extra(node, LANGUAGE_FIELDS))).orElse(null);
    }

    private VoiceSample sample(JsonNode node, String path) {
        if (!expectObject(node, path)) {
            return null;
        }
        Optional<String> id = required(node, "id", path);
        Optional<String> url = required(node, "url", path);
        Optional<Double> duration = optDouble(node, "duration", path + ".duration");
        Optional<String> language = optText(node, "language", path + ".language");
        Optional<Double> quality = optDouble(node, "quality_score", path + ".quality_score");
        Optional<Instant> uploaded = optInstant(node, "uploaded_at", path + ".uploaded_at");
        Optional<String> notes = optText(node, "notes", path + ".notes");
        if (id.isEmpty() || url.isEmpty()) {
            return null;
        }
        return new VoiceSample(id.get(), url.get(), duration, language, quality, uploaded, notes,
                extra(node, SAMPLE_FIELDS));
    }

    private ProviderUsage usage(JsonNode node, String path) {
        if (!expectObject(node, path)) {
            return null;
        }
        long generations = optLong(node, "total_generations", path);
        long characters = optLong(node, "total_characters", path);
        double latency = optDouble(node, "avg_latency_ms", path + ".avg_latency_ms").orElse(0.0);
        long failures = optLong(node, "failures", path);
        Optional<Instant> lastUsed = optInstant(node, "last_used", path + ".last_used");
        return new ProviderUsage(generations, characters, latency, failures, lastUsed, extra(node, USAGE_FIELDS));
    }

    private Map<String, Object> extra(JsonNode node, List<String> known) {
        Map<String, Object> extra = new LinkedHashMap<>();
        Set<String> knownSet = Set.copyOf(known);
        node.properties().forEach(e -> {
            if (!knownSet.contains(e.getKey())) {
                extra.put(e.getKey(), JsonValues.toJava(e.getValue()));
            }
        });
        return extra;
    }

    private Optional<String> required(JsonNode node, String field, String path) {
        Optional<String> value = optText(node, field, path + "." + field);
        if (value.isEmpty() && (node.get(field) == null || node.get(field).isNull())) {
            problem(path + "." + field, "is required");
        }
        return value;
    }

    private Optional<String> optText(JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            problem(path, "expected a string, got " + kind(v));
            return Optional.empty();
        }
        return Optional.of(v.textValue());
    }

    private Optional<Double> optDouble(JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isNumber()) {
            problem(path, "expected a number, got " + kind(v));
            return Optional.empty();
        }
        double d = v.doubleValue();
        if (!Double.isFinite(d)) {
            problem(path, "number out of range: " + io.voicerouter.spi.ExactNumbers.describe(v.decimalValue()));
            return Optional.empty();
        }
        return Optional.of(d);
    }

    private long optLong(JsonNode node, String field, String parent) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return 0;
        }
        // Exactly: 1.5e-999 is not whole though its double is 0, and 1e400 is out of range though
        // its double equals its own rint().
        java.math.BigDecimal exact = v.isNumber() ? v.decimalValue() : null;
        if (exact == null || !io.voicerouter.spi.ExactNumbers.isWhole(exact)) {
            problem(parent + "." + field, "expected a whole number, got " + kind(v));
            return 0;
        }
        if (!io.voicerouter.spi.ExactNumbers.inRange(exact, Long.MIN_VALUE, Long.MAX_VALUE)) {
            problem(parent + "." + field, "number out of range: " + io.voicerouter.spi.ExactNumbers.describe(v.decimalValue()));
            return 0;
        }
        return exact.longValueExact();
    }

    private Optional<Instant> optInstant(JsonNode node, String field, String path) {
        Optional<String> text = optText(node, field, path);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text.get()));
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(OffsetDateTime.parse(text.get()).toInstant());
            } catch (DateTimeParseException e2) {
                problem(path, "expected an ISO-8601 timestamp such as 2025-10-20T18:00:00Z, got \""
                        + text.get() + "\"");
                return Optional.empty();
            }
        }
    }

    private List<String> textList(JsonNode node, String field, String path) {
        JsonNode v = array(node, field, path);
        if (v == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            if (item.isTextual()) {
                out.add(item.textValue());
            } else {
                problem(path + "[" + i + "]", "expected a string, got " + kind(item));
            }
        }
        return out;
    }

    private JsonNode object(JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        return expectObject(v, path) ? v : null;
    }

    private JsonNode array(JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            problem(path, "expected an array, got " + kind(v));
            return null;
        }
        return v;
    }

    private boolean expectObject(JsonNode v, String path) {
        if (!v.isObject()) {
            problem(path, "expected an object, got " + kind(v));
            return false;
        }
        return true;
    }

    private void problem(String path, String message) {
        if (firstPath == null) {
            firstPath = path;
        }
        problems.add(path + ": " + message);
    }

    static String kind(JsonNode v) {
        return switch (v.getNodeType()) {
            case STRING -> "a string (\"" + abbreviate(v.textValue()) + "\")";
            case NUMBER -> "a number (" + io.voicerouter.spi.ExactNumbers.describe(v.decimalValue()) + ")";
            case BOOLEAN -> "a boolean (" + v.asText() + ")";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
