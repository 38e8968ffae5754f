package io.voicerouter.provider.google;

import io.voicerouter.audio.AudioData;
import io.voicerouter.config.ProviderConfig;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.Settings;
import io.voicerouter.spi.SynthesisOutput;
import io.voicerouter.spi.SynthesisRequest;
import io.voicerouter.spi.TtsProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class GoogleTtsProviderTest {
    static final String KEY = "test-key-7c1e9f0a2b";

    FakeGoogleTts fake;
    TtsProvider provider;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeGoogleTts(KEY);
        provider = new GoogleTtsProviderFactory().create(ProviderContext.builder()
                .environment(Map.of())
                .option("google_tts.api_key", KEY)
                .option("google_tts.endpoint", fake.endpoint())
                .build());
    }

    @AfterEach
    void stop() {
        provider.close();
        fake.close();
    }

    static SynthesisRequest request(String text, String voiceName, Map<String, Object> settings) {
        ProviderConfig config = new ProviderConfig(true, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.ofNullable(voiceName), settings, List.of(), Map.of());
        return SynthesisRequest.of(text, "en", config.voice(), Settings.resolve(GoogleCapabilities.SETTINGS, settings));
    }

    @Test
    void synthesisRoundTripDecodesTheServicesWav() {
        provider.initialize();
        SynthesisOutput out = provider.synthesize(request("Hello there.", "en-US-Neural2-D",
                Map.of("pitch", 2, "speaking_rate", 1.25, "volume_gain_db", -3.0)));

        List<FakeGoogleTts.Received> calls = fake.synthesizeRequests();
        assertThat(calls).hasSize(1);
        var body = calls.get(0).body();
        assertThat(calls.get(0).headers().getFirst("x-goog-api-key")).isEqualTo(KEY);
        assertThat(calls.get(0).headers().getFirst("Content-Type")).startsWith("application/json");
        assertThat(calls.get(0).query()).doesNotContain("key=");
        assertThat(calls.get(0).method()).isEqualTo("POST");
        assertThat(body.at("/input/ssml").asText()).isEqualTo("<speak>Hello there.</speak>");
        assertThat(body.at("/voice/name").asText()).isEqualTo("en-US-Neural2-D");
        assertThat(body.at("/voice/languageCode").asText()).isEqualTo("en-US");
        assertThat(body.at("/audioConfig/sampleRateHertz").asInt()).isEqualTo(24000);
        assertThat(body.at("/audioConfig/pitch").asDouble()).isEqualTo(2.0);
        assertThat(body.at("/audioConfig/speakingRate").asDouble()).isEqualTo(1.25);
        assertThat(body.at("/audioConfig/volumeGainDb").asDouble()).isEqualTo(-3.0);

        assertThat(out.metadata()).containsEntry("voice", "en-US-Neural2-D").containsEntry("model", "Neural2")
                .containsEntry("sample_rate", "24000");
        AudioData audio = out.audio();
        short[] sent = fake.sentAudio().get(0);
        assertThat(audio.sampleRate()).isEqualTo(24000);
        assertThat(audio.channels()).isEqualTo(1);
        assertThat(audio.frames()).isEqualTo(sent.length);
        for (int i = 0; i < sent.length; i++) {
            assertThat(audio.sampleAt(i)).isEqualTo(sent[i] / 32768f);
        }
    }

    @Test
    void listsTheServicesVoicesOnceAndLearnsItsLanguages() {
        provider.initialize();
        GoogleTtsProvider google = (GoogleTtsProvider) provider;
        List<GoogleVoice> voices = google.voices();
        google.voices();

        assertThat(voices).extracting(GoogleVoice::name).contains("en-US-Neural2-D", "de-DE-Standard-A");
        GoogleVoice german = voices.stream().filter(v -> v.name().equals("de-DE-Standard-A")).findFirst().orElseThrow();
        assertThat(german.naturalSampleRateHertz()).isEqualTo(16000);
        assertThat(german.gender()).isEqualTo("FEMALE");
        assertThat(german.languageCodes()).containsExactly("de-DE");
        assertThat(fake.received()).filteredOn(r -> r.path().equals("/v1/voices")).hasSize(1)
                .allSatisfy(r -> assertThat(r.method()).isEqualTo("GET"));
        assertThat(provider.capabilities().languages()).containsExactlyInAnyOrder("en", "fr", "de", "zh-CN");
        assertThat(provider.health().status()).isEqualTo(io.voicerouter.spi.ProviderHealth.Status.UP);
    }

    @Test
    void requestsTheVoicesNaturalRate() {
        provider.initialize();
        SynthesisRequest req = new SynthesisRequest("Guten Tag.", "de", request("x", "de-DE-Standard-A", Map.of()).voice(),
                Settings.resolve(GoogleCapabilities.SETTINGS, Map.of()), java.time.Instant.MAX);
        AudioData audio = provider.synthesize(req).audio();
        assertThat(fake.synthesizeRequests().get(0).body().at("/audioConfig/sampleRateHertz").asInt()).isEqualTo(16000);
        assertThat(audio.sampleRate()).isEqualTo(16000);
    }

    @Test
    void ssmlSpecialCharactersAndInjectionAreSpokenLiterally() {
        String text = "Tom & Jerry say \"5 < 6 > 4\" isn't it? </speak><speak><break time=\"10s\"/>"
                + "<audio src=\"http://evil\"/> &amp; done";
        provider.synthesize(request(text, "en-US-Neural2-D", Map.of()));

        FakeGoogleTts.Received call = fake.synthesizeRequests().get(0);
        String ssml = call.body().at("/input/ssml").asText();
        assertThat(ssml).startsWith("<speak>").endsWith("</speak>")
                .contains("Tom &amp; Jerry", "&lt;/speak&gt;&lt;speak&gt;&lt;break", "&amp;amp; done", "isn&apos;t")
                .doesNotContain("<break", "<audio", "</speak><speak>");
        // The fake parsed the SSML as the service would and found only text, equal to what the user typed.
        assertThat(call.spokenText()).isEqualTo(text);
    }

    @Test
    void chirpVoicesGetPlainTextBecauseTheyRejectSsml() {
        String text = "Fish & chips <b>now</b>.";
        provider.initialize();
        provider.synthesize(request(text, "en-US-Chirp3-HD-Kore", Map.of()));
        var body = fake.synthesizeRequests().get(0).body();
        assertThat(body.at("/input/text").asText()).isEqualTo(text);
        assertThat(body.at("/input").has("ssml")).isFalse();
    }

    @Test
    void textExactlyAtTheByteLimitIsOneRequestOfFiveThousandBytesAndOneByteMoreIsRefusedUnsent() {
        // 1,661 CJK characters (4,983 bytes) and one '&' (5 bytes escaped) is 4,988 > 4,985: refused.
        String over = "日".repeat(1661) + "&";
        String at = "日".repeat(1661) + "ab"; // 4,985 bytes: the SSML is exactly 5,000
        assertThat(SynthesisPlanner.TEXT_LIMIT.measure(at)).isEqualTo(4985);
        provider.synthesize(request(at, "en-US-Neural2-D", Map.of()));
        assertThat(fake.synthesizeRequests()).singleElement().satisfies(c -> assertThat(c.body().at("/input/ssml").asText()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isEqualTo(5000));
        var e = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> provider.synthesize(request(over, "en-US-Neural2-D", Map.of())), io.voicerouter.error.ProviderException.class);
        assertThat(e.kind()).isEqualTo(io.voicerouter.error.ErrorKind.BAD_INPUT);
        assertThat(e).hasMessageContaining("4988 UTF-8 bytes once XML-escaped");
        assertThat(fake.synthesizeRequests()).as("nothing sent for the refused text").hasSize(1);
    }

    @Test
    void settingsVoiceNameBeatsTheEntrysVoiceName() {
        provider.synthesize(request("Hi.", "en-US-Neural2-D", Map.of("voice_name", "en-US-Standard-B")));
        assertThat(fake.synthesizeRequests().get(0).body().at("/voice/name").asText()).isEqualTo("en-US-Standard-B");
    }

    @Test
    void anotherLanguageGetsAVoiceOfThatLanguage() {
        provider.initialize();
        SynthesisRequest fr = new SynthesisRequest("Bonjour.", "fr-FR", request("x", "en-US-Neural2-D", Map.of()).voice(),
                Settings.resolve(GoogleCapabilities.SETTINGS, Map.of()), java.time.Instant.MAX);
        provider.synthesize(fr);
        var voice = fake.synthesizeRequests().get(0).body().at("/voice");
        // Same gender (MALE) and the preferred type among French voices.
        assertThat(voice.at("/name").asText()).isEqualTo("fr-FR-Neural2-B");
        assertThat(voice.at("/languageCode").asText()).isEqualTo("fr-FR");
    }

    @Test
    void noVoiceNamedPicksTheLanguagesPrimaryLocale() {
        provider.initialize();
        provider.synthesize(request("Hello.", null, Map.of()));
        SynthesisRequest fr = new SynthesisRequest("Bonjour.", "fr", request("x", null, Map.of()).voice(),
                Settings.resolve(GoogleCapabilities.SETTINGS, Map.of()), java.time.Instant.MAX);
        provider.synthesize(fr);
        List<FakeGoogleTts.Received> calls = fake.synthesizeRequests();
        // en means en-US (not en-AU, which sorts first); fr means fr-FR; Neural2 preferred over Standard.
        assertThat(calls.get(0).body().at("/voice/name").asText()).isEqualTo("en-US-Neural2-D");
        assertThat(calls.get(1).body().at("/voice/name").asText()).isEqualTo("fr-FR-Neural2-B");
    }

    @Test
    void quotaBucketFollowsTheVoiceTypeAndBillingCountsTheSsmlSent() {
        provider.initialize();
        SynthesisRequest standard = request("A & B.", "en-US-Standard-B", Map.of());
        SynthesisRequest neural = request("A & B.", "en-US-Neural2-D", Map.of());
        SynthesisRequest chirp = request("A & B.", "en-US-Chirp3-HD-Kore", Map.of());
        assertThat(provider.quotaBucket(standard)).contains(new io.voicerouter.spi.QuotaBucket("google_tts/standard", 1_000_000));
        assertThat(provider.quotaBucket(neural)).contains(new io.voicerouter.spi.QuotaBucket("google_tts/wavenet_neural2", 100_000));
        assertThat(provider.quotaBucket(chirp).orElseThrow().name()).isEqualTo("google_tts/wavenet_neural2");
        // Google bills SSML markup too: "<speak>A &amp; B.</speak>" is 25 characters.
        assertThat(provider.billedCharacters(neural)).isEqualTo("<speak>A &amp; B.</speak>".length());
        assertThat(provider.billedCharacters(chirp)).isEqualTo("A & B.".length());
        provider.synthesize(neural);
        assertThat(fake.synthesizeRequests().get(0).body().at("/input/ssml").asText()).hasSize(25);
    }

    @Test
    void emptyTextIsBadInputWithoutACall() {
        var e = org.assertj.core.api.Assertions.catchThrowableOfType(io.voicerouter.error.ProviderException.class,
                () -> provider.synthesize(request("   ", "en-US-Neural2-D", Map.of())));
        assertThat(e.kind()).isEqualTo(io.voicerouter.error.ErrorKind.BAD_INPUT);
        assertThat(fake.synthesizeRequests()).isEmpty();
    }

    @Test
    void passedDeadlineIsTimeoutWithoutACall() {
        SynthesisRequest late = request("Hi.", "en-US-Neural2-D", Map.of()).withText("Hi.");
        late = new SynthesisRequest(late.text(), late.language(), late.voice(), late.settings(),
                java.time.Instant.now().minusSeconds(1));
        SynthesisRequest finalLate = late;
        var e = org.assertj.core.api.Assertions.catchThrowableOfType(io.voicerouter.error.ProviderException.class,
                () -> provider.synthesize(finalLate));
        assertThat(e.kind()).isEqualTo(io.voicerouter.error.ErrorKind.TIMEOUT);
        assertThat(fake.synthesizeRequests()).isEmpty();
    }

    @Test
    void factoryIsFoundThroughServiceLoader() {
        var factories = java.util.ServiceLoader.load(io.voicerouter.spi.TtsProviderFactory.class).stream()
                .map(java.util.ServiceLoader.Provider::get).filter(f -> f.providerId().equals("google_tts")).toList();
        assertThat(factories).hasSize(1);
        assertThat(provider.capabilities().displayName()).isEqualTo("Google Cloud TTS");
        assertThat(provider.capabilities().kind()).isEqualTo(io.voicerouter.spi.ProviderKind.CLOUD);
        assertThat(provider.capabilities().settings()).extracting(io.voicerouter.spi.SettingSpec::name)
                .containsExactly("voice_name", "pitch", "speaking_rate", "volume_gain_db");
    }

    @Test
    void concurrentRequestsShareOneClient() throws Exception {
        provider.initialize();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<SynthesisOutput>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String text = "Line " + i + ".";
                futures.add(pool.submit(() -> provider.synthesize(request(text, "en-US-Neural2-D", Map.of()))));
            }
            for (var f : futures) {
                assertThat(f.get(60, java.util.concurrent.TimeUnit.SECONDS).audio().frames()).isPositive();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(fake.synthesizeRequests()).hasSize(8);
    }
}
