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
                     + "voice_config -> 'stats' IS NOT NULL, (SELECT total_generations FROM voice_stats WHERE personality_id = 'aria' "
                     + "AND provider_id = 'xtts_v2') FROM ai_personalities WHERE id = 'aria'")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("jsonb");
            assertThat(rs.getString(2)).isEqualTo("xtts_v2");
            assertThat(rs.getBoolean(3)).as("the stored config holds no stats").isFalse();
            assertThat(rs.getLong(4)).as("the example's counts seeded the row").isEqualTo(1234);
        }
    }

    /**
     * Deletes and re-creations (with seeded stats) run beside requests recording several providers each:
     * every path takes its locks in one order, so PostgreSQL detects no deadlock at all ({@code Sql.write}
     * would retry one silently, so the server's own counter is what is checked).
     */
    @Test
    void deletesCreatesAndSpeechTakeLocksInOneOrderSoNoDeadlockIsEverDetected() throws Exception {
        String url = server.createDatabase();
        io.voicerouter.config.ProviderUsage one = new io.voicerouter.config.ProviderUsage(1, 1, 1, 0,
                java.util.Optional.empty(), java.util.Map.of());
        io.voicerouter.config.VoiceConfig config = io.voicerouter.config.VoiceConfig.singleProvider("a")
                .withStats(java.util.Map.of("a", one, "b", one, "c", one));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try (VoiceStore x = VoiceStore.builder().url(url).build(); VoiceStore y = VoiceStore.builder().url(url).build()) {
            x.createPersonality("p", config);
            java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                VoiceStore store = t % 2 == 0 ? x : y;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 60; i++) {
                        java.util.List<io.voicerouter.router.Attempt> attempts = java.util.List.of(
                                new io.voicerouter.router.Attempt.Failed("c", io.voicerouter.error.ErrorKind.SERVER_ERROR, "x", java.time.Duration.ofMillis(1), 1),
                                new io.voicerouter.router.Attempt.Failed("b", io.voicerouter.error.ErrorKind.SERVER_ERROR, "x", java.time.Duration.ofMillis(1), 1),
                                new io.voicerouter.router.Attempt.Succeeded("a", java.time.Duration.ofMillis(2), false, 1, java.util.List.of()));
                        store.onFinished(new io.voicerouter.state.FinishedRequest(java.util.Optional.of("p"), 5, "en",
                                attempts, java.time.Duration.ofMillis(4), java.time.Instant.now()));
                    }
                    return null;
                }));
            }
            for (int t = 0; t < 2; t++) {
                VoiceStore store = t == 0 ? x : y;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 30; i++) {
                        store.deletePersonality("p");
                        store.createPersonality("p", config);
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get(120, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        // The stores are closed: their server processes have ended and reported their statistics.
        long deadlocks = -1;
        for (int wait = 0; wait < 20 && deadlocks != 0; wait++) {
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")) {
                rs.next();
                deadlocks = rs.getLong(1);
            }
            if (deadlocks != 0) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(deadlocks).isZero();
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
