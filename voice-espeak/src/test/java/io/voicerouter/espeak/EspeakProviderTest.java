package io.voicerouter.espeak;

import io.voicerouter.audio.AudioData;
import io.voicerouter.config.ProviderConfig;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.ProviderHealth;
import io.voicerouter.spi.ProviderKind;
import io.voicerouter.spi.ProviderLoader;
import io.voicerouter.spi.Settings;
import io.voicerouter.spi.SynthesisOutput;
import io.voicerouter.spi.SynthesisRequest;
import io.voicerouter.spi.TtsProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class EspeakProviderTest {
    private static EspeakProvider provider;

    @BeforeAll
    static void start() {
        assumeTrue(EspeakTestSupport.libraryAvailable(), "libespeak-ng is not installed");
        provider = new EspeakProvider(ProviderContext.defaults());
        provider.initialize();
    }

    @AfterAll
    static void stop() {
        if (provider != null) {
            provider.close();
        }
    }

    private static SynthesisRequest request(String text, String language, Map<String, Object> settings) {
        return SynthesisRequest.of(text, language, ProviderConfig.enabledDefault().voice(),
                Settings.resolve(provider.capabilities().settings(), settings));
    }

    private static void assertSpeech(AudioData audio) {
        assertThat(audio.sampleRate()).isEqualTo(22050);
        assertThat(audio.channels()).isEqualTo(1);
        assertThat(audio.durationSeconds()).isBetween(0.3, 10.0);
        assertThat(audio.rms()).isGreaterThan(0.01);
        assertThat(audio.peak()).isLessThanOrEqualTo(1.0);
    }

    @Test
    void speaksEnglish() {
        SynthesisOutput out = provider.synthesize(request("Hello there! I have 42 apples, do you?", "en", Map.of()));
        assertSpeech(out.audio());
        assertThat(out.metadata()).containsEntry("device", "cpu").containsKey("voice").containsKey("model");
    }

    @Test
    void speaksGermanWithTheGermanVoice() {
        SynthesisOutput out = provider.synthesize(request("Guten Morgen, wie geht es dir heute?", "de-DE", Map.of()));
        assertSpeech(out.audio());
        assertThat(out.metadata().get("voice")).isEqualTo("de");
    }

    @Test
    void fasterRateMakesShorterAudio() {
        String text = "The quick brown fox jumps over the lazy dog, and then it runs away into the forest.";
        double slow = provider.synthesize(request(text, "en", Map.of("rate", 120))).audio().durationSeconds();
        double fast = provider.synthesize(request(text, "en", Map.of("rate", 350))).audio().durationSeconds();
        assertThat(fast).isLessThan(slow * 0.7);
    }

    @Test
    void explicitVoiceSettingWins() {
        SynthesisOutput out = provider.synthesize(request("Bonjour tout le monde.", "fr", Map.of("voice", "fr-fr+f3")));
        assertSpeech(out.audio());
        assertThat(out.metadata().get("voice")).isEqualTo("fr-fr+f3");
    }

    @Test
    void voiceIdFromTheConfigIsUsedWhenNoSettingSaysOtherwise() {
        SynthesisRequest r = SynthesisRequest.of("Hello.", "en", ProviderConfig.enabledDefault().withVoiceId("en-us").voice(),
                Settings.resolve(provider.capabilities().settings(), Map.of()));
        assertThat(provider.voiceIdentity(r)).isEqualTo("en-us");
        assertThat(provider.synthesize(r).metadata().get("voice")).isEqualTo("en-us");
    }

    @Test
    void listsManyLanguages() {
        assertThat(provider.capabilities().languages()).hasSizeGreaterThanOrEqualTo(50)
                .contains("en", "de", "fr", "es", "zh", "ru", "ar", "hi", "ja");
        assertThat(provider.capabilities().kind()).isEqualTo(ProviderKind.LOCAL);
        assertThat(provider.capabilities().displayName()).isEqualTo("eSpeak NG");
        assertThat(provider.capabilities().sampleRate()).isEqualTo(22050);
        assertThat(provider.capabilities().settings()).extracting(s -> s.name())
                .containsExactly("voice", "rate", "pitch", "volume", "word_gap");
    }

    @Test
    void chineseRegionsPickMandarinOrCantonese() {
        assertThat(provider.voiceIdentity(request("你好", "zh-CN", Map.of()))).isEqualTo("cmn");
        assertThat(provider.voiceIdentity(request("你好", "zh-HK", Map.of()))).isEqualTo("yue");
    }

    @Test
    void badVoiceIsBadInput() {
        assertThatThrownBy(() -> provider.synthesize(request("Hello.", "en", Map.of("voice", "no-such-voice"))))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.BAD_INPUT);
                    assertThat(e.getMessage()).contains("no-such-voice");
                });
        // The engine is fine afterwards.
        assertSpeech(provider.synthesize(request("Still here.", "en", Map.of())).audio());
    }

    @Test
    void unknownLanguageIsUnsupported() {
        assertThatThrownBy(() -> provider.synthesize(request("Hello.", "tlh", Map.of())))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNSUPPORTED_LANGUAGE));
    }

    @Test
    void blankTextIsBadInput() {
        assertThatThrownBy(() -> provider.synthesize(request("  ", "en", Map.of())))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_INPUT));
    }

    @Test
    void passedDeadlineIsATimeout() {
        SynthesisRequest r = new SynthesisRequest("Hello.", "en", ProviderConfig.enabledDefault().voice(),
                Settings.resolve(provider.capabilities().settings(), Map.of()), Instant.now().minusSeconds(1));
        assertThatThrownBy(() -> provider.synthesize(r))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT));
    }

    @Test
    void streamsLongTextInSeveralChunksThatAddUpToTheResult() {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 12; i++) {
            text.append("This is sentence number ").append(i).append(", and it is spoken on its own. ");
        }
        List<AudioData> chunks = new ArrayList<>();
        SynthesisOutput out = provider.synthesizeStreaming(request(text.toString(), "en", Map.of("rate", 450)), chunks::add);
        assertThat(chunks).hasSizeGreaterThan(1);
        AudioData joined = chunks.get(0);
        for (int i = 1; i < chunks.size(); i++) {
            joined = joined.concat(chunks.get(i));
        }
        assertThat(joined).isEqualTo(out.audio());
    }

    @Test
    void speakingAndPhonemizingFromManyThreadsDoNotDisturbEachOther() throws Exception {
        EspeakPhonemizer phonemizer = EspeakPhonemizer.load();
        String text = "Wie geht es dir? Gut, danke! Ich habe 42 Äpfel.";
        List<String> phonemes = phonemizer.phonemize(text, "de");
        AudioData speech = provider.synthesize(request("Hello there, how are you today?", "en", Map.of())).audio();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                boolean speaker = t % 2 == 0;
                results.add(pool.submit(() -> {
                    start.await();
                    boolean same = true;
                    for (int i = 0; i < 6; i++) {
                        if (speaker) {
                            // espeak adds random noise to voicing and carries a little state from one
                            // utterance to the next, so samples and the last few milliseconds differ run
                            // to run. A wrong voice or rate leaking in from another thread would change
                            // the length by far more than 5 %.
                            AudioData again = provider.synthesize(request("Hello there, how are you today?", "en",
                                    Map.of())).audio();
                            same &= Math.abs(again.frames() - speech.frames()) < speech.frames() * 0.05
                                    && again.rms() > 0.01;
                        } else {
                            List<String> got = phonemizer.phonemize(text, "de");
                            same &= got.equals(phonemes);
                        }
                    }
                    return same;
                }));
            }
            start.countDown();
            for (java.util.concurrent.Future<Boolean> r : results) {
                assertThat(r.get(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void healthIsUpWithEngineFacts() {
        ProviderHealth h = provider.health();
        assertThat(h.status()).isEqualTo(ProviderHealth.Status.UP);
        assertThat(h.attributes()).containsKey("espeak_version").containsEntry("device", "cpu");
    }

    @Test
    void missingLibraryMakesInitializeFailAsMisconfiguredNamingThePackage() {
        // The real loading path, pointed at a library name that does not exist.
        EspeakProvider missing = new EspeakProvider(() -> {
            EspeakLoader.openLibrary(List.of("espeak-ng-not-installed-here"));
            throw new AssertionError("unreachable");
        });
        assertThat(missing.health().status()).isEqualTo(ProviderHealth.Status.NOT_INITIALIZED);
        assertThatThrownBy(missing::initialize).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.MISCONFIGURED);
            assertThat(e.getMessage()).contains("libespeak-ng1");
        });
        assertThat(missing.health().status()).isEqualTo(ProviderHealth.Status.DOWN);
        assertThat(missing.health().detail()).contains("libespeak-ng1");
        assertThatThrownBy(() -> missing.synthesize(SynthesisRequest.of("Hi.", "en", ProviderConfig.enabledDefault().voice(),
                Settings.empty()))).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.MISCONFIGURED));
    }

    @Test
    void factoryIsFoundByServiceLoader() {
        assertThat(ProviderLoader.factories()).containsKey("espeak");
        TtsProvider created = ProviderLoader.factories().get("espeak").create(ProviderContext.defaults());
        assertThat(created).isInstanceOf(EspeakProvider.class);
        assertThat(created.id()).isEqualTo("espeak");
    }
}
