package io.voicerouter.fuzz;

import io.voicerouter.cache.TieredSynthesisCache;
import io.voicerouter.config.LanguagePreferences;
import io.voicerouter.config.VoiceConfig;
import io.voicerouter.espeak.EspeakProviderFactory;
import io.voicerouter.router.InitOutcome;
import io.voicerouter.router.SpeechRequest;
import io.voicerouter.router.SpeechResult;
import io.voicerouter.router.VoiceRouter;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.stats.JsonFileStatsStore;
import io.voicerouter.stats.ProviderStatsSnapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Texts an attacker or a careless host could send, through the real router and the real espeak-ng
 * provider (with a disk cache and a stats file): surrogates, combining marks, right-to-left and
 * bidi controls, zero-width and control characters, markup and SSML, every script, and sizes up to
 * and past the router's limit. Each ends in speech or a VoiceException, in bounded time.
 */
class TextFuzzTest {
    private static final long SEED = 20261206L;
    private static final int CASES = 300;

    private static final String[] PIECES = {
            "Hello world.", "Wie geht's?", "¿Qué tal?", "مرحبا بالعالم", "שלום עולם", "你好，世界。", "こんにちは",
            "สวัสดีครับ", "Привет", "नमस्ते", "Γειά σου", "안녕하세요",
            // surrogates: lone, reversed, valid astral, emoji sequences
            "\uD800", "\uDC00", "\uDC00\uD800", "\uD83D\uDE00", "\uD83D\uDC69\u200D\uD83D\uDC69\u200D\uD83D\uDC67",
            "\uD83C\uDFF3\uFE0F\u200D\uD83C\uDF08", "\uD835\uDD4F", "\uDBFF\uDFFF",
            // combining marks, zero-width, soft hyphen, bidi controls
            "e\u0301", "a" + "\u0301".repeat(300), "\u200B", "\u200C\u200D", "\uFEFF", "\u2060", "\u00AD",
            "\u202E", "\u202Dabc\u202C", "\u2066\u2067\u2068\u2069", "\u200E\u200F", "\u061C",
            // control characters and line separators
            "\u0000", "\u0007", "\u001B[31m", "\r\n", "\t", "\u0085", "\u2028", "\u2029", "\u007F", "\u009F",
            // noncharacters, replacement, private use
            "\uFFFE", "\uFFFF", "\uFFFD", "\uE000",
            // markup, SSML and templating
            "<speak>hi</speak>", "<break time=\"100000s\"/>", "<prosody rate=\"x-fast\" pitch=\"+1000%\">loud</prosody>",
            "&amp;&lt;&#0;&#xD800;&#1114112;", "<![CDATA[ ]]>", "<?xml version=\"1.0\"?>",
            "<!DOCTYPE x [<!ENTITY a \"aaaa\">]>&a;", "</speak>", "<audio src=\"file:///etc/passwd\"/>",
            "<say-as interpret-as=\"characters\">ABC</say-as>", "[[pause]]", "{{name}}", "%s%n%x", "\\", "\"", "'",
            // numbers and things espeak expands
            "1234567890", "3.14159", "-0", "1e400", "18446744073709551666", "$1,000,000.00", "12:30", "2026-12-06",
            "+1 (555) 123-4567", "http://127.0.0.1/x?y=z", "user@example.com",
            // punctuation and spaces
            "...", "!!!", "?!?!", "\u2014", "\u2026", "\u3002", "\u061F", ",,,,", " ", "   ", "\u3000", "\u00A0",
    };
    private static final String[] SEPARATORS = {" ", "", "\n", ". ", "\u200B", "\t"};
    private static final String[] LANGUAGES = {"en", "en-US", "de", "ar", "he", "zh", "ja", "fr-CA", "xx", "und",
            "EN", "en_us", "zh-Hant-TW", "x-klingon", "../../etc/passwd", "en\u0000", "", " ", "a".repeat(300)};

    @TempDir
    static Path dir;
    private static Fuzz.FileGuard guard;
    private static TieredSynthesisCache cache;
    private static VoiceRouter router;
    private static final AtomicInteger SPOKEN = new AtomicInteger();

    @BeforeAll
    static void start() {
        guard = Fuzz.FileGuard.ofRepositoryAndHome();
        ProviderContext context = ProviderContext.builder().dataDirectory(dir.resolve("data")).build();
        cache = TieredSynthesisCache.builder().diskDirectory(dir.resolve("cache")).build();
        router = VoiceRouter.builder().providers(List.of(new EspeakProviderFactory().create(context)))
                .cache(cache).statsStore(new JsonFileStatsStore(dir.resolve("stats.json"))).build();
        InitOutcome espeak = router.initialize().get("espeak");
        assertThat(espeak.ready()).as("espeak-ng must be installed (.ci/run installs it): " + espeak.detail()).isTrue();
    }

