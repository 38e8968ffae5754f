package io.voicerouter.provider.google;

import io.voicerouter.audio.AudioData;
import io.voicerouter.cloud.RetryAfter;
import io.voicerouter.cloud.ServiceAudio;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.spi.ProviderContext;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The pieces that need no server: WAV answers, SSML, options, voice types, Retry-After, redaction, splitting. */
class GoogleUnitsTest {

    @Test
    void serviceWavsWithUnknownChunksAndStreamedSizesDecode() {
        short[] pcm = {0, 16384, -16384, 32767, -32768, 1, -1, 100};
        byte[] plain = FakeGoogleTts.wav(pcm, 22050);
        // Insert a LIST chunk between fmt and data, and mark the data size unknown (0xFFFFFFFF).
        byte[] list = {'L', 'I', 'S', 'T', 3, 0, 0, 0, 'a', 'b', 'c', 0};
        byte[] wav = new byte[plain.length + list.length];
        System.arraycopy(plain, 0, wav, 0, 36);
        System.arraycopy(list, 0, wav, 36, list.length);
        System.arraycopy(plain, 36, wav, 36 + list.length, plain.length - 36);
        ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putInt(36 + list.length + 4, -1);

        AudioData audio = ServiceAudio.decodeWav(GoogleTtsProvider.ID, wav);
        assertThat(audio.sampleRate()).isEqualTo(22050);
        assertThat(audio.channels()).isEqualTo(1);
        assertThat(audio.frames()).isEqualTo(pcm.length);
        assertThat(audio.sampleAt(1)).isEqualTo(0.5f);
        assertThat(audio.sampleAt(4)).isEqualTo(-1.0f);
    }

