package io.voicerouter.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicerouter.config.ProviderUsage;
import io.voicerouter.spi.ProviderCapabilities;
import io.voicerouter.spi.ProviderHealth;
import io.voicerouter.spi.SettingSpec;
import io.voicerouter.stats.ProviderStatsSnapshot;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** {@code /api/providers}, {@code /api/stats}, {@code /api/keys}, and the OpenAI listings. */
public final class AdminEndpoints {
    /** The router's snapshots in snake case, as the rest of the API; monthly_characters is the quota use. */
    private static final com.fasterxml.jackson.databind.ObjectMapper SNAKE = new com.fasterxml.jackson.databind.ObjectMapper()
            .findAndRegisterModules()
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);
    private final ServerState state;

    public AdminEndpoints(ServerState state) {
        this.state = state;
    }

    // ---- OpenAI listings

    public void models(Exchange ex) {
        List<Map<String, Object>> data = new ArrayList<>();
        for (String m : SpeechEndpoint.MODELS) {
            data.add(Map.of("id", m, "object", "model", "created", 0, "owned_by", "voicerouter"));
        }
        ex.json(200, Map.of("object", "list", "data", data));
    }

    /** Open WebUI reads {@code /audio/models} as {@code {"models": [{"id": ...}]}}. */
    public void audioModels(Exchange ex) {
        List<Map<String, Object>> data = new ArrayList<>();
        SpeechEndpoint.MODELS.forEach(m -> data.add(Map.of("id", m, "name", m)));
        ex.json(200, Map.of("models", data));
    }

    /** Open WebUI reads {@code {"voices": [{"id", "name"}]}}: personalities first, then the OpenAI names. */
    public void voices(Exchange ex) {
        List<Map<String, Object>> voices = new ArrayList<>();
        for (String id : state.store.personalityIds()) {
            voices.add(Map.of("id", id, "name", id, "kind", "personality"));
        }
        state.config.voices().forEach((name, target) ->
                voices.add(Map.of("id", name, "name", name, "kind", "openai", "target", target)));
        ex.json(200, Map.of("voices", voices));
    }

    // ---- providers

    public void providers(Exchange ex) {
        Map<String, ProviderHealth> health = state.router.health();
        List<Map<String, Object>> data = new ArrayList<>();
        for (ProviderCapabilities c : state.router.providers()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", c.id());
            m.put("display_name", c.displayName());
            m.put("kind", c.kind().name().toLowerCase(java.util.Locale.ROOT));
            m.put("languages", new java.util.TreeSet<>(c.languages()));
            m.put("streaming", c.streaming());
            m.put("clones_voices", c.clonesVoices());
            // One request's text at most, in the provider's own unit (some cloud services count UTF-8
            // bytes, not characters); longer input is cut into pieces by the router, never refused.
            m.put("text_limit", Map.of("max", c.textLimit().max(),
                    "unit", c.textLimit().unit().name().toLowerCase(java.util.Locale.ROOT)));
            m.put("sample_rate", c.sampleRate());
            c.sampleRequirements().ifPresent(r -> m.put("sample_requirements", Exchange.JSON.valueToTree(r)));
            List<Map<String, Object>> settings = new ArrayList<>();
            c.settings().forEach(s -> settings.add(setting(s)));
            m.put("settings", settings);
            ProviderHealth h = health.get(c.id());
            if (h != null) {
                Map<String, Object> hm = new LinkedHashMap<>();
                hm.put("status", h.status().name());
                hm.put("detail", h.detail());
                hm.put("attributes", h.attributes());
                m.put("health", hm);
            }
            data.add(m);
        }
        ex.json(200, Map.of("object", "list", "data", data));
    }

    static Map<String, Object> setting(SettingSpec s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("type", s.type());
        m.put("description", s.description());
        m.put("default", s.defaultValue());
        if (s instanceof SettingSpec.NumberSetting n) {
            m.put("min", n.min());
            m.put("max", n.max());
        } else if (s instanceof SettingSpec.IntegerSetting i) {
            m.put("min", i.min());
            m.put("max", i.max());
        } else if (s instanceof SettingSpec.ChoiceSetting c) {
            m.put("choices", c.choices());
        }
        return m;
    }

    // ---- stats

    public void stats(Exchange ex) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("global", usage(state.store.globalStats()));
        Map<String, Object> per = new TreeMap<>();
        for (String id : state.store.personalityIds()) {
            per.put(id, usage(state.store.stats(id)));
        }
        out.put("personalities", per);
        Map<String, Object> router = new TreeMap<>();
        for (Map.Entry<String, ProviderStatsSnapshot> e : state.router.stats().entrySet()) {
            router.put(e.getKey(), SNAKE.valueToTree(e.getValue()));
        }
        out.put("this_process", router);
        Map<String, Object> server = new LinkedHashMap<>();
        Map<String, Long> byStatus = new TreeMap<>();
        state.responses.forEach((k, v) -> byStatus.put(String.valueOf(k), v.get()));
        server.put("responses_by_status", byStatus);
        server.put("waiting_for_synthesis", state.admission.waiting());
        out.put("server", server);
        ex.json(200, out);
    }

    private static Map<String, Object> usage(Map<String, ProviderUsage> usage) {
        Map<String, Object> out = new TreeMap<>();
        usage.forEach((id, u) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("total_generations", u.totalGenerations());
            m.put("total_characters", u.totalCharacters());
            m.put("avg_latency_ms", u.avgLatencyMs());
            m.put("failures", u.failures());
            u.lastUsed().ifPresent(t -> m.put("last_used", t.toString()));
            out.put(id, m);
        });
        return out;
    }

    // ---- keys

    public void listKeys(Exchange ex) {
        List<Map<String, Object>> data = new ArrayList<>();
        state.keys.list().forEach(k -> data.add(key(k)));
        ex.json(200, Map.of("object", "list", "data", data));
    }

    public void createKey(Exchange ex) {
        JsonNode body = ex.jsonBody(state.config.maxJsonBytes());
        String name = body.path("name").asText("key");
        if (name.length() > 100) {
            throw ApiError.badRequest("name", "name is longer than 100 characters");
        }
        Set<ApiKeyStore.Scope> scopes = EnumSet.noneOf(ApiKeyStore.Scope.class);
        JsonNode s = body.path("scopes");
        if (!s.isArray() || s.isEmpty()) {
            throw ApiError.badRequest("scopes", "scopes must be a non-empty array of speak and/or admin");
        }
        s.forEach(x -> scopes.add(ApiKeyStore.Scope.parse(x.asText())));
        ApiKeyStore.NewKey k = state.keys.create(name, scopes);
        Map<String, Object> out = key(k.key());
        out.put("key", k.secret());
        ex.json(201, out);
    }

    public void deleteKey(Exchange ex, String id) {
        if (ex.key().id().equals(id)) {
            throw new ApiError(409, "conflict", "A key cannot delete itself");
        }
        if (!state.keys.delete(id)) {
            throw ApiError.notFound("No key '" + id + "'");
        }
        ex.noContent();
    }

    private static Map<String, Object> key(ApiKeyStore.ApiKey k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", k.id());
        m.put("name", k.name());
        m.put("scopes", k.scopes().stream().map(ApiKeyStore.Scope::id).sorted().toList());
        m.put("created_at", k.createdAt().toString());
        return m;
    }
}
