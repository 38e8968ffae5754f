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

    public Sql(DataSource pool, Dialect dialect) {
        this.pool = pool;
        this.dialect = dialect;
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    public Dialect dialect() {
        return dialect;
    }

    public <T> T read(String what, Work<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    public <T> T write(String what, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = pool.getConnection()) {
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

    private static StateStoreException failure(String what, SQLException e) {
        return new StateStoreException("voice store: " + what + " failed (SQL state " + e.getSQLState() + "): "
                + e.getMessage(), e);
    }
}