    @Test
    void audioThatIsNotAWavIsAServerError() {
        byte[] mp3ish = "ID3\u0004rest of an mp3 file".getBytes(StandardCharsets.UTF_8);
        byte[] noData = Arrays.copyOf(FakeGoogleTts.wav(new short[0], 8000), 36);
        byte[] cutShort = Arrays.copyOf(FakeGoogleTts.wav(new short[100], 8000), 100);
        for (byte[] bad : List.of(new byte[] {1, 2, 3}, mp3ish, noData, cutShort)) {
            ProviderException e = catchThrowableOfType(ProviderException.class,
                    () -> ServiceAudio.decodeWav(GoogleTtsProvider.ID, bad));
            assertThat(e.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
            assertThat(e.getMessage()).contains("unreadable audio");
        }
    }

    @Test
    void ssmlIsEscapedTextInsideSpeak() {
        assertThat(Ssml.speak("x")).isEqualTo("<speak>x</speak>");
        assertThat(Ssml.speak("a<b>&\"c'")).isEqualTo("<speak>a&lt;b&gt;&amp;&quot;c&apos;</speak>");
        assertThat(Ssml.speak("bell\u0007 emoji \uD83D\uDE00 lone \uD800!"))
                .isEqualTo("<speak>bell  emoji \uD83D\uDE00 lone  !</speak>");
    }

    @Test
    void optionsPreferExplicitOptionsOverEnvironmentAndHideTheKey() {
        GoogleTtsOptions fromEnv = GoogleTtsOptions.from(ProviderContext.builder()
                .environment(Map.of("GOOGLE_API_KEY", "env-key", "GOOGLE_APPLICATION_CREDENTIALS", "/tmp/sa.json"))
                .build());
        assertThat(fromEnv.apiKeyValue()).contains("env-key");
        assertThat(fromEnv.credentialsPath()).isEmpty();

        GoogleTtsOptions file = GoogleTtsOptions.from(ProviderContext.builder()
                .environment(Map.of("GOOGLE_API_KEY", "env-key"))
                .option("google_tts.credentials_file", "/etc/sa.json").build());
        assertThat(file.apiKeyValue()).isEmpty();
        assertThat(file.credentialsPath()).contains(Path.of("/etc/sa.json"));

        GoogleTtsOptions keyed = GoogleTtsOptions.from(ProviderContext.builder()
                .environment(Map.of()).option("google_tts.api_key", "opt-key-123").build());
        assertThat(keyed.toString()).doesNotContain("opt-key-123").contains("apiKey=***");
        assertThat(keyed.endpoint().toString()).isEqualTo("https://texttospeech.googleapis.com");
        assertThat(keyed.timeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void timeoutsAndEndpointsParseOrFailClearly() {
        assertThat(GoogleTtsOptions.parseTimeout("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(GoogleTtsOptions.parseTimeout("2.5")).isEqualTo(Duration.ofMillis(2500));
        assertThat(GoogleTtsOptions.parseTimeout("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(GoogleTtsOptions.parseTimeout("PT1M")).isEqualTo(Duration.ofMinutes(1));
        ProviderException bad = catchThrowableOfType(ProviderException.class, () -> GoogleTtsOptions.parseTimeout("soon"));
        assertThat(bad.kind()).isEqualTo(ErrorKind.MISCONFIGURED);
        assertThat(GoogleTtsOptions.parseEndpoint("eu-texttospeech.googleapis.com").toString())
                .isEqualTo("https://eu-texttospeech.googleapis.com");
        assertThat(catchThrowableOfType(ProviderException.class,
                () -> GoogleTtsOptions.parseEndpoint("https://h/?key=abc")).getMessage()).doesNotContain("abc");
        assertThat(catchThrowableOfType(ProviderException.class,
                () -> GoogleTtsOptions.parseEndpoint("ftp://h")).kind()).isEqualTo(ErrorKind.MISCONFIGURED);
    }

    @Test
    void voiceTypesMapToQuotaBucketsAndSsmlSupport() {
        assertThat(GoogleVoice.bucket("en-US-Standard-C").name()).isEqualTo("google_tts/standard");
        for (String premium : new String[] {"en-US-Wavenet-A", "en-US-Neural2-D", "en-US-Studio-O", "en-US-News-K",
                "en-US-Polyglot-1", "en-US-Journey-D", "en-US-Chirp-HD-F", "en-US-Chirp3-HD-Kore", "weird"}) {
            assertThat(GoogleVoice.bucket(premium).name()).as(premium).isEqualTo("google_tts/wavenet_neural2");
        }
        assertThat(GoogleVoice.STANDARD.defaultCharactersPerMonth()).isEqualTo(1_000_000);
        assertThat(GoogleVoice.WAVENET_NEURAL2.defaultCharactersPerMonth()).isEqualTo(100_000);
        assertThat(GoogleVoice.acceptsSsml("en-US-Neural2-D")).isTrue();
        assertThat(GoogleVoice.acceptsSsml("en-US-Chirp3-HD-Kore")).isFalse();
        assertThat(GoogleVoice.acceptsSsml("en-US-Journey-D")).isFalse();
        assertThat(GoogleVoice.type("en-US-Chirp3-HD-Kore")).isEqualTo("Chirp3-HD");
        assertThat(GoogleVoice.languageOf("cmn-CN-Wavenet-A")).isEqualTo("cmn-CN");
        assertThat(GoogleVoice.normalizedLanguage("cmn-CN")).contains("zh-CN");
        assertThat(GoogleVoice.normalizedLanguage("yue-HK")).contains("zh-HK");
        assertThat(GoogleVoice.normalizedLanguage("fil-PH")).contains("fil");
    }

    @Test
    void retryAfterTakesSecondsOrAnHttpDate() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
        assertThat(RetryAfter.parse("120", clock)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse("Wed, 25 Nov 2026 12:00:30 GMT", clock)).contains(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Wed, 25 Nov 2026 11:00:00 GMT", clock)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("later", clock)).isEmpty();
        assertThat(RetryAfter.parse(null, clock)).isEmpty();
    }

    @Test
    void theInputIsTheStrippedTextEscapedInsideSpeakForSsmlVoicesAndTheLimitLeavesRoomForIt() {
        assertThat(SynthesisPlanner.input(" Fish & chips. ", true)).isEqualTo("<speak>Fish &amp; chips.</speak>");
        assertThat(SynthesisPlanner.input(" Fish & chips. ", false)).isEqualTo("Fish & chips.");
        assertThat(SynthesisPlanner.TEXT_LIMIT.max() + "<speak></speak>".length()).isEqualTo(SynthesisPlanner.MAX_INPUT_BYTES);
        assertThat(SynthesisPlanner.TEXT_LIMIT.unit()).isEqualTo(io.voicerouter.text.TextUnit.XML_ESCAPED_UTF8_BYTES);
    }
}
