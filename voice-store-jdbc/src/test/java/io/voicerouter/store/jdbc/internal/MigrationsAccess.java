package io.voicerouter.store.jdbc.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/** Test access to the migrations: checksums, and a schema as an older release left it. */
public final class MigrationsAccess {
    private MigrationsAccess() {
    }

    public static String checksumOfV1(String dialectFolder) throws IOException {
        return Migrations.checksum(script(dialectFolder, 0));
    }

    private static String script(String dialectFolder, int index) throws IOException {
        try (InputStream in = MigrationsAccess.class.getClassLoader().getResourceAsStream(
                "io/voicerouter/store/jdbc/migration/" + dialectFolder + "/" + Migrations.SCRIPTS.get(index))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Creates the schema of a release that knew versions 1 to {@code version} only, exactly as its
     * runner did (scripts and their records in {@code voice_schema_version}), on an empty database.
     */
    public static void migrateOnlyTo(Connection c, String dialectFolder, int version) throws IOException, SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS voice_schema_version (version INTEGER PRIMARY KEY, "
                    + "name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at BIGINT NOT NULL)");
            for (int i = 0; i < version; i++) {
                String script = script(dialectFolder, i);
                for (String statement : Migrations.statements(script)) {
                    s.execute(statement);
                }
                try (PreparedStatement p = c.prepareStatement(
                        "INSERT INTO voice_schema_version (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)")) {
                    p.setInt(1, i + 1);
                    p.setString(2, Migrations.SCRIPTS.get(i));
                    p.setString(3, Migrations.checksum(script));
                    p.setLong(4, System.currentTimeMillis());
                    p.executeUpdate();
                }
            }
        }
    }
}
