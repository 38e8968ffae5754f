package io.voicerouter.store.jdbc.internal;

import io.voicerouter.config.ProviderUsage;
import io.voicerouter.config.VoiceConfig;
import io.voicerouter.router.Attempt;
import io.voicerouter.state.FinishedRequest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The seed's stats ({@code total_generations, total_characters, avg_latency_ms, failures, last_used})
 * per personality and router-wide, kept by increments in SQL so that any number of processes add up
 * exactly. These rows are the one source of the counts: a personality's {@code voice_config.stats} is
 * made from them when it is read ({@link JdbcPersonalities}), never stored. One finished request is one
 * transaction over {@code voice_stats} rows only: its personality's rows, then the global rows, each in
 * provider order (the lock order of {@link JdbcPersonalities}, which takes a personality's row before
 * its stats rows), so concurrent transactions cannot deadlock and speech never locks a personality row.
 *
 * <p>What counts, as in the router's own stats: a success (cache hits too) adds a generation and sets
 * {@code last_used}; a real synthesis also adds its characters and feeds the latency average (EWMA,
 * alpha 0.1, the first value taken as is); a failed provider adds a failure; skips count nothing.
 */
public final class JdbcStats {
    /** The personality id of the router-wide rows. */
    public static final String GLOBAL = "";
    private static final double ALPHA = 0.1;
    /**
     * The first key of the per-personality advisory lock ({@link #lockRows}); PostgreSQL keeps two-key
     * advisory locks apart from the one-key ones that migrations and API keys take.
     */
    private static final int ROWS_LOCK_CLASS = 0x766F6963; // "voic"

    private final Sql sql;

    public JdbcStats(Sql sql) {
        this.sql = sql;
    }

    /** One provider's change from one request. */
    private record Delta(long generations, long characters, double latencyMs, long failures, Instant lastUsed) {
    }

    public void record(FinishedRequest request) {
        Map<String, Delta> deltas = new TreeMap<>();
        for (Attempt a : request.attempts()) {
            if (a instanceof Attempt.Succeeded s) {
                deltas.put(s.providerId(), new Delta(1, s.cached() ? 0 : request.characters(),
                        s.cached() ? Double.NaN : s.elapsed().toNanos() / 1e6, 0, request.finishedAt()));
            } else if (a instanceof Attempt.Failed f) {
                deltas.merge(f.providerId(), new Delta(0, 0, Double.NaN, 1, null),
                        (x, y) -> new Delta(x.generations, x.characters, x.latencyMs, x.failures + 1, x.lastUsed));
            }
        }
        if (deltas.isEmpty()) {
            return;
        }
        Optional<String> personality = request.personalityId();
        sql.write("stats update", c -> {
            if (personality.isPresent()) {
                lockRows(c, personality.get());
                apply(c, personality.get(), deltas);
            }
            apply(c, GLOBAL, deltas);
            return null;
        });
    }

    private void apply(Connection c, String personality, Map<String, Delta> deltas) throws SQLException {
        // The EWMA is computed by the database from the row's current value, inside the row's lock.
        String upsert = "INSERT INTO voice_stats (personality_id, provider_id, total_generations, total_characters, "
                + "avg_latency_ms, failures, last_used) VALUES (?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (personality_id, provider_id) DO UPDATE SET "
                + "total_generations = voice_stats.total_generations + excluded.total_generations, "
                + "total_characters = voice_stats.total_characters + excluded.total_characters, "
                + "avg_latency_ms = CASE WHEN ? = 0 THEN voice_stats.avg_latency_ms "
                + "WHEN voice_stats.avg_latency_ms <= 0 THEN excluded.avg_latency_ms "
                + "ELSE " + ALPHA + " * excluded.avg_latency_ms + " + (1 - ALPHA) + " * voice_stats.avg_latency_ms END, "
                + "failures = voice_stats.failures + excluded.failures, "
                + "last_used = CASE WHEN excluded.last_used IS NULL THEN voice_stats.last_used "
                + "WHEN voice_stats.last_used IS NULL OR excluded.last_used > voice_stats.last_used "
                + "THEN excluded.last_used ELSE voice_stats.last_used END";
        try (PreparedStatement p = c.prepareStatement(upsert)) {
            for (Map.Entry<String, Delta> e : deltas.entrySet()) {
                Delta d = e.getValue();
                boolean hasLatency = !Double.isNaN(d.latencyMs);
                p.setString(1, personality);
                p.setString(2, e.getKey());
                p.setLong(3, d.generations);
                p.setLong(4, d.characters);
                p.setDouble(5, hasLatency ? d.latencyMs : 0);
                p.setLong(6, d.failures);
                if (d.lastUsed == null) {
                    p.setNull(7, java.sql.Types.BIGINT);
                } else {
                    p.setLong(7, d.lastUsed.toEpochMilli());
                }
                p.setInt(8, hasLatency ? 1 : 0);
                p.executeUpdate();
            }
        }
    }

