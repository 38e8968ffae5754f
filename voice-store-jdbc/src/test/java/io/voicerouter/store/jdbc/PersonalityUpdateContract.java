package io.voicerouter.store.jdbc;

import io.voicerouter.config.ProviderUsage;
import io.voicerouter.config.VoiceConfig;
import io.voicerouter.config.VoiceSample;
import io.voicerouter.router.Attempt;
import io.voicerouter.state.FinishedRequest;
import io.voicerouter.testing.Concurrently;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Atomic read-modify-write of one personality and the conditional first admin key, on both databases.
 * Two {@link VoiceStore} instances on one database have separate connection pools and share nothing
 * but the database, as two processes would.
 */
interface PersonalityUpdateContract {
    /** A URL of an empty database for one test. */
    String freshUrl() throws Exception;

    @Test
    default void concurrentUpdatesFromManyThreadsAndTwoStoresLoseNothingAndKeepTheCounts() throws Exception {
        String url = freshUrl();
        int threads = 8;
        int each = 10;
        int requests = 40;
        try (VoiceStore a = VoiceStore.builder().url(url).build();
             VoiceStore b = VoiceStore.builder().url(url).build()) {
            assertThat(a.createPersonality("shared", VoiceConfig.singleProvider("piper"))).isTrue();
            AtomicInteger calls = new AtomicInteger();
            List<Callable<Void>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                VoiceStore store = t % 2 == 0 ? a : b;
                int thread = t;
                work.add(() -> {
                    for (int i = 0; i < each; i++) {
                        VoiceSample entry = sample("t" + thread + "-" + i);
                        Optional<VoiceConfig> written = store.updatePersonality("shared", c -> {
                            calls.incrementAndGet();
                            List<VoiceSample> samples = new ArrayList<>(c.voiceSamples());
                            samples.add(entry);
                            return c.withVoiceSamples(samples);
                        });
                        assertThat(written.orElseThrow().voiceSamples()).contains(entry);
                    }
                    return null;
                });
            }
            // Requests finishing meanwhile count in the same personality's stats rows.
            work.add(() -> {
                for (int i = 0; i < requests; i++) {
                    (i % 2 == 0 ? a : b).onFinished(finished("shared"));
                }
                return null;
            });
            Concurrently.call(Duration.ofSeconds(120), work);
            Set<String> expected = new HashSet<>();
            for (int t = 0; t < threads; t++) {
                for (int i = 0; i < each; i++) {
                    expected.add("t" + t + "-" + i);
                }
            }
            VoiceConfig end = b.personality("shared").orElseThrow();
            assertThat(end.voiceSamples()).extracting(VoiceSample::id)
                    .as("every appended entry, none lost, none twice").containsExactlyInAnyOrderElementsOf(expected);
            assertThat(calls.get()).as("a change may run again after a retry, never less than once")
                    .isGreaterThanOrEqualTo(threads * each);
            ProviderUsage counted = a.stats("shared").get("tone");
            assertThat(counted.totalGenerations()).as("no update reset the counters").isEqualTo(requests);
            assertThat(end.stats().get("tone")).as("and voice_config.stats matches them").isEqualTo(counted);
        }
    }

    @Test
    default void anUpdateWritesOnlyWhatChangedAndAThrowingChangeWritesNothing() throws Exception {
        try (VoiceStore store = VoiceStore.builder().url(freshUrl()).build()) {
            AtomicInteger calls = new AtomicInteger();
            assertThat(store.updatePersonality("nobody", c -> {
                calls.incrementAndGet();
                return c;
            })).isEmpty();
            assertThat(calls).as("nothing to change: not called").hasValue(0);
            assertThat(store.storedPersonality("nobody")).isEmpty();

            VoiceConfig piper = VoiceConfig.singleProvider("piper");
            store.savePersonality("p", piper);
            StoredPersonality first = store.storedPersonality("p").orElseThrow();
            assertThat(first.revision()).matches("[0-9a-f]{32}");
            assertThat(first.json()).isEqualTo(store.personalityJson("p").orElseThrow());

            assertThatThrownBy(() -> store.updatePersonality("p", c -> {
                throw new IllegalStateException("sample rejected");
            })).isInstanceOf(IllegalStateException.class).hasMessage("sample rejected");
            assertThat(store.storedPersonality("p")).as("rolled back").contains(first);

            assertThat(store.updateStoredPersonality("p", s -> s.config())).as("unchanged: not written").contains(first);

            StoredPersonality second = store.updateStoredPersonality("p", s -> {
                assertThat(s).isEqualTo(first);
                return s.config().withActiveProvider("espeak");
            }).orElseThrow();
            assertThat(second.revision()).isNotEqualTo(first.revision());
            assertThat(second.config().activeProvider()).hasValue("espeak");
            assertThat(store.storedPersonality("p")).contains(second);

            // The revision is of the content: the same text, the same revision.
            StoredPersonality back = store.updateStoredPersonality("p", s -> piper).orElseThrow();
            assertThat(back.revision()).isEqualTo(first.revision());

            // The change sees the store's counts; the stats it returns are ignored: the store counts.
            store.onFinished(finished("p"));
            StoredPersonality counted = store.storedPersonality("p").orElseThrow();
            assertThat(counted.revision()).as("speaking changes no revision").isEqualTo(back.revision());
            assertThat(store.updatePersonality("p", c -> {
                assertThat(c.stats().get("tone").totalGenerations()).isEqualTo(1);
                return c.withActiveProvider("espeak");
            }).orElseThrow().stats().get("tone").totalGenerations()).isEqualTo(1);
            assertThat(store.stats("p").get("tone").totalGenerations()).isEqualTo(1);
            ProviderUsage reset = new ProviderUsage(100, 1000, 50, 0, Optional.empty(), Map.of());
            StoredPersonality beforeReset = store.storedPersonality("p").orElseThrow();
            assertThat(store.updateStoredPersonality("p", s -> s.config().withStats(Map.of("tone", reset))))
                    .as("a change of stats alone writes nothing").contains(beforeReset);
            store.updatePersonality("p", c -> c.withStats(Map.of("tone", reset)).withActiveProvider("piper"));
            assertThat(store.stats("p").get("tone").totalGenerations()).as("an update's stats are ignored").isEqualTo(1);
        }
    }

    @Test
    default void ofManyFirstAdminKeysAddedAtOnceFromTwoStoresExactlyOneIsStored() throws Exception {
        String url = freshUrl();
        try (VoiceStore a = VoiceStore.builder().url(url).build();
             VoiceStore b = VoiceStore.builder().url(url).build()) {
            // A key of another scope does not count.
            assertThat(a.addApiKeyIfNoneHasScope(key("speaker", "speak"), "speak")).isTrue();
            int n = 8;
            List<Callable<Boolean>> adds = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                VoiceStore store = i % 2 == 0 ? a : b;
                StoredApiKey k = key("admin" + i, "admin", "speak");
                adds.add(() -> store.addApiKeyIfNoneHasScope(k, "admin"));
            }
            assertThat(Concurrently.call(Duration.ofSeconds(60), adds)).filteredOn(added -> added).hasSize(1);
            assertThat(b.apiKeys()).filteredOn(k -> k.scopes().contains("admin")).hasSize(1);
            assertThat(b.apiKeys()).hasSize(2);
        }
    }

    private static StoredApiKey key(String id, String... scopes) {
        byte[] d;
        try {
            d = java.security.MessageDigest.getInstance("SHA-256").digest(id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return new StoredApiKey(id, id, java.util.HexFormat.of().formatHex(d), Set.of(scopes), Instant.now());
    }

    private static VoiceSample sample(String id) {
        return new VoiceSample(id, "file:///samples/" + id + ".wav", Optional.of(3.0), Optional.of("en"),
                Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
    }

    private static FinishedRequest finished(String personality) {
        return new FinishedRequest(Optional.of(personality), 12, "en",
                List.of(new Attempt.Succeeded("tone", Duration.ofMillis(5), false, 1, List.of())),
                Duration.ofMillis(5), Instant.now());
    }
}
