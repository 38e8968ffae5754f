package io.voicerouter.store.jdbc;

import io.voicerouter.config.VoiceConfig;
import io.voicerouter.config.VoiceConfigJson;
import io.voicerouter.state.StateStoreException;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded database: one SQLite file shared by ten separate JVMs. */
class SqliteStoreTest extends StoreContract {
    private int databases;

    @Override
    public String freshUrl() {
        return "jdbc:sqlite:" + temp.resolve("db" + (++databases)).resolve("voicerouter.db");
    }

    @Override
    int processes() {
        return 10;
    }

    @Test
    void theEmbeddedDefaultNeedsOnlyADataDirectoryAndKeepsTheTextByteForByte() throws Exception {
        Path data = temp.resolve("data");
        String original = Files.readString(example());
        try (VoiceStore store = VoiceStore.builder().embedded(data).build()) {
            store.savePersonality("aria", VoiceConfigJson.read(original));
            assertThat(store.personalityJson("aria")).contains(original);
            assertThat(store.toString()).contains("voicerouter.db");
        }
        assertThat(data.resolve("voicerouter.db")).exists();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("voicerouter.db"));
             Statement s = c.createStatement()) {
            var rs = s.executeQuery("PRAGMA journal_mode");
            rs.next();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    void aQuotaStoreThatCannotBeReadFailsClosedAndTheTraceSaysSo() throws Exception {
        io.voicerouter.testing.ToneProvider cloud = io.voicerouter.testing.ToneProvider.builder("google_tts")
                .cloud("google_tts/standard", 1_000_000).build();
        io.voicerouter.testing.ToneProvider local = io.voicerouter.testing.ToneProvider.of("piper");
        VoiceStore store = VoiceStore.builder().embedded(temp.resolve("closed")).build();
        VoiceConfig config = VoiceConfig.singleProvider("google_tts")
                .withProvider("piper", io.voicerouter.config.ProviderConfig.enabledDefault())
                .withFallbackChain(java.util.List.of("piper"));
        try (io.voicerouter.router.VoiceRouter router = store.attachTo(io.voicerouter.router.VoiceRouter.builder())
                .providers(java.util.List.of(cloud, local)).build()) {
            store.close(); // the database is gone from under the router
            io.voicerouter.router.SpeechResult r = router.synthesize(
                    io.voicerouter.router.SpeechRequest.builder("Hello.", config).personality("aria").build());
            assertThat(r.providerId()).isEqualTo("piper");
            assertThat(cloud.calls()).as("no cloud call without a reservation").isZero();
            assertThat(r.attempts().get(0)).isInstanceOfSatisfying(io.voicerouter.router.Attempt.Skipped.class, s -> {
                assertThat(s.reason()).isEqualTo(io.voicerouter.router.SkipReason.QUOTA_EXHAUSTED);
                assertThat(s.detail()).contains("shared quota store could not be read");
            });
        }
    }

    @Test
    void aChangedMigrationIsRefusedInsteadOfGuessedAt() throws Exception {
        Path data = temp.resolve("tampered");
        try (VoiceStore store = VoiceStore.builder().embedded(data).build()) {
            store.savePersonality("a", VoiceConfig.singleProvider("piper"));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("voicerouter.db"));
             Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE voice_schema_version SET checksum = 'x' WHERE version = 1");
        }
        assertThatThrownBy(() -> VoiceStore.builder().embedded(data).build())
                .isInstanceOf(StateStoreException.class).hasMessageContaining("migration V1 differs");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("voicerouter.db"));
             Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO voice_schema_version VALUES (99, 'future', 'x', 0)");
            s.executeUpdate("UPDATE voice_schema_version SET checksum = '"
                    + io.voicerouter.store.jdbc.internal.MigrationsAccess.checksumOfV1("sqlite") + "' WHERE version = 1");
        }
        assertThatThrownBy(() -> VoiceStore.builder().embedded(data).build())
                .isInstanceOf(StateStoreException.class).hasMessageContaining("newer than this release");
    }
}
