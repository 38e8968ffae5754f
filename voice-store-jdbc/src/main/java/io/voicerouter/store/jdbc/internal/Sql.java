package io.voicerouter.store.jdbc.internal;

import io.voicerouter.state.StateStoreException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs units of work on pooled connections: {@link #write} in one transaction, retried when the
 * database reports a conflict that a retry resolves (SQLite busy past its timeout, a PostgreSQL
 * serialization failure or deadlock); {@link #read} in auto-commit. Errors become
 * {@link StateStoreException} with the SQL state, never with the URL or credentials.
 */
public final class Sql {
    private static final int ATTEMPTS = 8;

    private final DataSource pool;
    private final Dialect dialect;
    private final long backoffNanos;
    private final java.util.concurrent.atomic.AtomicLong downUntil = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());
    private volatile String downReason = "";

    public Sql(DataSource pool, Dialect dialect, java.time.Duration backoff) {
        this.pool = pool;
        this.dialect = dialect;
        this.backoffNanos = backoff.toNanos();
    }

    /**
     * A connection that cannot be had because the server is unreachable (SQL state class 08) makes the next
     * calls fail at once for the back-off period instead of each waiting the connection timeout, so a
     * dead database slows no request down: quotas fail closed, stats writes are dropped and logged.
     */
    private Connection connect() throws SQLException {
        if (System.nanoTime() - downUntil.get() < 0) {
            throw new StateStoreException("voice store unavailable, not retried yet: " + downReason);
        }
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            noticeLostServer(e); // else the pool was only busy: the next caller may well get a connection
            throw e;
        }
    }

    private void noticeLostServer(SQLException e) {
        String state = e.getSQLState();
        if (state != null && state.startsWith("08")) { // connection exception: the server is not there
            downReason = e.getMessage();
            downUntil.set(System.nanoTime() + backoffNanos);
        }
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    public Dialect dialect() {
        return dialect;
    }

    public <T> T read(String what, Work<T> work) {
        try (Connection c = connect()) {
            return work.run(c);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    public <T> T write(String what, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = connect()) {
                c.setAutoCommit(false);
                try {
                    T out = work.run(c);
                    c.commit();
                    return out;
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(c);
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            } catch (SQLException e) {
                if (attempt >= ATTEMPTS || !retryable(e)) {
                    throw failure(what, e);
                }
                pause(attempt);
            }
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool drops it and the database rolled back by itself
        }
    }

    private static boolean retryable(SQLException e) {
        String state = e.getSQLState();
        if ("40001".equals(state) || "40P01".equals(state)) { // serialization failure, deadlock
            return true;
        }
        String msg = String.valueOf(e.getMessage());
        return msg.contains("SQLITE_BUSY") || msg.contains("SQLITE_LOCKED");
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L << Math.min(attempt, 5)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateStoreException("interrupted while retrying a database write");
        }
    }

    private StateStoreException failure(String what, SQLException e) {
        noticeLostServer(e);
        return new StateStoreException("voice store: " + what + " failed (SQL state " + e.getSQLState() + "): "
                + e.getMessage(), e);
    }
}
