package io.voicerouter.store.jdbc.internal;

import io.voicerouter.state.StateStoreException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small versioned migration runner: scripts {@code V<n>__<name>.sql} per dialect, applied in order
 * in one transaction each, recorded with a SHA-256 in {@code voice_schema_version}. Many processes
 * may start at once: SQLite serializes them on its write lock (the transaction begins IMMEDIATE),
 * PostgreSQL on a transaction-scoped advisory lock. A version may also have a data step in Java
 * ({@link DataStep}), run after its script in the same transaction. A script changed after it was applied, or a
 * database migrated by a newer release, is refused with a clear error instead of guessed at.
 */
public final class Migrations {
    /** Every script, in order; a new one is added here and in both dialect folders. */
    static final List<String> SCRIPTS = List.of("V1__personalities_stats_quotas.sql", "V2__api_keys.sql",
            "V3__stats_out_of_voice_config.sql");

    /** A step in Java that runs after a version's script, in its transaction (data the SQL cannot move). */
    @FunctionalInterface
    interface DataStep {
        void run(Connection c, Dialect dialect) throws SQLException;
    }

    /** The data steps by version. */
    private static final Map<Integer, DataStep> DATA_STEPS = Map.of(3, StatsOutOfConfig::run);
    private static final long ADVISORY_LOCK = 0x766f696365L; // "voice"

    private Migrations() {
    }

    /** Brings the schema up to date; returns the versions applied now (empty when it was current). */
    public static List<Integer> migrate(Sql sql) {
        Map<Integer, String> scripts = load(sql.dialect());
        return sql.write("schema migration", c -> {
            try (Statement s = c.createStatement()) {
                if (sql.dialect() == Dialect.POSTGRESQL) {
                    s.execute("SELECT pg_advisory_xact_lock(" + ADVISORY_LOCK + ")");
                }
                s.execute("CREATE TABLE IF NOT EXISTS voice_schema_version (version INTEGER PRIMARY KEY, "
                        + "name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at BIGINT NOT NULL)");
            }
            Map<Integer, String> applied = applied(c);
            for (Map.Entry<Integer, String> a : applied.entrySet()) {
                String script = scripts.get(a.getKey());
                if (script == null) {
                    throw new StateStoreException("the voice store's schema is at version " + a.getKey()
                            + ", newer than this release knows (" + scripts.size() + "); upgrade voicerouter");
                }
                if (!checksum(script).equals(a.getValue())) {
                    throw new StateStoreException("migration V" + a.getKey()
                            + " differs from the one applied to this database; restore the original script");
                }
            }
            List<Integer> done = new ArrayList<>();
            for (Map.Entry<Integer, String> m : scripts.entrySet()) {
                if (applied.containsKey(m.getKey())) {
                    continue;
                }
                try (Statement s = c.createStatement()) {
                    for (String statement : statements(m.getValue())) {
                        s.execute(statement);
                    }
                }
                DataStep step = DATA_STEPS.get(m.getKey());
                if (step != null) {
                    step.run(c, sql.dialect());
                }
                try (PreparedStatement p = c.prepareStatement(
                        "INSERT INTO voice_schema_version (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)")) {
                    p.setInt(1, m.getKey());
                    p.setString(2, SCRIPTS.get(m.getKey() - 1));
                    p.setString(3, checksum(m.getValue()));
                    p.setLong(4, System.currentTimeMillis());
                    p.executeUpdate();
                }
                done.add(m.getKey());
            }
            return done;
        });
    }

    private static Map<Integer, String> applied(Connection c) throws SQLException {
        Map<Integer, String> out = new TreeMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, checksum FROM voice_schema_version")) {
            while (rs.next()) {
                out.put(rs.getInt(1), rs.getString(2));
            }
        }
        return out;
    }

    private static Map<Integer, String> load(Dialect dialect) {
        Map<Integer, String> out = new TreeMap<>();
        for (int i = 0; i < SCRIPTS.size(); i++) {
            String name = SCRIPTS.get(i);
            if (!name.startsWith("V" + (i + 1) + "__")) {
                throw new IllegalStateException("migration " + name + " is out of order");
            }
            try (InputStream in = Migrations.class.getClassLoader()
                    .getResourceAsStream(dialect.migrationFolder() + name)) {
                if (in == null) {
                    throw new IllegalStateException("missing migration " + dialect.migrationFolder() + name);
                }
                out.put(i + 1, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read migration " + name, e);
            }
        }
        return out;
    }

    /** Splits a script on semicolons at line ends; comments are dropped. Our scripts have no procedures. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : script.split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("--")) {
                continue;
            }
            cur.append(line).append('\n');
            if (t.endsWith(";")) {
                String stmt = cur.toString().strip();
                out.add(stmt.substring(0, stmt.length() - 1));
                cur.setLength(0);
            }
        }
        if (!cur.toString().isBlank()) {
            out.add(cur.toString().strip());
        }
        return out;
    }

    static String checksum(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(script.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
