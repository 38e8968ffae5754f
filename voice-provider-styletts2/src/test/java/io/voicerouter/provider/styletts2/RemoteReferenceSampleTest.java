package io.voicerouter.provider.styletts2;

import io.voicerouter.config.ProviderConfig;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.Settings;
import io.voicerouter.spi.SynthesisRequest;
import io.voicerouter.testing.LoopbackFileServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reference samples over http from a loopback server (allowed by the provider's sample_fetch options,
 * refused by default): the WAV gives exactly the style of the same file read locally, its MP3 a style
 * close to it. The probe model echoes the style in its "waveform" after the tokens.
 */
class RemoteReferenceSampleTest {
    private static final Map<String, Object> SETTINGS = Map.of("input_phonemes", true, "diffusion_steps", 0);
    /** "a" with input_phonemes is three tokens (pad, a, pad); the style follows them. */
    private static final int STYLE_AT = 3;
    private static LoopbackFileServer server;
    private static StyleTts2Provider provider;

    @BeforeAll
    static void start() throws IOException {
        server = new LoopbackFileServer()
                .put("/ref24k.wav", Files.readAllBytes(TestData.path("ref24k.wav")))
                .put("/ref24k.mp3", Files.readAllBytes(TestData.path("ref24k.mp3")));
        provider = provider(true);
    }

    @AfterAll
    static void stop() {
        provider.close();
        server.close();
    }

    private static StyleTts2Provider provider(boolean allowLoopback) {
        ProviderContext.Builder b = ProviderContext.builder().option("styletts2.model_dir", TestData.path("probe").toString());
        if (allowLoopback) {
            b.option("styletts2.sample_fetch.allow_http", "true").option("styletts2.sample_fetch.allow_private_hosts", "true");
        }
        StyleTts2Provider p = new StyleTts2Provider(b.build(), TestData.NO_ESPEAK);
        p.initialize();
        return p;
    }

    private static float[] style(StyleTts2Provider p, String sample) {
        ProviderConfig config = ProviderConfig.enabledDefault().withVoiceSample(sample, 6.1).withSettings(SETTINGS);
        float[] w = p.synthesize(SynthesisRequest.of("a", "en", config.voice(),
                Settings.resolve(p.capabilities().settings(), SETTINGS))).audio().samples();
        return Arrays.copyOfRange(w, STYLE_AT, STYLE_AT + 256);
    }

    @Test
    void aWavUrlGivesTheStyleOfTheLocalFile() {
        float[] local = style(provider, TestData.path("ref24k.wav").toString());
        float[] remote = style(provider, server.uri("/ref24k.wav").toString() + "?token=secret");
        assertThat(remote).containsExactly(local);
        assertThat(provider.voiceIdentity(SynthesisRequest.of("a", "en", ProviderConfig.enabledDefault()
                .withVoiceSample(server.uri("/ref24k.wav").toString(), 6.1).voice(), Settings.resolve(
                provider.capabilities().settings(), Map.of())))).startsWith("sample:");
    }

    @Test
    void anMp3UrlGivesAStyleCloseToTheWavs() {
        float[] wav = style(provider, TestData.path("ref24k.wav").toString());
        float[] mp3 = style(provider, server.uri("/ref24k.mp3").toString());
        float[] other = style(provider, TestData.path("acceptable.wav").toString());
        // A 128 kbit/s MP3 only adds coding noise well below the speech in each mel band, and voice-samples
        // removes the encoder delay (LAME tag) so the frames stay aligned: the style moves a little
        // (measured: cosine 0.99990, distance 0.16, max 0.032 per value) but stays far closer to the WAV's
        // than another speaker's sample (distance 1.27). The bounds leave ~4x room over the measurement
        // and still fail for a wrong decode (misaligned, resampled twice, another file).
        assertThat(cosine(mp3, wav)).isGreaterThan(0.999);
        assertThat(distance(mp3, wav)).isLessThan(0.5 * distance(other, wav)).isLessThan(0.6);
        assertThat(mp3).isNotEqualTo(wav); // it really went through the MP3 decoder
    }

    @Test
    void aPrivateHostIsRefusedByDefault() {
        StyleTts2Provider strict = provider(false);
        try {
            int before = server.requests.get();
            assertThatThrownBy(() -> style(strict, server.uri("/ref24k.wav").toString() + "?key=abc123"))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.BAD_INPUT);
                        assertThat(e.getMessage()).doesNotContain("abc123");
                    });
            assertThat(server.requests.get()).isEqualTo(before);
        } finally {
            strict.close();
        }
    }

    static double distance(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (double) (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }

    static double cosine(float[] a, float[] b) {
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += a[i] * (double) b[i];
            aa += a[i] * (double) a[i];
            bb += b[i] * (double) b[i];
        }
        return ab / Math.sqrt(aa * bb);
    }
}