    /**
     * Replaces a personality's rows with the stats of {@code config}, their unknown fields kept in
     * {@code extra} (when a personality is created). Runs after the caller wrote the personality's row;
     * the old rows are locked in provider order before they are deleted, the new ones inserted in it.
     */
    void seed(Connection c, String personality, VoiceConfig config) throws SQLException {
        deleteRows(c, personality);
        Map<String, String> extras = StatsEntries.extras(config);
        // A request under this id may count between the delete and these inserts (PostgreSQL: its upsert
        // takes the gap): its count is added to the seed, not lost, and the seed's other fields win.
        try (PreparedStatement p = c.prepareStatement("INSERT INTO voice_stats (personality_id, provider_id, "
                + StatsEntries.COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (personality_id, provider_id) "
                + "DO UPDATE SET total_generations = voice_stats.total_generations + excluded.total_generations, "
                + "total_characters = voice_stats.total_characters + excluded.total_characters, "
                + "avg_latency_ms = excluded.avg_latency_ms, failures = voice_stats.failures + excluded.failures, "
                + "last_used = CASE WHEN voice_stats.last_used IS NULL OR excluded.last_used > voice_stats.last_used "
                + "THEN excluded.last_used ELSE voice_stats.last_used END, extra = excluded.extra")) {
            for (Map.Entry<String, ProviderUsage> e : new TreeMap<>(config.stats()).entrySet()) {
                insert(p, personality, StatsEntries.Row.of(e.getKey(), e.getValue(), extras.get(e.getKey())));
                p.executeUpdate();
            }
        }
    }

    static void insert(PreparedStatement p, String personality, StatsEntries.Row r) throws SQLException {
        p.setString(1, personality);
        p.setString(2, r.provider());
        p.setLong(3, r.generations());
        p.setLong(4, r.characters());
        p.setDouble(5, r.avgLatencyMs());
        p.setLong(6, r.failures());
        if (r.lastUsedMillis() == null) {
            p.setNull(7, java.sql.Types.BIGINT);
        } else {
            p.setLong(7, r.lastUsedMillis());
        }
        if (r.extra() == null) {
            p.setNull(8, java.sql.Types.VARCHAR);
        } else {
            p.setString(8, r.extra());
        }
    }

    /**
     * Takes, until the transaction ends, the lock that every transaction writing this personality's
     * rows takes first (PostgreSQL; SQLite's write lock already serializes writers). Row locks in one
     * order were not enough: an upsert waiting on a row that a re-creation deleted and inserted again
     * could still meet that re-creation waiting on a row the upsert had inserted, and PostgreSQL
     * reported a deadlock in about one run in fifteen of a loaded delete/create/speech race. Requests
     * for one personality update the same rows anyway, so this costs them no concurrency.
     */
    void lockRows(Connection c, String personality) throws SQLException {
        if (sql.dialect() == Dialect.POSTGRESQL) {
            try (PreparedStatement p = c.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(?))")) {
                p.setInt(1, ROWS_LOCK_CLASS);
                p.setString(2, personality);
                p.executeQuery().close();
            }
        }
    }

    /** Deletes a personality's rows, locking them in provider order first (PostgreSQL; SQLite holds its write lock). */
    void deleteRows(Connection c, String personality) throws SQLException {
        lockRows(c, personality);
        if (sql.dialect() == Dialect.POSTGRESQL) {
            try (PreparedStatement p = c.prepareStatement("SELECT provider_id FROM voice_stats WHERE personality_id = ? "
                    + "ORDER BY provider_id FOR UPDATE")) {
                p.setString(1, personality);
                p.executeQuery().close();
            }
        }
        try (PreparedStatement p = c.prepareStatement("DELETE FROM voice_stats WHERE personality_id = ?")) {
            p.setString(1, personality);
            p.executeUpdate();
        }
    }

    /** The stats of one personality, or of the router with {@link #GLOBAL}, by provider id, unknown fields included. */
    public Map<String, ProviderUsage> usage(String personality) {
        return sql.read("stats read", c -> StatsEntries.usage(StatsEntries.rows(c, personality), List.of()));
    }
}
