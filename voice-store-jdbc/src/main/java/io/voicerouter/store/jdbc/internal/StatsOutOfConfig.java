package io.voicerouter.store.jdbc.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicerouter.config.ProviderUsage;
import io.voicerouter.config.VoiceConfig;
import io.voicerouter.config.VoiceConfigJson;
import io.voicerouter.error.InvalidConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Migration V3's data step, in the V3 transaction (under the migration lock): releases before V3 kept a
 * copy of each personality's counts inside its stored {@code voice_config} ({@code stats}), rewritten
 * from the {@code voice_stats} rows in every request's transaction. Now the rows are the only place.
 *
 * <p>For each stored personality with a {@code stats} section: an entry whose row exists keeps the row's
 * counts (the row is the exact count; the text was a copy of it from the same transaction, so taking
 * either never double-counts) and gains the entry's unknown fields as {@code extra}; an entry without a
 * row (a text edited by hand) becomes a row with its counts, so nothing is lost. Then the text is
 * stored without {@code stats}. A text that is not a valid {@code voice_config} is left as it is (it
 * cannot be read either way) and logged.
 */
final class StatsOutOfConfig {
    private static final Logger LOG = LoggerFactory.getLogger(StatsOutOfConfig.class);

    private StatsOutOfConfig() {
    }

    static void run(Connection c, Dialect dialect) throws SQLException {
        Map<String, String> texts = new TreeMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT id, voice_config FROM ai_personalities ORDER BY id"
                + dialect.forUpdate()); ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                texts.put(rs.getString(1), rs.getString(2));
            }
        }
        int moved = 0;
        for (Map.Entry<String, String> e : texts.entrySet()) {
            String id = e.getKey();
            VoiceConfig config;
            try {
                JsonNode tree = StatsEntries.JSON.readTree(e.getValue());
                if (!tree.has("stats")) {
                    continue;
                }
                config = VoiceConfigJson.fromTree(tree);
            } catch (InvalidConfigException | com.fasterxml.jackson.core.JsonProcessingException ex) {
                LOG.warn("voice store migration V3: the voice_config of personality '{}' is not valid and is left "
                        + "as it is: {}", id, ex.getMessage());
                continue;
            }
            moveStats(c, id, config);
            try (PreparedStatement p = c.prepareStatement("UPDATE ai_personalities SET voice_config = "
                    + dialect.jsonParameter() + " WHERE id = ?")) {
                p.setString(1, JdbcPersonalities.storedText(config));
                p.setString(2, id);
                p.executeUpdate();
            }
            moved++;
        }
        if (moved > 0) {
            LOG.info("voice store migration V3: moved the stats of {} personalities out of voice_config into voice_stats",
                    moved);
        }
    }

    private static void moveStats(Connection c, String id, VoiceConfig config) throws SQLException {
        Map<String, StatsEntries.Row> rows = new HashMap<>();
        for (StatsEntries.Row r : StatsEntries.rows(c, id)) {
            rows.put(r.provider(), r);
        }
        Map<String, String> extras = StatsEntries.extras(config);
        List<StatsEntries.Row> missing = new ArrayList<>();
        for (Map.Entry<String, ProviderUsage> s : new TreeMap<>(config.stats()).entrySet()) {
            String provider = s.getKey();
            String extra = extras.get(provider);
            if (!rows.containsKey(provider)) {
                missing.add(StatsEntries.Row.of(provider, s.getValue(), extra));
            } else if (extra != null) {
                try (PreparedStatement p = c.prepareStatement(
                        "UPDATE voice_stats SET extra = ? WHERE personality_id = ? AND provider_id = ?")) {
                    p.setString(1, extra);
                    p.setString(2, id);
                    p.setString(3, provider);
                    p.executeUpdate();
                }
            }
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO voice_stats (personality_id, provider_id, "
                + StatsEntries.COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (StatsEntries.Row r : missing) {
                JdbcStats.insert(p, id, r);
                p.executeUpdate();
            }
        }
    }
}
