package io.voicerouter.cache.redis;

import io.voicerouter.cache.TieredSynthesisCache;
import io.voicerouter.config.VoiceConfig;
import io.voicerouter.router.Attempt;
import io.voicerouter.router.SpeechRequest;
import io.voicerouter.router.SpeechResult;
import io.voicerouter.router.VoiceRouter;
import io.voicerouter.testing.ChildJvm;
import io.voicerouter.testing.LocalServers;
import io.voicerouter.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Two or more instances (routers with their own caches and engines) sharing a real Redis server. */
class RedisSynthesisCacheTest {
    private static final VoiceConfig PIPER = VoiceConfig.singleProvider("piper");
    private static RedisServer server;

    @TempDir
    Path temp;

    @BeforeAll
    static void start() throws Exception {
        server = RedisServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** One instance: its own engine, memory tier, Redis connection pool and router. */
    private static final class Instance implements AutoCloseable {
        final SlowTone tone;
        final RedisSynthesisCache cache;
        final VoiceRouter router;

        Instance(String url, long delayMs, String prefix) {
            this(RedisSynthesisCache.builder().url(url).keyPrefix(prefix), delayMs);
        }

        Instance(RedisSynthesisCache.Builder b, long delayMs) {
            tone = new SlowTone(delayMs);
            cache = b.front(TieredSynthesisCache.builder().build()).build();
            router = VoiceRouter.builder().providers(List.of(tone)).cache(cache).build();
            router.initialize();
        }

        SpeechResult say(String text) {
            return router.synthesize(SpeechRequest.of(text, PIPER));
        }

        @Override
        public void close() {
            router.close();
            cache.close();
        }
    }

    @Test
    void audioMadeInAnotherJvmIsAHitHere() throws Exception {
        try (ChildJvm a = ChildJvm.start(RedisWorker.class, temp.resolve("a.err"), server.url(), "Made on A.", "0");
             Instance b = new Instance(server.url(), 0, "voicerouter:")) {
            assertThat(a.awaitLine("RESULT", 60)).startsWith("RESULT cached=false calls=1");
            assertThat(a.await(60)).isZero();
            SpeechResult r = b.say("Made on A.");
            assertThat(r.cached()).as("B found A's audio in Redis").isTrue();
            assertThat(b.tone.calls()).isZero();
            assertThat(b.cache.stats().hits()).isEqualTo(1);
            assertThat(a.lines().get(a.lines().size() - 1)).endsWith("samples=" + r.audio().sampleCount());
        }
    }

    @Test
    void aLineAnotherJvmIsStillMakingIsWaitedForNotMadeTwice() throws Exception {
        try (ChildJvm a = ChildJvm.start(RedisWorker.class, temp.resolve("a2.err"), server.url(), "Slow line.", "1500");
             Instance b = new Instance(server.url(), 0, "voicerouter:")) {
            a.awaitLine("SYNTHESIZING", 60); // A holds the line's lock and is working
            SpeechResult r = b.say("Slow line.");
            assertThat(r.cached()).isTrue();
            assertThat(b.tone.calls()).as("B waited for A instead of synthesizing").isZero();
            assertThat(b.cache.stats().sharedWaits()).isEqualTo(1);
            assertThat(a.awaitLine("RESULT", 60)).startsWith("RESULT cached=false calls=1");
        }
    }

    @Test
    void manyRequestsOnTwoInstancesAtOnceMakeOneSynthesis() throws Exception {
        try (Instance a = new Instance(server.url(), 300, "flight:"); Instance b = new Instance(server.url(), 300, "flight:")) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<SpeechResult>> all = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    Instance on = i % 2 == 0 ? a : b;
                    all.add(pool.submit(() -> {
                        go.await();
                        return on.say("Everyone at once.");
                    }));
                }
                go.countDown();
                int uncached = 0;
                for (Future<SpeechResult> f : all) {
                    uncached += f.get().cached() ? 0 : 1;
                }
                assertThat(a.tone.calls() + b.tone.calls()).as("one synthesis across both instances").isEqualTo(1);
                assertThat(uncached).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void withRedisDownTheRequestStillSpeaksAndTheTraceSaysTheTierWasSkipped() throws Exception {
        RedisServer doomed = RedisServer.start();
        try (Instance a = new Instance(RedisSynthesisCache.builder().url(doomed.url()).retryAfter(Duration.ofSeconds(30)), 0)) {
            assertThat(a.say("Before the crash.").cached()).isFalse();
            doomed.stop();
            SpeechResult r = a.say("After the crash.");
            assertThat(r.audio().sampleCount()).isPositive();
            Attempt.Succeeded s = (Attempt.Succeeded) r.attempts().get(0);
            assertThat(s.notes()).singleElement().asString().startsWith("cache tier redis skipped:");
            SpeechResult again = a.say("Still down.");
            assertThat(((Attempt.Succeeded) again.attempts().get(0)).notes()).singleElement().asString()
                    .contains("unavailable");
            assertThat(a.say("Before the crash.").cached()).as("the memory tier in front still works").isTrue();
            assertThat(a.cache.stats().skipped()).isEqualTo(1);
        } finally {
            doomed.close();
        }
        int never = LocalServers.freePort();
        try (Instance c = new Instance("redis://127.0.0.1:" + never, 0, "x:")) {
            SpeechResult r = c.say("Nobody listens there.");
            assertThat(((Attempt.Succeeded) r.attempts().get(0)).notes()).singleElement().asString()
                    .startsWith("cache tier redis skipped:");
        }
    }

    @Test
    void entriesExpireAfterTheirTimeToLiveAndLargeClipsStayLocal() throws Exception {
        try (Instance a = new Instance(RedisSynthesisCache.builder().url(server.url()).keyPrefix("ttl:")
                .timeToLive(Duration.ofMillis(300)).maximumEntryBytes(40_000), 0);
             Instance b = new Instance(RedisSynthesisCache.builder().url(server.url()).keyPrefix("ttl:"), 0)) {
            a.say("Short.");
            Thread.sleep(600);
            assertThat(b.say("Short.").cached()).as("expired in Redis").isFalse();
            // 0.01 s a character at 16 kHz: 400 characters are ~260 kB of float samples
            String longLine = "A long line. ".repeat(31);
            SpeechResult big = a.say(longLine);
            assertThat(((Attempt.Succeeded) big.attempts().get(0)).notes()).singleElement().asString()
                    .contains("entry limit");
            assertThat(b.say(longLine).cached()).isFalse();
        }
    }

    @Test
    void anUnreadableEntryIsDroppedAndTheLineMadeAgain() throws Exception {
        try (Instance a = new Instance(server.url(), 0, "bad:"); Instance b = new Instance(server.url(), 0, "bad:");
             redis.clients.jedis.JedisPooled raw = new redis.clients.jedis.JedisPooled(
                     java.net.URI.create(server.url()))) {
            a.say("Soon damaged.");
            java.util.Set<String> keys = raw.keys("bad:audio:*");
            assertThat(keys).hasSize(1);
            raw.set(keys.iterator().next(), "not audio");
            SpeechResult r = b.say("Soon damaged.");
            assertThat(r.cached()).isFalse();
            assertThat(b.tone.calls()).isEqualTo(1);
            assertThat(r.audio().sampleCount()).isPositive();
        }
    }

    @Test
    void aServerBoundedByMaxmemoryEvictsOldEntries() throws Exception {
        // Which key allkeys-lru evicts is not exact: Redis compares idle times on a clock of one
        // second and samples a few keys, so 40 lines written within a second are equally old to it.
        // What is certain, and what a host relies on: writes keep succeeding, entries go, the
        // newest line stays, and an evicted line is simply made again.
        RedisServer small = RedisServer.start("--maxmemory", "2mb", "--maxmemory-policy", "allkeys-lru");
        try (Instance a = new Instance(small.url(), 0, "lru:"); Instance b = new Instance(small.url(), 0, "lru:");
             redis.clients.jedis.JedisPooled raw = new redis.clients.jedis.JedisPooled(
                     java.net.URI.create(small.url()))) {
            int lines = 40;
            for (int i = 0; i < lines; i++) {
                assertThat(a.say("Line number " + i + " of a long enough text to weigh about a hundred kilobytes in floats.")
                        .cached()).isFalse();
            }
            assertThat(raw.keys("lru:audio:*").size()).as("entries were evicted at maxmemory").isLessThan(lines);
            assertThat(b.say("Line number 39 of a long enough text to weigh about a hundred kilobytes in floats.")
                    .cached()).as("the newest entry is kept").isTrue();
            int made = 0;
            for (int i = 0; i < lines; i++) {
                SpeechResult r = b.say("Line number " + i + " of a long enough text to weigh about a hundred kilobytes in floats.");
                assertThat(r.audio().sampleCount()).isPositive();
                made += r.cached() ? 0 : 1;
            }
            assertThat(made).as("evicted lines are made again").isPositive().isEqualTo(b.tone.calls());
        } finally {
            small.close();
        }
    }
}
