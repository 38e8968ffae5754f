package io.voicerouter.store.jdbc;

import io.voicerouter.config.ProviderUsage;
import io.voicerouter.config.VoiceConfig;
import io.voicerouter.config.VoiceConfigJson;
import io.voicerouter.router.SpeechRequest;
import io.voicerouter.router.SpeechResult;
import io.voicerouter.router.VoiceRouter;
import io.voicerouter.state.QuotaReservation;
import io.voicerouter.testing.ChildJvm;
import io.voicerouter.testing.Concurrently;
import io.voicerouter.testing.ToneProvider;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** What both databases must do; subclasses give a fresh database per test. */
abstract class StoreContract implements PersonalityUpdateContract, CountedStatsContract {
    private static final int LENGTH = 20;
    private static final int REQUESTS_THAT_FIT = 120;
    /** Room for 120 lines and a part of a line: used to within one request, never past. */
    private static final long LIMIT = (long) LENGTH * REQUESTS_THAT_FIT + 7;
    /** Longer than any reserve-to-commit under 10 busy JVMs on 2 cores; the leak lapses during the run. */
    private static final long TTL_MS = 8000;

    @TempDir
    Path temp;

    /** A URL of an empty database for one test. */
    @Override
    public abstract String freshUrl() throws Exception;

    /** How many separate JVMs share the database in the multi-process test (the victim included). */
    abstract int processes();

