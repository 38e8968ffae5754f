package io.voicerouter.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/**
 * Maps the records onto a tree in the seed's field order; unknown fields ({@code extra}) follow the
 * known ones. Empty optional values, lists and maps are left out, so a config that had no
 * {@code stats} gets none written.
 */
final class ConfigJsonWriter {
    private static final JsonNodeFactory NODES = JsonValues.nodes();

    private ConfigJsonWriter() {
    }

    static ObjectNode toTree(VoiceConfig config) {
        ObjectNode root = NODES.objectNode();
        config.activeProvider().ifPresent(a -> root.put("active_provider", a));
        if (!config.providers().isEmpty()) {
            ObjectNode providers = root.putObject("providers");
            config.providers().forEach((id, p) -> providers.set(id, provider(p)));
        }
        if (!config.fallbackChain().isEmpty()) {
            root.set("fallback_chain", texts(config.fallbackChain()));
        }
        config.languages().ifPresent(l -> root.set("languages", languages(l)));
        if (!config.voiceSamples().isEmpty()) {
            ArrayNode samples = root.putArray("voice_samples");
            config.voiceSamples().forEach(s -> samples.add(sample(s)));
        }
        if (!config.stats().isEmpty()) {
            ObjectNode stats = root.putObject("stats");
            config.stats().forEach((id, u) -> stats.set(id, usage(u)));
        }
        putExtra(root, config.extra());
        return root;
    }

    private static ObjectNode provider(ProviderConfig p) {
        ObjectNode node = NODES.objectNode();
        node.put("enabled", p.enabled());
        p.voiceSampleUrl().ifPresent(v -> node.put("voice_sample_url", v));
        p.voiceSampleDuration().ifPresent(v -> node.set("voice_sample_duration", JsonValues.decimal(v)));
        p.voiceId().ifPresent(v -> node.put("voice_id", v));
        p.voiceName().ifPresent(v -> node.put("voice_name", v));
        if (!p.settings().isEmpty()) {
            ObjectNode settings = node.putObject("settings");
            p.settings().forEach((k, v) -> settings.set(k, JsonValues.toNode(v)));
        }
        if (!p.supportedLanguages().isEmpty()) {
            node.set("supported_languages", texts(p.supportedLanguages()));
        }
        putExtra(node, p.extra());
        return node;
    }

    private static ObjectNode languages(LanguagePreferences l) {
        ObjectNode node = NODES.objectNode();
        node.put("primary", l.primary());
        if (!l.supported().isEmpty()) {
            node.set("supported", texts(l.supported()));
        }
        putExtra(node, l.extra());
        return node;
    }

    private static ObjectNode sample(VoiceSample s) {
        ObjectNode node = NODES.objectNode();
        node.put("id", s.id());
        node.put("url", s.url());
        s.duration().ifPresent(v -> node.set("duration", JsonValues.decimal(v)));
        s.language().ifPresent(v -> node.put("language", v));
        s.qualityScore().ifPresent(v -> node.set("quality_score", JsonValues.decimal(v)));
        s.uploadedAt().ifPresent(v -> node.put("uploaded_at", v.toString()));
        s.notes().ifPresent(v -> node.put("notes", v));
        putExtra(node, s.extra());
        return node;
    }

    private static ObjectNode usage(ProviderUsage u) {
        ObjectNode node = NODES.objectNode();
        node.put("total_generations", u.totalGenerations());
        node.put("total_characters", u.totalCharacters());
        node.set("avg_latency_ms", JsonValues.decimal(u.avgLatencyMs()));
        node.put("failures", u.failures());
        u.lastUsed().ifPresent(v -> node.put("last_used", v.toString()));
        putExtra(node, u.extra());
        return node;
    }

    private static ArrayNode texts(List<String> values) {
        ArrayNode arr = NODES.arrayNode();
        values.forEach(arr::add);
        return arr;
    }

    private static void putExtra(ObjectNode node, Map<String, Object> extra) {
        // A known field never comes from extra: a caller-built extra map must not shadow typed values.
        extra.forEach((k, v) -> {
            if (!node.has(k)) {
                node.set(k, JsonValues.toNode(v));
            }
        });
    }
}
