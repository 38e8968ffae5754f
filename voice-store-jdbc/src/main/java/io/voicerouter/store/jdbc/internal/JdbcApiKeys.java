package io.voicerouter.store.jdbc.internal;

import io.voicerouter.store.jdbc.StoredApiKey;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The {@code voice_api_keys} table: hashed API keys shared by the servers on one database. */
public final class JdbcApiKeys {
    private static final String COLUMNS = "id, name, sha256, scopes, created_at";
    /** The advisory lock of {@link #addIfNoneHasScope}; Migrations uses another. */
    private static final long SCOPE_LOCK = 0x766f6963656bL; // "voicek"

    private final Sql sql;

    public JdbcApiKeys(Sql sql) {
        this.sql = sql;
    }

    /** Inserts unless a key with that hash (or id) exists; true when inserted. */
    public boolean add(StoredApiKey key) {
        return sql.write("api key add", c -> insert(c, key));
    }

    /**
     * Inserts only when no key has {@code scope}. Check and insert are one transaction that other calls
     * of this method wait for: SQLite's transactions begin IMMEDIATE (the database's write lock), on
     * PostgreSQL a transaction-scoped advisory lock, since under READ COMMITTED two transactions could
     * both see no such key (there is no row to lock yet).
     */
    public boolean addIfNoneHasScope(StoredApiKey key, String scope) {
        return sql.write("api key add if none has scope", c -> {
            if (sql.dialect() == Dialect.POSTGRESQL) {
                try (java.sql.Statement s = c.createStatement()) {
                    s.execute("SELECT pg_advisory_xact_lock(" + SCOPE_LOCK + ")");
                }
            }
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM voice_api_keys");
                 ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    if (row(rs).scopes().contains(scope)) {
                        return false;
                    }
                }
            }
            return insert(c, key);
        });
    }

    private static boolean insert(java.sql.Connection c, StoredApiKey key) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO voice_api_keys (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            p.setString(1, key.id());
            p.setString(2, key.name());
            p.setString(3, key.sha256());
            p.setString(4, String.join(" ", new TreeSet<>(key.scopes())));
            p.setLong(5, key.createdAt().toEpochMilli());
            return p.executeUpdate() == 1;
        }
    }

    public Optional<StoredApiKey> byHash(String sha256) {
        return sql.read("api key lookup", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM voice_api_keys WHERE sha256 = ?")) {
                p.setString(1, sha256);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs)) : Optional.empty();
                }
            }
        });
    }

    public List<StoredApiKey> all() {
        return sql.read("api key list", c -> {
            List<StoredApiKey> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM voice_api_keys ORDER BY created_at, id");
                 ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        });
    }

    public boolean delete(String id) {
        return sql.write("api key delete", c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM voice_api_keys WHERE id = ?")) {
                p.setString(1, id);
                return p.executeUpdate() > 0;
            }
        });
    }

    private static StoredApiKey row(ResultSet rs) throws SQLException {
        String scopes = rs.getString(4);
        Set<String> set = scopes.isBlank() ? Set.of() : Set.copyOf(Arrays.asList(scopes.trim().split(" +")));
        return new StoredApiKey(rs.getString(1), rs.getString(2), rs.getString(3), set,
                Instant.ofEpochMilli(rs.getLong(5)));
    }
}
