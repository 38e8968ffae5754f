package io.voicerouter.store.jdbc;

import io.voicerouter.state.StateStoreException;
import io.voicerouter.testing.LocalServers;
import io.voicerouter.testing.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A real PostgreSQL server shared by four separate JVMs; voice_config is jsonb. */
class PostgresStoreTest extends StoreContract {
    private static PostgresServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    public String freshUrl() throws Exception {
        return server.createDatabase();
    }

    @Override
    int processes() {
        return 4;
    }

    @Test
    void voiceConfigIsJsonbAndLibpqUrlsWork() throws Exception {
        String jdbc = server.createDatabase();
        String db = jdbc.substring(jdbc.lastIndexOf('/') + 1, jdbc.indexOf('?'));
        try (VoiceStore store = VoiceStore.builder()
                .url("postgresql://postgres:s3cret-pass@127.0.0.1:" + server.port() + "/" + db).build()) {
            store.savePersonality("aria", io.voicerouter.config.VoiceConfigJson.read(
                    java.nio.file.Files.readString(example())));
            assertThat(store.toString()).doesNotContain("s3cret-pass").contains("127.0.0.1");
        }
        try (Connection c = DriverManager.getConnection(jdbc); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_typeof(voice_config)::text, voice_config->>'active_provider', "
                     + "voice_config #>> '{stats,xtts_v2,total_generations}' FROM ai_personalities WHERE id = 'aria'")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("jsonb");
            assertThat(rs.getString(2)).isEqualTo("xtts_v2");
            assertThat(rs.getString(3)).isEqualTo("1234");
        }
    }

    @Test
    void aServerThatGoesAwayCostsOneConnectionTimeoutThenQuotasFailAtOnceAndRequestsStillSpeak() throws Exception {
        PostgresServer doomed = PostgresServer.start();
        io.voicerouter.testing.ToneProvider cloud = io.voicerouter.testing.ToneProvider.builder("google_tts")
                .cloud("google_tts/standard", 1_000_000).build();
        io.voicerouter.testing.ToneProvider local = io.voicerouter.testing.ToneProvider.of("piper");
        io.voicerouter.config.VoiceConfig config = io.voicerouter.config.VoiceConfig.singleProvider("google_tts")
                .withProvider("piper", io.voicerouter.config.ProviderConfig.enabledDefault())
                .withFallbackChain(java.util.List.of("piper"));
        try (VoiceStore store = VoiceStore.builder().url(doomed.createDatabase()).maximumPoolSize(1).minimumIdle(0)
                .connectionTimeout(java.time.Duration.ofMillis(1000)).retryAfter(java.time.Duration.ofSeconds(30)).build();
             io.voicerouter.router.VoiceRouter router = store.attachTo(io.voicerouter.router.VoiceRouter.builder())
                     .providers(java.util.List.of(cloud, local)).build()) {
            assertThat(say(router, config).providerId()).isEqualTo("google_tts");
            doomed.close();
            Thread.sleep(200);
            say(router, config); // finds out, paying the connection timeout once
            long start = System.nanoTime();
            io.voicerouter.router.SpeechResult r = say(router, config);
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(r.providerId()).isEqualTo("piper");
            assertThat(r.attempts().get(0).toString()).contains("QUOTA_EXHAUSTED").contains("unavailable");
            assertThat(ms).as("no connection timeout while the store is known to be down").isLessThan(800);
            assertThat(cloud.calls()).isEqualTo(1);
        } finally {
            doomed.close();
        }
    }

    private static io.voicerouter.router.SpeechResult say(io.voicerouter.router.VoiceRouter router,
                                                         io.voicerouter.config.VoiceConfig config) {
        return router.synthesize(io.voicerouter.router.SpeechRequest.builder("Hello " + System.nanoTime(), config)
                .personality("aria").build());
    }

    @Test
    void anUnreachableServerIsATypedErrorWithoutThePassword() {
        int closed = LocalServers.freePort();
        assertThatThrownBy(() -> VoiceStore.builder().url("postgresql://u:hunter2@127.0.0.1:" + closed + "/x")
                .connectionTimeout(java.time.Duration.ofMillis(500)).build())
                .isInstanceOf(StateStoreException.class)
                .hasMessageNotContaining("hunter2");
    }
}
