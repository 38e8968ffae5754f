package io.voicerouter.store.jdbc.internal;

import io.voicerouter.config.VoiceConfig;
import io.voicerouter.config.VoiceConfigJson;
import io.voicerouter.store.jdbc.StoredPersonality;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The seed's {@code ai_personalities} table: id and {@code voice_config}, read and written only
 * through {@link VoiceConfigJson}, so unknown fields survive.
 *
 * <p>The stored text is the configuration only: {@code stats} are never written into it. The counts
 * live in {@code voice_stats} rows alone (where requests add to them by SQL increments) and are merged
 * into {@code stats} whenever a personality is read. So a request that speaks never writes this table,
 * and the revision (a digest of the stored text) changes only when the configuration does.
 *
 * <p>Stats are counted by the store: a config's {@code stats} seed the counters only when the
 * personality is created ({@link #create}, or {@link #save} of a new id). Replacing or updating an
 * existing personality ignores the {@code stats} it is given, so a copy read a while ago cannot roll
 * the counts back.
 *
 * <p>Lock order, the same on every path that takes both kinds of lock (so PostgreSQL cannot deadlock
 * between them): the {@code ai_personalities} row first, then the personality's stats lock
 * ({@code JdbcStats.lockRows}, a transaction advisory lock every writer of its {@code voice_stats} rows
 * takes first), then those rows in provider order, then the router-wide rows in provider order.
 * Recording a request takes only the stats lock and {@code voice_stats} rows (the personality's, then
 * the global ones, each in provider order). SQLite has one write lock per database, taken at the
 * start of every write transaction.
 */
public final class JdbcPersonalities {
    private final Sql sql;
    private final Clock clock;
    private final JdbcStats stats;

    public JdbcPersonalities(Sql sql, Clock clock, JdbcStats stats) {
        this.sql = sql;
        this.clock = clock;
        this.stats = stats;
    }

    /** Creates or replaces; when the id is new, the config's stats seed its counters, else they are ignored. */
    public void save(String id, VoiceConfig config) {
        String json = storedText(config);
        sql.write("personality save", c -> {
            // Insert-or-update as two statements, so that only a creation seeds the counters. A delete
            // between them (another process) makes the update miss: then it is a creation again.
            for (int tries = 0; tries < 10; tries++) {
                if (insertIfFree(c, id, json)) {
                    stats.seed(c, id, config);
                    return null;
                }
                if (updateText(c, id, json) > 0) {
                    return null;
                }
            }
            throw new io.voicerouter.state.StateStoreException("voice store: the personality '" + id
                    + "' was created and deleted by others ten times while it was being saved");
        });
    }

    /** Inserts only when the id is free, in one statement, so of two processes creating it one wins; true when inserted. */
    public boolean create(String id, VoiceConfig config) {
        String json = storedText(config);
        return sql.write("personality create", c -> {
            boolean inserted = insertIfFree(c, id, json);
            if (inserted) {
                stats.seed(c, id, config);
            }
            return inserted;
        });
    }

    private boolean insertIfFree(Connection c, String id, String json) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO ai_personalities (id, voice_config, updated_at) "
                + "VALUES (?, " + sql.dialect().jsonParameter() + ", ?) ON CONFLICT (id) DO NOTHING")) {
            p.setString(1, id);
            p.setString(2, json);
            p.setLong(3, clock.millis());
            return p.executeUpdate() == 1;
        }
    }

    private int updateText(Connection c, String id, String json) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE ai_personalities SET voice_config = "
                + sql.dialect().jsonParameter() + ", updated_at = ? WHERE id = ?")) {
            p.setString(1, json);
            p.setLong(2, clock.millis());
            p.setString(3, id);
            return p.executeUpdate();
        }
    }

    /**
     * Reads the personality with its row locked for the rest of one transaction (PostgreSQL: {@code FOR
     * UPDATE}; SQLite: the transaction began IMMEDIATE, so it holds the database's write lock before this
     * read), passes it to {@code change} (stats filled in from the counters) and writes the result's
     * configuration back in that transaction. Writers of the same personality in any process take turns,
     * so none is lost. Nothing is written when {@code change} throws (the transaction rolls back) or
     * returns the same configuration (the revision stays). The result's {@code stats} are ignored: the
     * counters are the store's. {@link Sql#write} may run the whole unit again after a deadlock or busy
     * timeout, so {@code change} may be called more than once and must not have effects beyond its result.
     */
    public Optional<StoredPersonality> update(String id, Function<StoredPersonality, VoiceConfig> change) {
        return sql.write("personality update", c -> {
            Optional<String> text = lockedText(c, id);
            if (text.isEmpty()) {
                return Optional.empty();
            }
            StoredPersonality current = stored(id, text.get(), StatsEntries.rows(c, id));
            VoiceConfig changed = Objects.requireNonNull(change.apply(current), "the change returned null");
            if (changed.withStats(Map.of()).equals(current.config().withStats(Map.of()))) {
                return Optional.of(current);
            }
            updateText(c, id, storedText(changed));
            // Read back: PostgreSQL's jsonb renders the text its own way, and the revision is of what is stored.
            return Optional.of(stored(id, lockedText(c, id).orElseThrow(), StatsEntries.rows(c, id)));
        });
    }

    /** The text stored for a config: its configuration, never its stats. */
    static String storedText(VoiceConfig config) {
        return VoiceConfigJson.write(config.withStats(Map.of()));
    }

    private static StoredPersonality stored(String id, String text, List<StatsEntries.Row> rows) {
        VoiceConfig config = StatsEntries.merge(text, rows);
        return new StoredPersonality(id, config, VoiceConfigJson.write(config), revision(text));
    }

    /** The first 128 bits of the SHA-256 of the stored text (the configuration, no stats), in hex. */
    static String revision(String json) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The personality as stored, with its counters as {@code stats}, from one statement (one snapshot). */
    public Optional<StoredPersonality> findStored(String id) {
        return snapshot(id).map(s -> stored(id, s.text(), s.rows()));
    }

    /** The stored text and its counters' rows, read by one statement so they belong together. */
    private record Snapshot(String text, List<StatsEntries.Row> rows) {
    }

    private Optional<Snapshot> snapshot(String id) {
        return sql.read("personality read", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT a.voice_config, s.provider_id, "
                    + prefixed(StatsEntries.COLUMNS) + " FROM ai_personalities a LEFT JOIN voice_stats s "
                    + "ON s.personality_id = a.id WHERE a.id = ? ORDER BY s.provider_id")) {
                p.setString(1, id);
                try (ResultSet rs = p.executeQuery()) {
                    String text = null;
                    List<StatsEntries.Row> rows = new ArrayList<>();
                    while (rs.next()) {
                        text = rs.getString(1);
                        if (rs.getString(2) != null) {
                            rows.add(StatsEntries.row(rs, 2));
                        }
                    }
                    return text == null ? Optional.<Snapshot>empty() : Optional.of(new Snapshot(text, rows));
                }
            }
        });
    }

    private static String prefixed(String columns) {
        return String.join(", ", java.util.Arrays.stream(columns.split(",\\s*")).map(col -> "s." + col).toList());
    }

    /** The config with its counters, without the JSON rendering and revision hash {@link #findStored} adds: every speech request reads this. */
    public Optional<VoiceConfig> find(String id) {
        return snapshot(id).map(s -> StatsEntries.merge(s.text(), s.rows()));
    }

    /** The {@code voice_config} with its counters as {@code stats}, as {@link VoiceConfigJson} writes it. */
    public Optional<String> findJson(String id) {
        return find(id).map(VoiceConfigJson::write);
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
            boolean deleted;
            // The class's lock order: the personality row first, then its stats rows in provider order.
            try (PreparedStatement p = c.prepareStatement("DELETE FROM ai_personalities WHERE id = ?")) {
                p.setString(1, id);
                deleted = p.executeUpdate() > 0;
            }
            stats.deleteRows(c, id);
            return deleted;
        });
    }

    /** The stored text, with its row locked for the rest of the transaction; empty when unknown. */
    private Optional<String> lockedText(Connection c, String id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT voice_config FROM ai_personalities WHERE id = ?" + sql.dialect().forUpdate())) {
            p.setString(1, id);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }
}