    @AfterAll
    static void stop() {
        if (router != null) {
            ProviderStatsSnapshot espeak = router.stats().get("espeak");
            router.close();
            cache.close();
            // every request that reached espeak ended in exactly one success or failure: no lost count
            assertThat(espeak.requests()).isEqualTo(espeak.successes() + espeak.failures());
            assertThat(SPOKEN.get()).as("most texts are speakable").isGreaterThan(CASES / 3);
        }
        guard.assertUnchanged();
    }

    private static VoiceConfig config(String primary) {
        VoiceConfig single = VoiceConfig.singleProvider("espeak");
        return new VoiceConfig(single.activeProvider(), single.providers(), single.fallbackChain(),
                Optional.of(LanguagePreferences.of(primary, List.of())), List.of(), single.stats(), single.extra());
    }

    private static void speak(String what, String text, String language) {
        Fuzz.check(what + " " + Fuzz.show(text, 120) + " in " + Fuzz.show(language, 40), () -> {
            SpeechRequest.Builder b = SpeechRequest.builder(text, config("en")).timeout(Duration.ofSeconds(15));
            if (!language.isEmpty()) {
                b.language(language);
            }
            SpeechResult r = router.synthesize(b.build());
            assertThat(r.audio().sampleRate()).isPositive();
            for (float s : r.audio().samples()) {
                assertThat(Float.isFinite(s)).as("finite samples").isTrue();
            }
            SPOKEN.incrementAndGet();
        });
    }

    @Test
    void mixedUnicodeMarkupAndControlTexts() {
        Random r = new Random(SEED);
        for (int i = 0; i < CASES; i++) {
            StringBuilder text = new StringBuilder();
            int pieces = 1 + r.nextInt(8);
            for (int p = 0; p < pieces; p++) {
                text.append(PIECES[r.nextInt(PIECES.length)]).append(SEPARATORS[r.nextInt(SEPARATORS.length)]);
            }
            String language = r.nextInt(4) == 0 ? LANGUAGES[r.nextInt(LANGUAGES.length)] : "en";
            speak("case " + i, text.toString(), language);
        }
    }

    @Test
    void randomCodePointsAndMalformedUtf8() {
        Random r = new Random(SEED + 1);
        for (int i = 0; i < 60; i++) {
            StringBuilder text = new StringBuilder();
            int n = 1 + r.nextInt(80);
            for (int c = 0; c < n; c++) {
                int cp = r.nextInt(4) == 0 ? r.nextInt(0x80) : r.nextInt(Character.MAX_CODE_POINT + 1);
                text.appendCodePoint(cp);
            }
            speak("code points " + i, text.toString(), "en");
            byte[] junk = new byte[1 + r.nextInt(200)];
            r.nextBytes(junk);
            speak("bytes " + i, new String(junk, StandardCharsets.UTF_8), "en");
        }
    }

    @Test
    void emptyBlankAndDegenerateTexts() {
        List<String> texts = new ArrayList<>(List.of("", " ", "\n\t\r", "\u200B\u200B", "\uFEFF", "\u0000",
                "\u3000", ".", "?", "-", "\u0301", "\uD800"));
        texts.add("a".repeat(3000)); // one very long word
        texts.add(".".repeat(3000));
        texts.add("! ".repeat(1500));
        texts.add("\u0301".repeat(3000)); // combining marks with no base
        texts.add("\u202E".repeat(2000) + "Hello");
        texts.add("<speak>" + "<break time=\"10s\"/>".repeat(200) + "</speak>");
        texts.add("9".repeat(2000));
        texts.add("\uD83D\uDE00".repeat(1000));
        for (int i = 0; i < texts.size(); i++) {
            speak("degenerate " + i, texts.get(i), "en");
        }
    }

    @Test
    void textsAtAndPastTheRoutersLimit() {
        speak("long but allowed", "Hello world. ".repeat(3_000 / 13), "en");
        speak("just past the limit", "a ".repeat(5_001), "en");
        speak("one megabyte", "x".repeat(1 << 20), "en");
        speak("one million astral code points", "\uD83D\uDE00".repeat(1_000_000), "en");
    }
}
