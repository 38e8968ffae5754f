package io.voicerouter.store.jdbc.internal;

import io.voicerouter.config.ProviderUsage;
import io.voicerouter.config.VoiceConfig;
import io.voicerouter.config.VoiceConfigJson;
import io.voicerouter.store.jdbc.StoredPersonality;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The seed's {@code ai_personalities} table: id and {@code voice_config}, read and written only
 * through {@link VoiceConfigJson}, so unknown fields survive. Saving a config also makes its
 * {@code stats} the starting point of that personality's counters.
 */
public final class JdbcPersonalities {
    private final Sql sql;
    private final Clock clock;
    private JdbcStats stats;

    public JdbcPersonalities(Sql sql, Clock clock) {
        this.sql = sql;
        this.clock = clock;
    }

    public void attach(JdbcStats stats) {
        this.stats = stats;
    }

    public void save(String id, VoiceConfig config) {
        String json = VoiceConfigJson.write(config);
        sql.write("personality save", c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO ai_personalities (id, voice_config, updated_at) "
                    + "VALUES (?, " + sql.dialect().jsonParameter() + ", ?) ON CONFLICT (id) DO UPDATE SET "
                    + "voice_config = excluded.voice_config, updated_at = excluded.updated_at")) {
                p.setString(1, id);
                p.setString(2, json);
                p.setLong(3, clock.millis());
                p.executeUpdate();
            }
            stats.seed(c, id, config.stats());
            return null;
        });
    }

    /** Inserts only when the id is free, in one statement, so of two processes creating it one wins; true when inserted. */
    public boolean create(String id, VoiceConfig config) {
        String json = VoiceConfigJson.write(config);
        return sql.write("personality create", c -> {
            int inserted;
            try (PreparedStatement p = c.prepareStatement("INSERT INTO ai_personalities (id, voice_config, updated_at) "
                    + "VALUES (?, " + sql.dialect().jsonParameter() + ", ?) ON CONFLICT (id) DO NOTHING")) {
                p.setString(1, id);
                p.setString(2, json);
                p.setLong(3, clock.millis());
                inserted = p.executeUpdate();
            }
            if (inserted == 1) {
                stats.seed(c, id, config.stats());
            }
            return inserted == 1;
        });
    }

    /**
     * Reads the personality with its row locked for the rest of one transaction (PostgreSQL: {@code FOR
     * UPDATE}; SQLite: the transaction began IMMEDIATE, so it holds the database's write lock before this
     * read), passes it to {@code change} and writes the result back in that transaction. Writers of the
     * same personality in any process take turns, so none is lost. Nothing is written when {@code change}
     * throws (the transaction rolls back) or returns an equal config (the revision stays). A changed
     * {@code stats} becomes the starting counts, as in {@link #save}; unchanged, the counters are left
     * alone. {@link Sql#write} may run the whole unit again after a deadlock or busy timeout, so
     * {@code change} may be called more than once and must not have effects beyond its result.
     */
    public Optional<StoredPersonality> update(String id, Function<StoredPersonality, VoiceConfig> change) {
        return sql.write("personality update", c -> {
            Optional<String> json = lockedJson(c, id);
            if (json.isEmpty()) {
                return Optional.empty();
            }
            StoredPersonality current = stored(id, json.get());
            VoiceConfig changed = Objects.requireNonNull(change.apply(current), "the change returned null");
            if (changed.equals(current.config())) {
                return Optional.of(current);
            }
            try (PreparedStatement p = c.prepareStatement("UPDATE ai_personalities SET voice_config = "
                    + sql.dialect().jsonParameter() + ", updated_at = ? WHERE id = ?")) {
                p.setString(1, VoiceConfigJson.write(changed));
                p.setLong(2, clock.millis());
                p.setString(3, id);
                p.executeUpdate();
            }
            if (!changed.stats().equals(current.config().stats())) {
                stats.seed(c, id, changed.stats());
            }
            // Read back: PostgreSQL's jsonb renders the text its own way, and the revision is of what is stored.
            return Optional.of(stored(id, lockedJson(c, id).orElseThrow()));
        });
    }

    public Optional<StoredPersonality> findStored(String id) {
        return findJson(id).map(json -> stored(id, json));
    }

    private static StoredPersonality stored(String id, String json) {
        return new StoredPersonality(id, VoiceConfigJson.read(json), json, revision(json));
    }

    /** The first 128 bits of the SHA-256 of the stored text, in hex. */
    static String revision(String json) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    public Optional<VoiceConfig> find(String id) {
        return findJson(id).map(VoiceConfigJson::read);
    }

    /** The stored text: SQLite keeps it byte for byte; PostgreSQL's jsonb gives back its own rendering. */
    public Optional<String> findJson(String id) {
        return sql.read("personality read", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT voice_config FROM ai_personalities WHERE id = ?")) {
                p.setString(1, id);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    public List<String> ids() {
        return sql.read("personality list", c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT id FROM ai_personalities ORDER BY id");
                 ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    /** Deletes the personality and its stats rows; false when there was none. */
    public boolean delete(String id) {
        return sql.write("personality delete", c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM voice_stats WHERE personality_id = ?")) {
                p.setString(1, id);
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("DELETE FROM ai_personalities WHERE id = ?")) {
                p.setString(1, id);
                return p.executeUpdate() > 0;
            }
        });
    }

    /** The config text, with its row locked for the rest of the transaction; empty when unknown. */
    Optional<String> lockedJson(Connection c, String id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT voice_config FROM ai_personalities WHERE id = ?" + sql.dialect().forUpdate())) {
            p.setString(1, id);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Writes {@code usage} into the config's stats, keeping each entry's unknown fields. */
    void writeStats(Connection c, String id, String json, Map<String, ProviderUsage> usage) throws SQLException {
        VoiceConfig config = VoiceConfigJson.read(json);
        Map<String, ProviderUsage> merged = new LinkedHashMap<>(config.stats());
        usage.forEach((provider, u) -> {
            ProviderUsage old = merged.get(provider);
            merged.put(provider, new ProviderUsage(u.totalGenerations(), u.totalCharacters(), u.avgLatencyMs(),
                    u.failures(), u.lastUsed(), old == null ? Map.of() : old.extra()));
        });
        try (PreparedStatement p = c.prepareStatement("UPDATE ai_personalities SET voice_config = "
                + sql.dialect().jsonParameter() + ", updated_at = ? WHERE id = ?")) {
            p.setString(1, VoiceConfigJson.write(config.withStats(merged)));
            p.setLong(2, clock.millis());
            p.setString(3, id);
            p.executeUpdate();
        }
    }
}
