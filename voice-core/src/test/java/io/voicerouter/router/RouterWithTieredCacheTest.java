package io.voicerouter.router;

import io.voicerouter.cache.TieredSynthesisCache;
import io.voicerouter.config.VoiceConfig;
import io.voicerouter.spi.SettingSpec;
import io.voicerouter.testing.BlockingProvider;
import io.voicerouter.testing.ToneProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;

/** The router together with the real tiered cache: what a host gets from the builder. */
class RouterWithTieredCacheTest {

    private static final Map<String, Object> BASE = Map.of("speed", 1.0, "pitch", 0.0, "style", "calm");

    private static ToneProvider tone() {
        return ToneProvider.builder("tone").languages("en").settings(
                SettingSpec.number("speed", "rate", 0.5, 2.0, 1.0),
                SettingSpec.number("pitch", "semitones", -12, 12, 0),
                SettingSpec.text("style", "style", "")).build();
    }

    private static VoiceConfig config(Map<String, Object> settings) {
        VoiceConfig c = VoiceConfig.singleProvider("tone");
        return c.withProvider("tone", c.providers().get("tone").withSettings(settings));
    }

    @Test
    void changingAnyOneSettingMissesTheCache() {
        ToneProvider tone = tone();
        try (VoiceRouter router = VoiceRouter.builder().providers(List.of(tone))
                .cache(TieredSynthesisCache.builder().maximumMemoryBytes(16L << 20).build()).build()) {
            router.initialize();
            assertThat(router.synthesize(SpeechRequest.of("Hello there.", config(BASE))).cached()).isFalse();
            assertThat(router.synthesize(SpeechRequest.of("Hello there.", config(BASE))).cached()).isTrue();
            assertThat(tone.calls()).isEqualTo(1);

            List<Map<String, Object>> variants = List.of(
                    with("speed", 1.25), with("pitch", 2.0), with("style", "cheerful"), with("extra_knob", 3));
            int expectedCalls = 1;
            for (Map<String, Object> variant : variants) {
                SpeechResult result = router.synthesize(SpeechRequest.of("Hello there.", config(variant)));
                expectedCalls++;
                assertThat(result.cached()).as("changed %s", variant).isFalse();
                assertThat(tone.calls()).isEqualTo(expectedCalls);
            }
            assertThat(router.synthesize(SpeechRequest.of("Hello  there. ", config(BASE))).cached())
                    .as("same text after white-space normalization").isTrue();
            assertThat(router.synthesize(SpeechRequest.builder("Hello there.", config(BASE)).language("en-US").build())
                    .cached()).as("en-US normalizes to en").isTrue();
        }
    }

    @Test
    void tenIdenticalConcurrentRequestsRunOneSynthesis() throws Exception {
        ToneProvider tone = tone();
        BlockingProvider held = BlockingProvider.holdingSynthesis(tone);
        try (VoiceRouter router = VoiceRouter.builder().providers(List.of(held))
                .cache(TieredSynthesisCache.builder().maximumMemoryBytes(16L << 20).build()).build()) {
            router.initialize();
            ConcurrentLinkedQueue<SpeechResult> results = new ConcurrentLinkedQueue<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                Thread t = new Thread(() -> results.add(router.synthesize(SpeechRequest.of("Same line.", config(BASE)))));
                threads.add(t);
                t.start();
            }
            assertThat(held.awaitStarted(1, Duration.ofSeconds(30))).isTrue();
            awaitAllParked(threads);
            held.release();
            for (Thread t : threads) {
                t.join(30_000);
            }
            assertThat(results).hasSize(10);
            assertThat(tone.calls()).as("one synthesis for ten requests").isEqualTo(1);
            assertThat(results.stream().filter(r -> !r.cached()).count()).isEqualTo(1);
            SpeechResult first = results.peek();
            assertThat(results).allSatisfy(r -> assertThat(r.audio()).isEqualTo(first.audio()));
        }
    }

    private static Map<String, Object> with(String key, Object value) {
        Map<String, Object> m = new HashMap<>(BASE);
        m.put(key, value);
        return m;
    }

    /** Every request thread is parked: one inside the held synthesis, nine waiting for its result. */
    private static void awaitAllParked(List<Thread> threads) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING
                    || t.getState() == Thread.State.TIMED_WAITING)) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("request threads never all waited");
    }
}
