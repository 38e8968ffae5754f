package io.voicerouter.router;

import io.voicerouter.router.internal.RequestRun;
import io.voicerouter.config.ProviderConfig;
import io.voicerouter.config.VoiceConfig;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.UnsupportedLanguageException;
import io.voicerouter.spi.ProviderHealth;
import io.voicerouter.spi.SettingSpec;
import io.voicerouter.testing.ToneProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.voicerouter.router.Configs.chain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouterRoutingTest {

    private static VoiceRouter router(ToneProvider... providers) {
        return VoiceRouter.builder().providers(List.of(providers)).statsFlushInterval(Duration.ZERO).build();
    }

    @Test
    void activeProviderSpeaksWhenHealthy() {
        ToneProvider piper = ToneProvider.of("piper");
        ToneProvider google = ToneProvider.of("google_tts");
        try (VoiceRouter r = router(piper, google)) {
            SpeechResult res = r.synthesize(SpeechRequest.of("Hello there", chain("piper", "google_tts")));
            assertThat(res.providerId()).isEqualTo("piper");
            assertThat(res.fellBack()).isFalse();
            assertThat(res.cached()).isFalse();
            assertThat(res.language()).isEqualTo("en");
            assertThat(res.attempts()).singleElement().isInstanceOfSatisfying(Attempt.Succeeded.class,
                    s -> assertThat(s.tries()).isEqualTo(1));
            assertThat(res.audio().frames()).isGreaterThan(0);
            assertThat(google.calls()).isZero();
        }
    }

    @Test
    void audioLengthFollowsTheText() {
        try (VoiceRouter r = router(ToneProvider.of("piper"))) {
            double shortLine = r.synthesize(SpeechRequest.of("Hi", VoiceConfig.singleProvider("piper")))
                    .audio().durationSeconds();
            double longLine = r.synthesize(SpeechRequest.of("A much longer line of speech", VoiceConfig.singleProvider("piper")))
                    .audio().durationSeconds();
            assertThat(longLine).isGreaterThan(shortLine);
        }
    }

    @Test
    void textLongerThanTheProvidersLimitIsSpokenInPiecesAndJoined() {
        ToneProvider google = ToneProvider.builder("google_tts").maxTextLength(40).build();
        String text = "The first sentence is here. The second one follows it. And a third closes the line.";
        try (VoiceRouter r = router(google)) {
            SpeechResult res = r.synthesize(SpeechRequest.of(text, chain("google_tts")));
            assertThat(google.calls()).isEqualTo(3);
            assertThat(res.attempts()).singleElement().isInstanceOf(Attempt.Succeeded.class);
            double whole = google.tone(io.voicerouter.spi.SynthesisRequest.of(text, "en",
                    ProviderConfig.enabledDefault().voice(), io.voicerouter.spi.Settings.empty())).durationSeconds();
            // Each piece adds the tone's 50 ms lead; the spoken part matches the whole text's.
            assertThat(res.audio().durationSeconds()).isCloseTo(whole + 2 * 0.05, org.assertj.core.api.Assertions.within(0.02));
            assertThat(r.stats().get("google_tts").totalCharacters()).isEqualTo(text.length());
        }
    }

    @Test
    void forcedProviderGoesFirstThenTheChainWithoutRepeats() {
        ToneProvider piper = ToneProvider.of("piper");
        ToneProvider xtts = ToneProvider.of("xtts_v2");
        try (VoiceRouter r = router(piper, xtts)) {
            VoiceConfig c = chain("piper", "xtts_v2", "piper");
            SpeechResult res = r.synthesize(SpeechRequest.builder("Hi", c).forceProvider("xtts_v2").build());
            assertThat(res.providerId()).isEqualTo("xtts_v2");
            assertThat(piper.calls()).isZero();
        }
        assertThat(RequestRun.order(SpeechRequest.builder("x", chain("a", "b", "a", "c", "b")).forceProvider("c").build()))
                .as("the forced provider replaces the active one; only the fallback chain follows")
                .containsExactly("c", "b", "a");
        assertThat(RequestRun.order(SpeechRequest.of("x", chain("a", "b", "a")))).containsExactly("a", "b");
    }

    @Test
    void missingActiveProviderDefaultsToPiper() {
        VoiceConfig c = chain("piper").withFallbackChain(List.of());
        VoiceConfig noActive = new VoiceConfig(java.util.Optional.empty(), c.providers(), List.of(),
                java.util.Optional.empty(), List.of(), Map.of(), Map.of());
        try (VoiceRouter r = router(ToneProvider.of("piper"))) {
            assertThat(r.synthesize(SpeechRequest.of("Hi", noActive)).providerId()).isEqualTo("piper");
        }
    }

    @Test
    void everySkipReasonIsVisibleInOrderAndTheFallbackSpeaks() {
        ToneProvider disabled = ToneProvider.of("styletts2");
        ToneProvider missingEntry = ToneProvider.of("ibm_watson");
        ToneProvider down = ToneProvider.of("xtts_v2");
        down.setHealth(ProviderHealth.down("CUDA out of memory"));
        ToneProvider noFrench = ToneProvider.builder("azure_tts").languages("en", "de").build();
        ToneProvider configNoFrench = ToneProvider.of("google_tts");
        ToneProvider piper = ToneProvider.builder("piper").languages("en", "fr").build();
        VoiceConfig c = chain("unknown_engine", "styletts2", "ibm_watson", "xtts_v2", "azure_tts", "google_tts", "piper")
                .withProvider("styletts2", ProviderConfig.enabledDefault().withEnabled(false))
                .withProvider("google_tts", Configs.withSupportedLanguages("en", "es"));
        c = Configs.without(c, "ibm_watson");
        try (VoiceRouter r = router(disabled, missingEntry, down, noFrench, configNoFrench, piper)) {
            SpeechResult res = r.synthesize(SpeechRequest.builder("Bonjour", c).language("fr-FR").build());
            assertThat(res.providerId()).isEqualTo("piper");
            assertThat(res.language()).isEqualTo("fr");
            assertThat(res.fellBack()).isTrue();
            assertThat(res.attempts()).extracting(Attempt::providerId).containsExactly(
                    "unknown_engine", "styletts2", "ibm_watson", "xtts_v2", "azure_tts", "google_tts", "piper");
            assertThat(res.attempts().subList(0, 6)).extracting(a -> ((Attempt.Skipped) a).reason()).containsExactly(
                    SkipReason.NOT_INSTALLED, SkipReason.DISABLED, SkipReason.DISABLED, SkipReason.UNAVAILABLE,
                    SkipReason.LANGUAGE_NOT_SUPPORTED_BY_PROVIDER, SkipReason.LANGUAGE_NOT_IN_CONFIG);
            assertThat(((Attempt.Skipped) res.attempts().get(3)).detail()).contains("CUDA out of memory");
            assertThat(res.attempts().get(6)).isInstanceOf(Attempt.Succeeded.class);
            assertThat(disabled.calls() + missingEntry.calls() + down.calls() + noFrench.calls()
                    + configNoFrench.calls()).isZero();
            assertThat(r.stats().get("styletts2").skips()).isEqualTo(1);
        }
    }

    @Test
    void personalityLanguagesRestrictEveryProvider() {
        VoiceConfig c = Configs.withLanguages(chain("piper"), "en", "en", "es");
        try (VoiceRouter r = router(ToneProvider.of("piper"))) {
            assertThat(r.synthesize(SpeechRequest.builder("Hola", c).language("es-MX").build()).providerId())
                    .isEqualTo("piper");
            assertThatThrownBy(() -> r.synthesize(SpeechRequest.builder("Hallo", c).language("de").build()))
                    .isInstanceOfSatisfying(AllProvidersFailedException.class, e ->
                            assertThat(e.attempts()).singleElement().isEqualTo(new Attempt.Skipped("piper",
                                    SkipReason.LANGUAGE_NOT_IN_CONFIG, "de is not in languages.supported")));
        }
    }

    @Test
    void regionalRequestMatchesBaseLanguageAndPrimaryLanguageIsTheDefault() {
        ToneProvider zh = ToneProvider.builder("xtts_v2").languages("zh", "ja").build();
        VoiceConfig c = Configs.withLanguages(chain("xtts_v2"), "ja");
        try (VoiceRouter r = router(zh)) {
            assertThat(r.synthesize(SpeechRequest.builder("你好", c).language("zh-TW").build()).language()).isEqualTo("zh-TW");
            assertThat(r.synthesize(SpeechRequest.of("こんにちは", c)).language()).isEqualTo("ja");
        }
    }

    @Test
    void malformedLanguageFailsBeforeAnyProvider() {
        ToneProvider piper = ToneProvider.of("piper");
        try (VoiceRouter r = router(piper)) {
            assertThatThrownBy(() -> r.synthesize(SpeechRequest.builder("Hi", chain("piper")).language("english!").build()))
                    .isInstanceOf(UnsupportedLanguageException.class).hasMessageContaining("english!");
            assertThatThrownBy(() -> r.synthesizeAsync(SpeechRequest.builder("Hi", chain("piper")).language("1").build()))
                    .isInstanceOf(UnsupportedLanguageException.class);
            assertThat(piper.calls()).isZero();
        }
    }

    @Test
    void invalidSettingFailsThatProviderAsBadInputAndFallsBack() {
        ToneProvider xtts = ToneProvider.builder("xtts_v2")
                .settings(SettingSpec.number("temperature", "sampling temperature", 0.1, 1.5, 0.75)).build();
        ToneProvider piper = ToneProvider.builder("piper")
                .settings(SettingSpec.number("speed", "speaking rate", 0.5, 2.0, 1.0)).build();
        VoiceConfig c = chain("xtts_v2", "piper")
                .withProvider("xtts_v2", ProviderConfig.enabledDefault().withSettings(Map.of("temperature", 9.0)))
                .withProvider("piper", ProviderConfig.enabledDefault().withSettings(Map.of("speed", 2.0)));
        try (VoiceRouter r = router(xtts, piper)) {
            SpeechResult res = r.synthesize(SpeechRequest.of("Hi", c));
            assertThat(res.providerId()).isEqualTo("piper");
            assertThat(res.attempts().get(0)).isInstanceOfSatisfying(Attempt.Failed.class, f -> {
                assertThat(f.kind()).isEqualTo(ErrorKind.BAD_INPUT);
                assertThat(f.message()).contains("temperature");
                assertThat(f.tries()).isZero();
            });
            assertThat(xtts.calls()).isZero();
            assertThat(piper.lastRequest().orElseThrow().settings().number("speed")).isEqualTo(2.0);
            assertThat(r.health().get("xtts_v2").attributes()).containsEntry("circuit", "closed");
        }
    }

    @Test
    void allFailedCarriesTheWholeTrace() {
        ToneProvider down = ToneProvider.of("piper");
        down.setHealth(ProviderHealth.down("voices_dir missing"));
        try (VoiceRouter r = router(down)) {
            VoiceConfig c = chain("piper", "google_tts", "styletts2");
            assertThatThrownBy(() -> r.synthesize(SpeechRequest.of("Hi", c)))
                    .isInstanceOfSatisfying(AllProvidersFailedException.class, e -> {
                        assertThat(e.attempts()).extracting(Attempt::providerId)
                                .containsExactly("piper", "google_tts", "styletts2");
                        assertThat(e.attempts()).extracting(a -> ((Attempt.Skipped) a).reason())
                                .containsExactly(SkipReason.UNAVAILABLE, SkipReason.NOT_INSTALLED, SkipReason.NOT_INSTALLED);
                        assertThat(e.getMessage()).contains("voices_dir missing").contains("google_tts skipped");
                    });
        }
    }

    /** Registered only through a throw-away class loader, so no other test sees this factory. */
    public static final class ToneFactory implements io.voicerouter.spi.TtsProviderFactory {
        @Override
        public String providerId() {
            return "tone_discovered";
        }

        @Override
        public io.voicerouter.spi.TtsProvider create(io.voicerouter.spi.ProviderContext context) {
            return ToneProvider.of(providerId());
        }
    }

    @Test
    void discoversProvidersThroughTheServiceLoader(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path services = dir.resolve("META-INF/services");
        java.nio.file.Files.createDirectories(services);
        java.nio.file.Files.writeString(services.resolve(io.voicerouter.spi.TtsProviderFactory.class.getName()),
                ToneFactory.class.getName() + "\n");
        Thread me = Thread.currentThread();
        ClassLoader previous = me.getContextClassLoader();
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[]{dir.toUri().toURL()},
                getClass().getClassLoader())) {
            me.setContextClassLoader(loader);
            try (VoiceRouter r = VoiceRouter.builder().discoverProviders(io.voicerouter.spi.ProviderContext.defaults())
                    .statsFlushInterval(Duration.ZERO).build()) {
                assertThat(r.providers()).extracting(p -> p.id()).contains("tone_discovered");
                assertThat(r.synthesize(SpeechRequest.of("Hi", chain("tone_discovered"))).providerId())
                        .isEqualTo("tone_discovered");
            }
        } finally {
            me.setContextClassLoader(previous);
        }
    }

    @Test
    void duplicateIdsAreRejected() {
        assertThatThrownBy(() -> router(ToneProvider.of("piper"), ToneProvider.of("piper")))
                .isInstanceOf(io.voicerouter.spi.DuplicateProviderException.class);
    }

    @Test
    void reportsInstalledProviders() {
        ToneProvider piper = ToneProvider.builder("piper").languages("en").build();
        try (VoiceRouter r = router(piper)) {
            assertThat(r.providers()).extracting(p -> p.id()).containsExactly("piper");
            assertThat(r.provider("piper")).containsSame(piper);
            assertThat(r.provider("nope")).isEmpty();
        }
    }
}
