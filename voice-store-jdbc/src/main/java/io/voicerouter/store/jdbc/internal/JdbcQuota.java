package io.voicerouter.store.jdbc.internal;

import io.voicerouter.state.QuotaReservation;
import io.voicerouter.state.QuotaStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Quota counters in two tables: committed usage per (month, bucket), and reservations of calls in
 * progress with an expiry. A reservation is checked and taken in one transaction that holds the
 * bucket's lock (SQLite: the database write lock; PostgreSQL: the usage row, {@code FOR UPDATE}),
 * so concurrent reservers of a bucket are serialized and together never pass its limit. Commit moves
 * a reservation's characters into usage in one transaction; expired reservations are deleted by the
 * next reservation of their bucket and never counted.
 */
public final class JdbcQuota implements QuotaStore {
    private final Sql sql;
    private final Clock clock;
    private final Duration ttl;

    public JdbcQuota(Sql sql, Clock clock, Duration ttl) {
        this.sql = sql;
        this.clock = clock;
        this.ttl = ttl;
    }

    @Override
    public Optional<QuotaReservation> reserve(String month, String bucket, long characters, long limit) {
        return sql.write("quota reservation", c -> {
            long now = clock.millis();
            lockBucket(c, month, bucket);
            try (PreparedStatement p = c.prepareStatement(
                    "DELETE FROM voice_quota_reservations WHERE month = ? AND bucket = ? AND expires_at <= ?")) {
                p.setString(1, month);
                p.setString(2, bucket);
                p.setLong(3, now);
                p.executeUpdate();
            }
            if (used(c, month, bucket, now) + characters > limit) {
                return Optional.empty();
            }
            QuotaReservation r = new QuotaReservation(UUID.randomUUID().toString(), month, bucket, characters,
                    Instant.ofEpochMilli(now + ttl.toMillis()));
            try (PreparedStatement p = c.prepareStatement("INSERT INTO voice_quota_reservations "
                    + "(id, month, bucket, characters, expires_at) VALUES (?, ?, ?, ?, ?)")) {
                p.setString(1, r.id());
                p.setString(2, month);
                p.setString(3, bucket);
                p.setLong(4, characters);
                p.setLong(5, r.expiresAt().toEpochMilli());
                p.executeUpdate();
            }
            return Optional.of(r);
        });
    }

    /**
     * Adds the characters to usage even when the reservation already lapsed: they were billed. (A call
     * that outlives the reservation's time to live can therefore overshoot; keep it above any timeout.)
     */
    @Override
    public void commit(QuotaReservation r) {
        sql.write("quota commit", c -> {
            lockBucket(c, r.month(), r.bucket());
            delete(c, r);
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE voice_quota_usage SET used = used + ? WHERE month = ? AND bucket = ?")) {
                p.setLong(1, r.characters());
                p.setString(2, r.month());
                p.setString(3, r.bucket());
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void refund(QuotaReservation r) {
        sql.write("quota refund", c -> {
            delete(c, r);
            return null;
        });
    }

    @Override
    public long used(String month, String bucket) {
        return sql.read("quota read", c -> used(c, month, bucket, clock.millis()));
    }

    /** Live reservations still held (for tests and the dashboard). */
    public long reserved(String month, String bucket) {
        return sql.read("quota read", c -> sum(c, "SELECT COALESCE(SUM(characters), 0) FROM voice_quota_reservations "
                + "WHERE month = ? AND bucket = ? AND expires_at > ?", month, bucket, clock.millis()));
    }

    /** Committed usage only. */
    public long committed(String month, String bucket) {
        return sql.read("quota read", c -> sum(c, "SELECT COALESCE(SUM(used), 0) FROM voice_quota_usage "
                + "WHERE month = ? AND bucket = ?", month, bucket, null));
    }

    private void lockBucket(Connection c, String month, String bucket) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO voice_quota_usage (month, bucket, used) "
                + "VALUES (?, ?, 0) ON CONFLICT (month, bucket) DO NOTHING")) {
            p.setString(1, month);
            p.setString(2, bucket);
            p.executeUpdate();
        }
        if (sql.dialect() == Dialect.POSTGRESQL) {
            try (PreparedStatement p = c.prepareStatement("SELECT used FROM voice_quota_usage WHERE month = ? "
                    + "AND bucket = ?" + sql.dialect().forUpdate())) {
                p.setString(1, month);
                p.setString(2, bucket);
                p.executeQuery().close();
            }
        }
    }

    private static void delete(Connection c, QuotaReservation r) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM voice_quota_reservations WHERE id = ?")) {
            p.setString(1, r.id());
            p.executeUpdate();
        }
    }

    private static long used(Connection c, String month, String bucket, long now) throws SQLException {
        return sum(c, "SELECT COALESCE(SUM(used), 0) FROM voice_quota_usage WHERE month = ? AND bucket = ?",
                month, bucket, null)
                + sum(c, "SELECT COALESCE(SUM(characters), 0) FROM voice_quota_reservations "
                + "WHERE month = ? AND bucket = ? AND expires_at > ?", month, bucket, now);
    }

    private static long sum(Connection c, String query, String month, String bucket, Long now) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(query)) {
            p.setString(1, month);
            p.setString(2, bucket);
            if (now != null) {
                p.setLong(3, now);
            }
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
