package io.voicerouter.router;

import io.voicerouter.router.internal.Loudness;
import io.voicerouter.cache.CacheKey;
import io.voicerouter.config.ProviderConfig;
import io.voicerouter.config.VoiceConfig;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.spi.SettingSpec;
import io.voicerouter.stats.ProviderStatsSnapshot;
import io.voicerouter.testing.MutableClock;
import io.voicerouter.testing.ScriptedProvider;
import io.voicerouter.testing.ToneProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.voicerouter.router.Configs.chain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RouterCacheAndLoudnessTest {
    private final MapCache cache = new MapCache();

    @Test
    void secondIdenticalRequestIsACacheHit() {
        ToneProvider piper = ToneProvider.of("piper");
        try (VoiceRouter r = VoiceRouter.builder().providers(List.of(piper)).cache(cache)
                .statsFlushInterval(Duration.ZERO).build()) {
            SpeechResult first = r.synthesize(SpeechRequest.of("Hello there", chain("piper")));
            SpeechResult second = r.synthesize(SpeechRequest.of("  Hello   there", chain("piper")));
            assertThat(first.cached()).isFalse();
            assertThat(second.cached()).isTrue();
            assertThat(second.attempts()).singleElement().isEqualTo(
                    new Attempt.Succeeded("piper", second.attempts().get(0).elapsed(), true, 0));
            assertThat(second.audio()).isEqualTo(first.audio());
            assertThat(piper.calls()).isEqualTo(1);
            ProviderStatsSnapshot s = r.stats().get("piper");
            assertThat(s.requests()).isEqualTo(2);
            assertThat(s.successes()).isEqualTo(2);
            assertThat(s.cacheHits()).isEqualTo(1);
            assertThat(s.cacheMisses()).isEqualTo(1);
            assertThat(s.totalCharacters()).as("only real syntheses count characters").isEqualTo(11);
        }
    }

    @Test
    void cacheKeyCarriesEverythingThatChangesTheAudio() {
        ToneProvider xtts = ToneProvider.builder("xtts_v2").modelIdentity("sha256:abc").sampleRate(24000)
                .settings(SettingSpec.number("temperature", "t", 0.1, 1.5, 0.75),
                        SettingSpec.integer("seed", "sampling seed", 0, 1 << 30, 0)).build();
        VoiceConfig base = chain("xtts_v2");
        VoiceConfig hot = base.withProvider("xtts_v2", ProviderConfig.enabledDefault()
                .withVoiceId("narrator").withSettings(Map.of("temperature", 1.2, "seed", 42)));
        try (VoiceRouter r = VoiceRouter.builder().providers(List.of(xtts)).cache(cache)
                .statsFlushInterval(Duration.ZERO).build()) {
            r.synthesize(SpeechRequest.builder("Hola", base).language("es").build());
            r.synthesize(SpeechRequest.builder("Hola", hot).language("es").build());
            assertThat(xtts.calls()).isEqualTo(2);
            assertThat(cache.entries.keySet()).extracting(CacheKey::seed).containsExactlyInAnyOrder(0L, 42L);
            CacheKey k = cache.entries.keySet().stream().filter(c -> c.seed() == 42).findFirst().orElseThrow();
            assertThat(k.text()).isEqualTo("Hola");
            assertThat(k.language()).isEqualTo("es");
            assertThat(k.providerId()).isEqualTo("xtts_v2");
            assertThat(k.modelIdentity()).isEqualTo("sha256:abc");
            assertThat(k.voiceIdentity()).startsWith("narrator|");
            assertThat(k.outputFormat()).isEqualTo("pcm_f32@24000");
            assertThat(k.settings()).containsEntry("temperature", 1.2).containsEntry("seed", 42L);
        }
    }

    @Test
    void cachedLineIsServedWhileTheProviderCoolsDown() {
        MutableClock clock = MutableClock.at("2026-11-25T12:00:00Z");
        ScriptedProvider xtts = ScriptedProvider.of(ToneProvider.of("xtts_v2")).thenSucceed()
                .otherwise(ErrorKind.SERVER_ERROR);
        try (VoiceRouter r = VoiceRouter.builder().providers(List.of(xtts, ToneProvider.of("piper"))).cache(cache)
                .clock(clock).resilience(Configs.fastPolicy().maxRetries(0).build())
                .statsFlushInterval(Duration.ZERO).build()) {
            VoiceConfig c = chain("xtts_v2", "piper");
            r.synthesize(SpeechRequest.of("Cached line", c));
            assertThat(r.synthesize(SpeechRequest.of("New line", c)).providerId()).isEqualTo("piper");
            SpeechResult res = r.synthesize(SpeechRequest.of("Cached line", c));
            assertThat(res.providerId()).isEqualTo("xtts_v2");
            assertThat(res.cached()).isTrue();
            assertThat(r.health().get("xtts_v2").attributes()).containsEntry("circuit", "open");
        }
    }

    @Test
    void loudnessLevellingEvensOutAFallbackToALouderEngine() {
        ToneProvider quiet = ToneProvider.builder("xtts_v2").amplitude(0.05).build();
        ToneProvider loud = ToneProvider.builder("piper").amplitude(0.8).build();
        VoiceConfig c = chain("xtts_v2", "piper");
        try (VoiceRouter r = VoiceRouter.builder().providers(List.of(quiet, loud)).loudnessLevelling(-20)
                .statsFlushInterval(Duration.ZERO).build()) {
            double a = Loudness.dbfs(r.synthesize(SpeechRequest.of("Hello there", c)).audio().rms());
            double b = Loudness.dbfs(r.synthesize(SpeechRequest.builder("Hello there", c).forceProvider("piper")
                    .build()).audio().rms());
            assertThat(a).isCloseTo(-20, within(0.5));
            assertThat(b).isCloseTo(-20, within(0.5));
        }
        try (VoiceRouter r = VoiceRouter.builder().providers(List.of(ToneProvider.builder("xtts_v2").amplitude(0.05).build(),
                ToneProvider.builder("piper").amplitude(0.8).build())).statsFlushInterval(Duration.ZERO).build()) {
            double a = Loudness.dbfs(r.synthesize(SpeechRequest.of("Hello there", c)).audio().rms());
            double b = Loudness.dbfs(r.synthesize(SpeechRequest.builder("Hello there", c).forceProvider("piper")
                    .build()).audio().rms());
            assertThat(b - a).as("without levelling the engines differ by ~24 dB").isGreaterThan(20);
        }
    }

    @Test
    void levellingNeverClipsAndLeavesSilenceAlone() {
        ToneProvider p = ToneProvider.builder("piper").amplitude(0.3).build();
        io.voicerouter.audio.AudioData tone = p.tone(io.voicerouter.spi.SynthesisRequest.of("Hello", "en",
                ProviderConfig.enabledDefault().voice(), io.voicerouter.spi.Settings.empty()));
        io.voicerouter.audio.AudioData levelled = Loudness.level(tone, -1);
        assertThat(levelled.peak()).isLessThanOrEqualTo(0.99);
        assertThat(levelled.rms()).isGreaterThan(tone.rms());
        io.voicerouter.audio.AudioData silence = io.voicerouter.audio.AudioData.silence(Duration.ofMillis(100), 16000, 1);
        assertThat(Loudness.level(silence, -20)).isSameAs(silence);
    }
}
