package io.voicerouter.store.jdbc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicerouter.config.ProviderUsage;
import io.voicerouter.config.VoiceConfig;
import io.voicerouter.config.VoiceConfigJson;
import io.voicerouter.state.StateStoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Between {@code voice_stats} rows and a {@code voice_config}'s {@code stats} section. The rows are
 * the one source of the counts; the stored {@code voice_config} text holds the configuration only.
 * A stats entry's unknown fields (a host's own, as the seed's JSON allows) live in the row's
 * {@code extra} column as a JSON object, so they come back where they were.
 */
final class StatsEntries {
    static final ObjectMapper JSON = new ObjectMapper();
    /** The seed's counter fields of a stats entry; everything else in an entry is kept as {@code extra}. */
    private static final List<String> COUNTERS = List.of("total_generations", "total_characters", "avg_latency_ms",
            "failures", "last_used");

    private StatsEntries() {
    }

    /** One {@code voice_stats} row: the counts, and the entry's unknown fields as JSON text (null: none). */
    record Row(String provider, long generations, long characters, double avgLatencyMs, long failures,
               Long lastUsedMillis, String extra) {
        static Row of(String provider, ProviderUsage u, String extra) {
            return new Row(provider, u.totalGenerations(), u.totalCharacters(), u.avgLatencyMs(), u.failures(),
                    u.lastUsed().map(Instant::toEpochMilli).orElse(null), extra);
        }
    }

    /** The rows' columns after {@code provider_id}, in this order, as {@link #row} reads them. */
    static final String COLUMNS = "total_generations, total_characters, avg_latency_ms, failures, last_used, extra";

    /** Reads a row from {@code rs}, whose column {@code at} is {@code provider_id} followed by {@link #COLUMNS}. */
    static Row row(ResultSet rs, int at) throws SQLException {
        String provider = rs.getString(at);
        long last = rs.getLong(at + 5);
        Long lastUsed = rs.wasNull() ? null : last;
        return new Row(provider, rs.getLong(at + 1), rs.getLong(at + 2), rs.getDouble(at + 3), rs.getLong(at + 4),
                lastUsed, rs.getString(at + 6));
    }

    /** A personality's rows (or the router-wide ones), in provider order. */
    static List<Row> rows(Connection c, String personality) throws SQLException {
        List<Row> out = new java.util.ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT provider_id, " + COLUMNS
                + " FROM voice_stats WHERE personality_id = ? ORDER BY provider_id")) {
            p.setString(1, personality);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs, 1));
                }
            }
        }
        return out;
    }

    /** The unknown fields of each stats entry of {@code config}, as JSON object text; absent when none. */
    static Map<String, String> extras(VoiceConfig config) {
        Map<String, String> out = new LinkedHashMap<>();
        if (config.stats().values().stream().allMatch(u -> u.extra().isEmpty())) {
            return out;
        }
        // VoiceConfigJson writes extra values in their exact JSON form; the counters are taken out again.
        JsonNode stats = VoiceConfigJson.toTree(config).get("stats");
        config.stats().forEach((provider, u) -> {
            if (!u.extra().isEmpty()) {
                ObjectNode entry = ((ObjectNode) stats.get(provider)).deepCopy();
                entry.remove(COUNTERS);
                out.put(provider, entry.toString());
            }
        });
        return out;
    }

    /**
     * The stats section made of {@code rows}: entries of the config's providers first, in their order,
     * then the others by id (so a config whose stats follow its providers comes back as it was written).
     */
    static Map<String, ProviderUsage> usage(List<Row> rows, List<String> providerOrder) {
        if (rows.isEmpty()) {
            return Map.of();
        }
        Map<String, Row> byProvider = new TreeMap<>();
        rows.forEach(r -> byProvider.put(r.provider(), r));
        Map<String, Map<String, Object>> extras = parseExtras(byProvider.values());
        Map<String, ProviderUsage> out = new LinkedHashMap<>();
        for (String provider : providerOrder) {
            Row r = byProvider.remove(provider);
            if (r != null) {
                out.put(provider, usage(r, extras));
            }
        }
        byProvider.forEach((provider, r) -> out.put(provider, usage(r, extras)));
        return out;
    }

    private static ProviderUsage usage(Row r, Map<String, Map<String, Object>> extras) {
        return new ProviderUsage(r.generations(), r.characters(), r.avgLatencyMs(), r.failures(),
                Optional.ofNullable(r.lastUsedMillis()).map(Instant::ofEpochMilli),
                extras.getOrDefault(r.provider(), Map.of()));
    }

    /** Extra fields through VoiceConfigJson's own reader, so their values keep the forms it gives them. */
    private static Map<String, Map<String, Object>> parseExtras(java.util.Collection<Row> rows) {
        ObjectNode stats = JSON.createObjectNode();
        for (Row r : rows) {
            if (r.extra() != null) {
                try {
                    JsonNode entry = JSON.readTree(r.extra());
                    if (entry instanceof ObjectNode o) {
                        o.remove(COUNTERS);
                        stats.set(r.provider(), o);
                    }
                } catch (JsonProcessingException e) {
                    throw new StateStoreException("voice store: the stored extra fields of the stats entry "
                            + r.provider() + " are not JSON: " + e.getOriginalMessage());
                }
            }
        }
        if (stats.isEmpty()) {
            return Map.of();
        }
        ObjectNode root = JSON.createObjectNode();
        root.set("stats", stats);
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        VoiceConfigJson.fromTree(root).stats().forEach((provider, u) -> out.put(provider, u.extra()));
        return out;
    }

    /**
     * A config as stored text and rows say: the text's configuration (a {@code stats} section in it, which
     * only a database written by an older release can have, is ignored) with the rows as its stats.
     */
    static VoiceConfig merge(String storedText, List<Row> rows) {
        VoiceConfig config = configOnly(storedText);
        return config.withStats(usage(rows, List.copyOf(config.providers().keySet())));
    }

    /** The stored text's configuration, without stats. */
    static VoiceConfig configOnly(String storedText) {
        try {
            JsonNode tree = JSON.readTree(storedText);
            if (tree instanceof ObjectNode o) {
                o.remove("stats");
            }
            return VoiceConfigJson.fromTree(tree);
        } catch (JsonProcessingException e) {
            throw new StateStoreException("voice store: a stored voice_config is not JSON: " + e.getOriginalMessage());
        }
    }
}
