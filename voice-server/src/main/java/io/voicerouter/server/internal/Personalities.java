package io.voicerouter.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicerouter.config.ConfigProblem;
import io.voicerouter.config.ValidationReport;
import io.voicerouter.config.VoiceConfig;
import io.voicerouter.config.VoiceConfigJson;
import io.voicerouter.config.VoiceConfigValidator;
import io.voicerouter.error.InvalidConfigException;
import io.voicerouter.store.jdbc.StoredPersonality;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code /api/personalities}: the seed's {@code voice_config} JSON is the body. PUT creates or
 * replaces (201 / 200), POST creates (409 when the id is taken), GET reads or lists, DELETE removes.
 * A personality's answers carry its revision as a strong {@code ETag} (of the configuration: stats
 * are not part of it, so speaking does not change it); PUT honours {@code If-Match}. Stats are counted
 * by the server: a PUT that replaces ignores the body's {@code stats} (a client may send back what it
 * read), and its 200 answer shows the counts as stored; only a creation (POST, or PUT of a new id)
 * takes them as the starting counts. An invalid config is answered 422 with every problem at once.
 */
public final class Personalities {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** One entity tag of a list, with the separating comma and spaces after it (RFC 9110's etagc: no quote, no space, no control). */
    private static final Pattern ENTITY_TAG = Pattern.compile("((?:W/)?\"[\\x21\\x23-\\x7e\\x80-\\xff]*\")[ \\t]*(?:,[ \\t]*|$)");

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

    /** The stored {@code voice_config} with its revision as a strong {@code ETag}. */
    public void get(Exchange ex, String id) {
        StoredPersonality stored = state.store.storedPersonality(checkId(id))
                .orElseThrow(() -> ApiError.notFound("No personality '" + id + "'"));
        send(ex, 200, stored);
    }

    /**
     * PUT creates or replaces; with {@code If-Match} it replaces only the revision the client names
     * (412 {@code precondition_failed} otherwise, also when there is no such personality), decided
     * under the personality's lock in the store, so an editor holding a stale copy cannot drop a sample
     * uploaded meanwhile. Without the header the last writer wins. POST creates only.
     */
    public void put(Exchange ex, String id, boolean createOnly) {
        checkId(id);
        String ifMatch = ex.header("If-Match");
        VoiceConfig config = readValid(ex);
        if (ifMatch != null && !createOnly) {
            List<String> tags = entityTags(ifMatch);
            StoredPersonality stored = state.store.updateStoredPersonality(id, current -> {
                if (!matches(tags, current.revision())) {
                    throw preconditionFailed("The personality '" + id + "' has changed: it is at ETag "
                            + etag(current) + ", not " + ifMatch.strip() + ". GET it again, apply your change, and retry");
                }
                return config;
            }).orElseThrow(() -> preconditionFailed("No personality '" + id + "' to match If-Match "
                    + ifMatch.strip() + "; PUT without If-Match creates it"));
            ex.setHeader("Location", "/api/personalities/" + id);
            send(ex, 200, stored);
            return;
        }
        boolean existed;
        if (createOnly) {
            // One statement decides, so of two creates at once (here or on another server sharing the
            // database) exactly one gets 201.
            if (!state.store.createPersonality(id, config)) {
                throw new ApiError(409, "already_exists", "The personality '" + id + "' exists; PUT replaces it");
            }
            existed = false;
        } else {
            // Create first, replace if that finds one: of two PUTs creating one id at once (on one
            // server or several on one database) exactly one answers 201, as with POST.
            existed = !state.store.createPersonality(id, config);
            if (existed) {
                state.store.savePersonality(id, config);
            }
        }
        ex.setHeader("Location", "/api/personalities/" + id);
        // Body and ETag come from one read, so they agree even if another write came in between.
        StoredPersonality stored = state.store.storedPersonality(id)
                .orElseThrow(() -> ApiError.notFound("The personality '" + id + "' was deleted meanwhile"));
        send(ex, existed ? 200 : 201, stored);
    }

    /** A strong entity tag of a stored revision. */
    static String etag(StoredPersonality stored) {
        return "\"" + stored.revision() + "\"";
    }

    private static void send(Exchange ex, int status, StoredPersonality stored) {
        ex.setHeader("ETag", etag(stored));
        ex.send(status, "application/json", stored.json().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static ApiError preconditionFailed(String message) {
        return new ApiError(412, "precondition_failed", message, "If-Match", List.of(), Map.of(), null);
    }

    /** The tags of an If-Match value: {@code *} or a comma-separated list of quoted tags (weak ones kept as {@code W/"..."}). */
    static List<String> entityTags(String header) {
        String v = header.strip();
        if (v.equals("*")) {
            return List.of("*");
        }
        List<String> tags = new ArrayList<>();
        java.util.regex.Matcher m = ENTITY_TAG.matcher(v);
        int at = 0;
        while (m.find() && m.start() == at) {
            tags.add(m.group(1));
            at = m.end();
        }
        if (at != v.length() || tags.isEmpty()) {
            throw ApiError.badRequest("If-Match", "If-Match must be * or a list of quoted entity tags such as "
                    + "\"3f2a...\" (as the ETag header gave them)");
        }
        return tags;
    }

    /** If-Match uses the strong comparison: a weak tag never matches. */
    private static boolean matches(List<String> tags, String revision) {
        String strong = "\"" + revision + "\"";
        return tags.contains("*") || tags.contains(strong);
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