    static Path example() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("examples/personality-voice-config.json");
            if (Files.exists(p)) {
                return p;
            }
        }
        throw new IllegalStateException("examples/personality-voice-config.json not found");
    }

    @Test
    void apiKeysAreStoredByHashOnceAndRevocable() throws Exception {
        String hash = "ab".repeat(32);
        StoredApiKey key = new StoredApiKey("key_1", "ci", hash, java.util.Set.of("speak"),
                java.time.Instant.ofEpochMilli(1_700_000_000_000L));
        try (VoiceStore store = VoiceStore.builder().url(freshUrl()).build()) {
            assertThat(store.addApiKey(key)).isTrue();
            assertThat(store.addApiKey(new StoredApiKey("key_2", "again", hash, java.util.Set.of("admin"),
                    java.time.Instant.now()))).as("same hash").isFalse();
            assertThat(store.apiKeyByHash(hash)).hasValue(key);
            assertThat(store.apiKeyByHash("cd".repeat(32))).isEmpty();
            assertThat(store.apiKeys()).containsExactly(key);
            assertThat(store.deleteApiKey("key_1")).isTrue();
            assertThat(store.deleteApiKey("key_1")).isFalse();
            assertThat(store.apiKeys()).isEmpty();
        }
    }

    @Test
    void createPersonalityWritesOnlyWhenTheIdIsFreeAndOfManyAtOnceExactlyOneWins() throws Exception {
        try (VoiceStore store = VoiceStore.builder().url(freshUrl()).build()) {
            assertThat(store.createPersonality("solo", VoiceConfig.singleProvider("piper"))).isTrue();
            assertThat(store.createPersonality("solo", VoiceConfig.singleProvider("espeak"))).isFalse();
            assertThat(store.personality("solo").orElseThrow().activeProvider()).hasValue("piper");

            int n = 8;
            List<java.util.concurrent.Callable<Boolean>> creates = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String provider = "p" + i;
                creates.add(() -> store.createPersonality("race", VoiceConfig.singleProvider(provider)));
            }
            List<Boolean> won = Concurrently.call(java.time.Duration.ofSeconds(60), creates);
            String winner = null;
            int wins = 0;
            for (int i = 0; i < n; i++) {
                if (won.get(i)) {
                    wins++;
                    winner = "p" + i;
                }
            }
            assertThat(wins).isEqualTo(1);
            assertThat(store.personality("race").orElseThrow().activeProvider()).hasValue(winner);
        }
    }

    @Test
    void processesShareExactCountsAndAQuotaThatIsNeverExceededAndAKilledOneLeaksNothingPastExpiry() throws Exception {
        String url = freshUrl();
        int n = processes();
        String month = YearMonth.now(ZoneOffset.UTC).toString();
        try (VoiceStore store = VoiceStore.builder().url(url).build()) {
            for (int i = 0; i < n; i++) {
                store.savePersonality("p" + i, VoiceConfig.singleProvider(StoreWorker.PROVIDER));
            }
            List<ChildJvm> workers = new ArrayList<>();
            try {
                // The victim speaks twice, then takes a reservation and hangs inside its cloud call. The
                // others start; once one of them is speaking, the victim is killed with its reservation held.
                ChildJvm victim = start(url, 0, 3);
                workers.add(victim);
                victim.awaitLine("BLOCKED", 120);
                assertThat(store.reserved(month, StoreWorker.BUCKET))
                        .as("the victim's reservation holds its characters").isEqualTo(LENGTH);
                for (int i = 1; i < n; i++) {
                    workers.add(start(url, i, 0));
                }
                long deadline = System.nanoTime() + 120_000_000_000L;
                while (workers.stream().skip(1).noneMatch(w -> w.lines().contains("OK 1"))) {
                    assertThat(System.nanoTime()).as("another worker speaking").isLessThan(deadline);
                    Thread.sleep(10);
                }
                victim.kill(); // kill -9 while the others are speaking
                int victimOk = (int) victim.lines().stream().filter(l -> l.startsWith("OK ")).count();
                assertThat(victimOk).isEqualTo(2);

                long total = victimOk;
                List<Integer> each = new ArrayList<>(List.of(victimOk));
                for (int i = 1; i < n; i++) {
                    ChildJvm w = workers.get(i);
                    assertThat(w.await(180)).as("worker %d exit; stderr: %s", i, w.stderr()).isZero();
                    int ok = Integer.parseInt(w.awaitLine("DONE ", 1).substring(5));
                    each.add(ok);
                    total += ok;
                }

                long committed = store.committed(month, StoreWorker.BUCKET);
                assertThat(committed).as("every returned line billed exactly once").isEqualTo(total * LENGTH);
                assertThat(committed).as("never past the shared quota").isLessThanOrEqualTo(LIMIT);
                assertThat(committed).as("used to within one request of it").isGreaterThan(LIMIT - LENGTH);
                assertThat(store.reserved(month, StoreWorker.BUCKET)).as("no reservation outlives its expiry").isZero();
                assertThat(store.used(month, StoreWorker.BUCKET)).isEqualTo(committed);

                ProviderUsage global = store.globalStats().get(StoreWorker.PROVIDER);
                assertThat(global.totalGenerations()).isEqualTo(total);
                assertThat(global.totalCharacters()).isEqualTo(total * LENGTH);
                assertThat(global.failures()).isZero();
                assertThat(global.avgLatencyMs()).isPositive();
                for (int i = 0; i < n; i++) {
                    ProviderUsage mine = store.stats("p" + i).get(StoreWorker.PROVIDER);
                    if (each.get(i) == 0) { // started after the quota was gone: never spoke
                        assertThat(mine).isNull();
                        continue;
                    }
                    assertThat(mine.totalGenerations()).as("p%d's count", i).isEqualTo((long) each.get(i));
                    assertThat(mine.totalCharacters()).isEqualTo((long) each.get(i) * LENGTH);
                    ProviderUsage written = store.personality("p" + i).orElseThrow().stats().get(StoreWorker.PROVIDER);
                    assertThat(written).as("p%d's voice_config.stats, read from its rows", i).isEqualTo(mine);
                }
            } finally {
                for (ChildJvm w : workers) {
                    w.close();
                }
            }
        }
    }

    private ChildJvm start(String url, int i, int blockAt) throws IOException {
        return ChildJvm.start(StoreWorker.class, temp.resolve("worker" + i + ".err"), url, "p" + i,
                Long.toString(LIMIT), Integer.toString(LENGTH), Long.toString(TTL_MS), Long.toString(3 * TTL_MS), Integer.toString(blockAt));
    }

    @Test
    void theSeedsExampleRoundTripsUnchangedAndComesBackWithStatsFilledIn() throws Exception {
        String original = Files.readString(example());
        VoiceConfig config = VoiceConfigJson.read(original);
        // an unknown field at the top and inside a stats entry must survive the database
        ObjectNode tree = (ObjectNode) new ObjectMapper().readTree(original);
        tree.put("x_host_field", "kept");
        ((ObjectNode) tree.get("stats").get("piper")).put("x_note", "kept too");
        VoiceConfig withUnknown = VoiceConfigJson.fromTree(tree);

        try (VoiceStore store = VoiceStore.builder().url(freshUrl()).build();
             VoiceRouter router = store.attachTo(VoiceRouter.builder())
                     .providers(List.of(ToneProvider.of("piper"))).build()) {
            store.savePersonality("aria", config);
            store.savePersonality("aria-extra", withUnknown);
            assertThat(store.personality("aria")).contains(config);
            assertThat(tree(store.personalityJson("aria").orElseThrow())).isEqualTo(tree(original));
            assertThat(tree(store.personalityJson("aria-extra").orElseThrow())).isEqualTo(tree);

            VoiceConfig piperFirst = config.withActiveProvider("piper");
            ProviderUsage before = config.stats().get("piper");
            SpeechResult r = router.synthesize(SpeechRequest.builder("Hello from the database.", piperFirst)
                    .personality("aria-extra").build());
            assertThat(r.providerId()).isEqualTo("piper");

            VoiceConfig after = store.personality("aria-extra").orElseThrow();
            ProviderUsage piper = after.stats().get("piper");
            assertThat(piper.totalGenerations()).isEqualTo(before.totalGenerations() + 1);
            assertThat(piper.totalCharacters()).isEqualTo(before.totalCharacters() + 24);
            assertThat(piper.failures()).isEqualTo(before.failures());
            assertThat(piper.avgLatencyMs()).isNotEqualTo(before.avgLatencyMs());
            assertThat(piper.lastUsed()).isPresent().get().isNotEqualTo(before.lastUsed().orElseThrow());
            assertThat(piper.extra()).containsEntry("x_note", "kept too");
            assertThat(after.extra()).containsEntry("x_host_field", "kept");
            // everything but piper's stats entry is as it was
            assertThat(after.withStats(withUnknown.stats())).isEqualTo(withUnknown);
            assertThat(after.stats().get("xtts_v2")).isEqualTo(withUnknown.stats().get("xtts_v2"));
            assertThat(store.stats("aria-extra").get("piper").totalGenerations()).isEqualTo(piper.totalGenerations());
            assertThat(store.globalStats().get("piper").totalGenerations()).isEqualTo(1);
            assertThat(store.personalityIds()).containsExactly("aria", "aria-extra");
        }
    }

    @Test
    void reservationsCommitRefundAndExpire() throws Exception {
        try (VoiceStore store = VoiceStore.builder().url(freshUrl()).reservationTimeToLive(Duration.ofMillis(300)).build()) {
            Optional<QuotaReservation> a = store.reserve("2026-11", "b", 60, 100);
            assertThat(a).isPresent();
            assertThat(store.reserve("2026-11", "b", 50, 100)).as("60 held + 50 > 100").isEmpty();
            assertThat(store.reserve("2026-11", "other", 50, 100)).as("buckets are separate").isPresent();
            store.refund(a.get());
            QuotaReservation b = store.reserve("2026-11", "b", 50, 100).orElseThrow();
            store.commit(b);
            assertThat(store.committed("2026-11", "b")).isEqualTo(50);
            assertThat(store.reserve("2026-11", "b", 40, 100)).isPresent(); // left to expire
            assertThat(store.used("2026-11", "b")).isEqualTo(90);
            Thread.sleep(400);
            assertThat(store.used("2026-11", "b")).as("the lapsed reservation no longer counts").isEqualTo(50);
            assertThat(store.reserve("2026-11", "b", 50, 100)).isPresent();
        }
    }

    @Test
    void migratingTwiceChangesNothingAndPersonalitiesCanBeDeleted() throws Exception {
        String url = freshUrl();
        try (VoiceStore first = VoiceStore.builder().url(url).build()) {
            first.savePersonality("a", VoiceConfig.singleProvider("piper"));
        }
        try (VoiceStore second = VoiceStore.builder().url(url).build()) {
            assertThat(second.personality("a")).contains(VoiceConfig.singleProvider("piper"));
            assertThat(second.deletePersonality("a")).isTrue();
            assertThat(second.deletePersonality("a")).isFalse();
            assertThat(second.personality("a")).isEmpty();
        }
    }

    private static JsonNode tree(String json) throws IOException {
        return new ObjectMapper().readTree(json);
    }

    static Map<String, ProviderUsage> usage(VoiceStore store, String id) {
        return store.stats(id);
    }
}
