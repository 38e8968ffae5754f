package io.voicerouter.store.jdbc.internal;

import io.voicerouter.config.ProviderUsage;
import io.voicerouter.router.Attempt;
import io.voicerouter.state.FinishedRequest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The seed's stats ({@code total_generations, total_characters, avg_latency_ms, failures, last_used})
 * per personality and router-wide, kept by increments in SQL so that any number of processes add up
 * exactly. One finished request is one transaction: its personality's rows, the global rows, and the
 * personality's {@code voice_config.stats} rewritten from its rows. Rows are locked in one order
 * (personality first, then providers sorted), so concurrent transactions cannot deadlock.
 *
 * <p>What counts, as in the router's own stats: a success (cache hits too) adds a generation and sets
 * {@code last_used}; a real synthesis also adds its characters and feeds the latency average (EWMA,
 * alpha 0.1, the first value taken as is); a failed provider adds a failure; skips count nothing.
 */
public final class JdbcStats {
    /** The personality id of the router-wide rows. */
    public static final String GLOBAL = "";
    private static final double ALPHA = 0.1;

    private final Sql sql;
    private final JdbcPersonalities personalities;

    public JdbcStats(Sql sql, JdbcPersonalities personalities) {
        this.sql = sql;
        this.personalities = personalities;
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
            Optional<String> json = personality.isPresent()
                    ? personalities.lockedJson(c, personality.get()) : Optional.empty();
            if (personality.isPresent()) {
                apply(c, personality.get(), deltas);
            }
            apply(c, GLOBAL, deltas);
            if (json.isPresent()) {
                personalities.writeStats(c, personality.get(), json.get(), usage(c, personality.get()));
            }
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

    /** Replaces a personality's rows with the stats of its voice_config (when a host saves a config). */
    void seed(Connection c, String personality, Map<String, ProviderUsage> stats) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM voice_stats WHERE personality_id = ?")) {
            p.setString(1, personality);
            p.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO voice_stats (personality_id, provider_id, "
                + "total_generations, total_characters, avg_latency_ms, failures, last_used) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Map.Entry<String, ProviderUsage> e : stats.entrySet()) {
                ProviderUsage u = e.getValue();
                p.setString(1, personality);
                p.setString(2, e.getKey());
                p.setLong(3, u.totalGenerations());
                p.setLong(4, u.totalCharacters());
                p.setDouble(5, u.avgLatencyMs());
                p.setLong(6, u.failures());
                if (u.lastUsed().isPresent()) {
                    p.setLong(7, u.lastUsed().get().toEpochMilli());
                } else {
                    p.setNull(7, java.sql.Types.BIGINT);
                }
                p.executeUpdate();
            }
        }
    }

    /** The stats of one personality, or of the router with {@link #GLOBAL}, by provider id. */
    public Map<String, ProviderUsage> usage(String personality) {
        return sql.read("stats read", c -> usage(c, personality));
    }

    static Map<String, ProviderUsage> usage(Connection c, String personality) throws SQLException {
        Map<String, ProviderUsage> out = new LinkedHashMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT provider_id, total_generations, total_characters, "
                + "avg_latency_ms, failures, last_used FROM voice_stats WHERE personality_id = ? ORDER BY provider_id")) {
            p.setString(1, personality);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    long last = rs.getLong(6);
                    Optional<Instant> lastUsed = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(last));
                    out.put(rs.getString(1), new ProviderUsage(rs.getLong(2), rs.getLong(3), rs.getDouble(4),
                            rs.getLong(5), lastUsed, Map.of()));
                }
            }
        }
        return out;
    }
}
