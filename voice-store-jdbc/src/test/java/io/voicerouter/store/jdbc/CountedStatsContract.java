package io.voicerouter.store.jdbc;

import io.voicerouter.config.ProviderUsage;
import io.voicerouter.config.VoiceConfig;
import io.voicerouter.config.VoiceConfigJson;
import io.voicerouter.router.Attempt;
import io.voicerouter.state.FinishedRequest;
import io.voicerouter.store.jdbc.internal.MigrationsAccess;
import io.voicerouter.testing.Concurrently;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The counters are the store's: speaking never writes the stored configuration (so its revision
 * stays), an update or replace never changes the counts, a creation seeds them, and a database of the
 * release that kept the counts inside voice_config is migrated without losing or doubling one.
 */
interface CountedStatsContract {
    /** A URL of an empty database for one test. */
    String freshUrl() throws Exception;

    @Test
    default void speakingNeverChangesTheRevisionAndTheCountsAreReadFromTheRows() throws Exception {
        try (VoiceStore store = VoiceStore.builder().url(freshUrl()).build()) {
            ProviderUsage seeded = new ProviderUsage(7, 70, 40, 1, Optional.of(Instant.ofEpochSecond(1_700_000_000)),
                    Map.of());
            assertThat(store.createPersonality("p", VoiceConfig.singleProvider("tone")
                    .withStats(Map.of("tone", seeded)))).isTrue();
            StoredPersonality before = store.storedPersonality("p").orElseThrow();
            assertThat(before.config().stats()).as("a creation seeds the counts").containsEntry("tone", seeded);
            for (int i = 0; i < 5; i++) {
                store.onFinished(finished("p", "tone"));
            }
            StoredPersonality after = store.storedPersonality("p").orElseThrow();
            assertThat(after.revision()).as("speaking changes no revision").isEqualTo(before.revision());
            assertThat(after.config().stats().get("tone").totalGenerations()).isEqualTo(12);
            assertThat(after.config().stats()).isEqualTo(store.stats("p"));
            assertThat(VoiceConfigJson.read(after.json())).isEqualTo(after.config());
            assertThat(store.personality("p")).contains(after.config());
            assertThat(store.personalityJson("p")).contains(after.json());
        }
    }

    @Test
    default void aReplaceOrUpdateFromAnOldCopyKeepsTheCounts() throws Exception {
        try (VoiceStore store = VoiceStore.builder().url(freshUrl()).build()) {
            store.savePersonality("p", VoiceConfig.singleProvider("tone"));
            VoiceConfig oldCopy = store.personality("p").orElseThrow();
            assertThat(oldCopy.stats()).isEmpty();
            for (int i = 0; i < 3; i++) {
                store.onFinished(finished("p", "tone"));
            }
            store.savePersonality("p", oldCopy.withActiveProvider("espeak"));
            assertThat(store.personality("p").orElseThrow().activeProvider()).hasValue("espeak");
            assertThat(store.stats("p").get("tone").totalGenerations()).as("a replace keeps the counts").isEqualTo(3);
            ProviderUsage zero = new ProviderUsage(0, 0, 0, 0, Optional.empty(), Map.of());
            store.savePersonality("p", oldCopy.withStats(Map.of("tone", zero, "other", zero)));
            assertThat(store.stats("p")).as("also when it names other counts").containsOnlyKeys("tone");
            store.updatePersonality("p", c -> oldCopy.withActiveProvider("piper"));
            assertThat(store.personality("p").orElseThrow().stats().get("tone").totalGenerations())
                    .as("an update keeps them").isEqualTo(3);
            assertThat(store.deletePersonality("p")).isTrue();
            assertThat(store.stats("p")).as("a delete removes them").isEmpty();
            store.savePersonality("p", oldCopy.withStats(Map.of("tone", new ProviderUsage(9, 90, 1, 0,
                    Optional.empty(), Map.of()))));
            assertThat(store.stats("p").get("tone").totalGenerations()).as("a save that creates seeds them").isEqualTo(9);
        }
    }

    @Test
    default void countsAreExactFromTwoStoresUnderConcurrentSpeechAndEdits() throws Exception {
        String url = freshUrl();
        int speakers = 4;
        int lines = 25;
        try (VoiceStore a = VoiceStore.builder().url(url).build();
             VoiceStore b = VoiceStore.builder().url(url).build()) {
            a.createPersonality("shared", VoiceConfig.singleProvider("tone"));
            VoiceConfig stale = a.personality("shared").orElseThrow();
            List<Callable<Void>> work = new ArrayList<>();
            for (int t = 0; t < speakers; t++) {
                VoiceStore store = t % 2 == 0 ? a : b;
                work.add(() -> {
                    for (int i = 0; i < lines; i++) {
                        store.onFinished(finished("shared", "tone"));
                    }
                    return null;
                });
            }
            // Editors with copies that never saw a count: a plain replace and an update that tries to zero them.
            work.add(() -> {
                for (int i = 0; i < 20; i++) {
                    b.savePersonality("shared", stale.withActiveProvider(i % 2 == 0 ? "espeak" : "tone"));
                }
                return null;
            });
            work.add(() -> {
                for (int i = 0; i < 20; i++) {
                    int n = i;
                    a.updatePersonality("shared", c -> stale.withFallbackChain(List.of("p" + n)));
                }
                return null;
            });
            Concurrently.call(Duration.ofSeconds(120), work);
            long expected = (long) speakers * lines;
            assertThat(a.stats("shared").get("tone").totalGenerations()).isEqualTo(expected);
            assertThat(b.globalStats().get("tone").totalGenerations()).isEqualTo(expected);
            assertThat(b.personality("shared").orElseThrow().stats().get("tone").totalGenerations()).isEqualTo(expected);
        }
    }

