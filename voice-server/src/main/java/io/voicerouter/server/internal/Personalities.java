package io.voicerouter.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicerouter.config.ConfigProblem;
import io.voicerouter.config.ValidationReport;
import io.voicerouter.config.VoiceConfig;
import io.voicerouter.config.VoiceConfigJson;
import io.voicerouter.config.VoiceConfigValidator;
import io.voicerouter.error.InvalidConfigException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code /api/personalities}: the seed's {@code voice_config} JSON is the body. PUT creates or
 * replaces (201 / 200), POST creates (409 when the id is taken), GET reads or lists, DELETE removes.
 * An invalid config is answered 422 with every problem at once.
 */
public final class Personalities {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final ServerState state;

    public Personalities(ServerState state) {
        this.state = state;
    }

    static boolean validId(String id) {
        return ID.matcher(id).matches();
    }

    static String checkId(String id) {
        if (!validId(id)) {
            throw ApiError.badRequest("id", "A personality id is 1-64 letters, digits, '.', '_' or '-', starting "
                    + "with a letter or digit");
        }
        return id;
    }

    public void list(Exchange ex) {
        List<Map<String, Object>> data = new ArrayList<>();
        for (String id : state.store.personalityIds()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            state.store.personality(id).ifPresent(c -> m.put("active_provider", c.activeProviderOrDefault()));
            data.add(m);
        }
        ex.json(200, Map.of("object", "list", "data", data));
    }

    public void get(Exchange ex, String id) {
        String json = state.store.personalityJson(checkId(id))
                .orElseThrow(() -> ApiError.notFound("No personality '" + id + "'"));
        ex.send(200, "application/json", json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public void put(Exchange ex, String id, boolean createOnly) {
        checkId(id);
        VoiceConfig config = readValid(ex);
        boolean existed;
        if (createOnly) {
            // One statement decides, so of two creates at once (here or on another server sharing the
            // database) exactly one gets 201.
            if (!state.store.createPersonality(id, config)) {
                throw new ApiError(409, "already_exists", "The personality '" + id + "' exists; PUT replaces it");
            }
            existed = false;
        } else {
            existed = state.store.personality(id).isPresent();
            state.store.savePersonality(id, config);
        }
        ex.setHeader("Location", "/api/personalities/" + id);
        ex.send(existed ? 200 : 201, "application/json",
                state.store.personalityJson(id).orElseThrow().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public void delete(Exchange ex, String id) {
        if (!state.store.deletePersonality(checkId(id))) {
            throw ApiError.notFound("No personality '" + id + "'");
        }
        ex.noContent();
    }

    private VoiceConfig readValid(Exchange ex) {
        JsonNode body = ex.jsonBody(state.config.maxJsonBytes());
        VoiceConfig config;
        try {
            config = VoiceConfigJson.fromTree(body);
        } catch (InvalidConfigException e) {
            List<String> problems = e.problems().isEmpty() ? List.of(e.getMessage()) : e.problems();
            throw new ApiError(422, "invalid_voice_config", "The voice_config is invalid: " + problems.size()
                    + " problem(s)", null, problems, Map.of(), null);
        }
        List<io.voicerouter.spi.TtsProvider> providers = state.router.providers().stream()
                .map(c -> state.router.provider(c.id()).orElseThrow()).toList();
        ValidationReport report = VoiceConfigValidator.validate(config, providers);
        if (!report.isValid()) {
            List<String> problems = report.errors().stream().map(ConfigProblem::toString).toList();
            throw new ApiError(422, "invalid_voice_config", "The voice_config is invalid: " + problems.size()
                    + " problem(s)", null, problems, Map.of(), null);
        }
        return config;
    }

    static JsonNode tree(String json) throws IOException {
        return Exchange.JSON.readTree(json);
    }
}
