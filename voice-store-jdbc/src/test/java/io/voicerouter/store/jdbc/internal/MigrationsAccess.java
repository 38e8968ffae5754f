package io.voicerouter.store.jdbc.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Test access to the migration checksums. */
public final class MigrationsAccess {
    private MigrationsAccess() {
    }

    public static String checksumOfV1(String dialectFolder) throws IOException {
        try (InputStream in = MigrationsAccess.class.getClassLoader().getResourceAsStream(
                "io/voicerouter/store/jdbc/migration/" + dialectFolder + "/" + Migrations.SCRIPTS.get(0))) {
            return Migrations.checksum(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