    @Test
    default void aDatabaseOfTheReleaseThatKeptCountsInVoiceConfigIsMigratedWithoutLosingOrDoublingOne() throws Exception {
        String url = freshUrl();
        boolean postgres = url.startsWith("jdbc:postgresql:");
        if (!postgres) {
            Files.createDirectories(Path.of(url.substring("jdbc:sqlite:".length())).getParent());
        }
        String json = postgres ? "CAST(? AS jsonb)" : "?";
        // As the old release left it: each personality's voice_config carries a copy of its rows (written
        // back in every request's transaction), unknown fields of stats entries only in the text.
        String aria = """
                {"active_provider":"piper","providers":{"piper":{"enabled":true},"tone":{"enabled":true}},
                 "x_host_field":"kept",
                 "stats":{"piper":{"total_generations":3457,"total_characters":120000,"avg_latency_ms":810.5,
                                   "failures":3,"last_used":"2026-11-20T18:10:00Z","x_note":"kept too"},
                          "tone":{"total_generations":9,"total_characters":90,"avg_latency_ms":12,"failures":0},
                          "espeak":{"total_generations":4,"total_characters":40,"avg_latency_ms":5,"failures":1}}}""";
        try (Connection c = DriverManager.getConnection(url)) {
            MigrationsAccess.migrateOnlyTo(c, postgres ? "postgresql" : "sqlite", 2);
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO ai_personalities (id, voice_config, updated_at) VALUES (?, " + json + ", 0)")) {
                p.setString(1, "aria");
                p.setString(2, aria);
                p.executeUpdate();
                p.setString(1, "plain");
                p.setString(2, "{\"active_provider\":\"piper\",\"providers\":{\"piper\":{\"enabled\":true}}}");
                p.executeUpdate();
            }
            try (Statement s = c.createStatement()) {
                // piper's row as the text says; tone's row counted one more line than the text shows (the row is
                // the count, the text a copy); espeak has no row (a text edited by hand); global rows as well.
                s.executeUpdate("INSERT INTO voice_stats VALUES ('aria', 'piper', 3457, 120000, 810.5, 3, 1795198200000)");
                s.executeUpdate("INSERT INTO voice_stats VALUES ('aria', 'tone', 10, 100, 12, 0, NULL)");
                s.executeUpdate("INSERT INTO voice_stats VALUES ('', 'piper', 5000, 200000, 800, 3, 1795198200000)");
            }
        }
        try (VoiceStore store = VoiceStore.builder().url(url).build()) {
            VoiceConfig migrated = store.personality("aria").orElseThrow();
            Map<String, ProviderUsage> stats = migrated.stats();
            assertThat(stats).containsOnlyKeys("piper", "tone", "espeak");
            assertThat(stats.get("piper")).isEqualTo(new ProviderUsage(3457, 120000, 810.5, 3,
                    Optional.of(Instant.parse("2026-11-20T18:10:00Z")), Map.of("x_note", "kept too")));
            assertThat(stats.get("tone").totalGenerations()).as("the row's count, not the text's, not both").isEqualTo(10);
            assertThat(stats.get("espeak").totalGenerations()).as("an entry without a row is kept").isEqualTo(4);
            assertThat(stats.get("espeak").failures()).isEqualTo(1);
            assertThat(migrated.extra()).containsEntry("x_host_field", "kept");
            assertThat(store.personality("plain").orElseThrow().stats()).isEmpty();
            assertThat(store.globalStats().get("piper").totalGenerations()).isEqualTo(5000);

            String revision = store.storedPersonality("aria").orElseThrow().revision();
            store.onFinished(finished("aria", "piper"));
            assertThat(store.stats("aria").get("piper").totalGenerations()).isEqualTo(3458);
            assertThat(store.personality("aria").orElseThrow().stats().get("piper").extra())
                    .containsEntry("x_note", "kept too");
            assertThat(store.globalStats().get("piper").totalGenerations()).isEqualTo(5001);
            assertThat(store.storedPersonality("aria").orElseThrow().revision()).isEqualTo(revision);
        }
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT voice_config FROM ai_personalities WHERE id = 'aria'")) {
            rs.next();
            String text = rs.getString(1);
            assertThat(text).as("the stored config holds no counts").doesNotContain("stats", "total_generations");
            assertThat(text).contains("x_host_field");
        }
        try (VoiceStore again = VoiceStore.builder().url(url).build()) {
            assertThat(again.stats("aria").get("piper").totalGenerations()).as("migrating once").isEqualTo(3458);
            assertThat(again.stats("aria").get("espeak").totalGenerations()).isEqualTo(4);
        }
    }

    static FinishedRequest finished(String personality, String provider) {
        return new FinishedRequest(Optional.of(personality), 10, "en",
                List.of(new Attempt.Succeeded(provider, Duration.ofMillis(5), false, 1, List.of())),
                Duration.ofMillis(5), Instant.now());
    }
}
