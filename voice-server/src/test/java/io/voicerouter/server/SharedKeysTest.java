package io.voicerouter.server;

import io.voicerouter.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.voicerouter.server.TestServer.ADMIN_KEY;
import static io.voicerouter.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * API keys live in the store, so servers on one database share them: a key made on one works on
 * the other at once, and a key revoked on one is refused by both. On one SQLite file (two servers
 * in one process stand in for two processes: they share nothing but the database) and on
 * PostgreSQL where it is installed. Keys an earlier release kept in a file are imported.
 */
class SharedKeysTest {
    @TempDir
    Path dir;

    @Test
    void serversOnOneSqliteFileShareKeys() {
        shareKeys("jdbc:sqlite:" + dir.resolve("shared.db"));
    }

    @Test
    void serversOnOnePostgresDatabaseShareKeys() throws Exception {
        try (PostgresServer pg = PostgresServer.start()) { // skips the test where PostgreSQL is not installed
            shareKeys(pg.createDatabase());
        }
    }

    private void shareKeys(String url) {
        try (TestServer a = TestServer.start(dir.resolve("a"), b -> b.storeUrl(url));
             TestServer b = TestServer.start(dir.resolve("b"), c -> c.storeUrl(url))) {
            String key = a.newKey("speak");
            assertThat(b.get("/v1/models", key).statusCode()).isEqualTo(200);
            String id = null;
            for (var k : json(b.get("/api/keys", ADMIN_KEY)).path("data")) {
                if (k.path("scopes").toString().equals("[\"speak\"]")) {
                    id = k.path("id").asText();
                }
            }
            assertThat(id).isNotNull();
            assertThat(b.delete("/api/keys/" + id, ADMIN_KEY).statusCode()).isEqualTo(204);
            assertThat(a.get("/v1/models", key).statusCode()).isEqualTo(401);
            assertThat(b.get("/v1/models", key).statusCode()).isEqualTo(401);
            // One environment admin key for both, stored once.
            assertThat(a.server.store().apiKeys()).filteredOn(k -> k.name().equals("environment")).hasSize(1);
        }
    }

    @Test
    void keysFromAnEarlierReleasesFileAreImported() throws Exception {
        Path file = dir.resolve("data/server/api-keys.json");
        Files.createDirectories(file.getParent());
        String secret = "vr-an-old-key-made-by-an-earlier-release";
        Files.writeString(file, "{\"format_version\": 1, \"keys\": [{\"id\": \"key_0123456789ab\", \"name\": \"old\","
                + " \"sha256\": \"" + HttpApiTest.sha256(secret) + "\", \"scopes\": [\"speak\"],"
                + " \"created_at\": \"2026-01-02T03:04:05Z\"}]}");
        try (TestServer s = TestServer.start(dir.resolve("data"))) {
            assertThat(s.get("/v1/models", secret).statusCode()).isEqualTo(200);
            assertThat(s.get("/api/keys", secret).statusCode()).isEqualTo(403);
        }
        assertThat(file).doesNotExist();
        assertThat(file.resolveSibling("api-keys.json.imported")).exists();
    }
}
