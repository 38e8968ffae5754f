package io.voicerouter.audio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Real files written by Piper, sox and ffmpeg, checked against what soxi/ffprobe/numpy said of them. */
class WavFixturesTest {
    record Expected(String file, int channels, int rate, long frames, int bits, String encoding, String codec,
                    double peak, double rms) {
    }

    static List<Expected> expected() throws IOException {
        try (InputStream in = WavFixturesTest.class.getResourceAsStream("/speech/expected.tsv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1).map(l -> l.split("\t"))
                    .map(f -> new Expected(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), Long.parseLong(f[3]),
                            Integer.parseInt(f[4]), f[5], f[6], Double.parseDouble(f[7]), Double.parseDouble(f[8])))
                    .toList();
        }
    }

    static Path fixture(String name) {
        try {
            return Path.of(WavFixturesTest.class.getResource("/speech/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("expected")
    void headerFactsAndLevelsMatchSoxiAndFfprobe(Expected e) {
        DecodedWav wav = WavCodec.read(fixture(e.file()));

        assertThat(wav.channels()).isEqualTo(e.channels());
        assertThat(wav.sampleRate()).isEqualTo(e.rate());
        assertThat(wav.format().bits()).isEqualTo(e.bits());
        assertThat(wav.format().encoding()).isEqualTo(switch (e.encoding()) {
            case "Floating Point PCM" -> SampleFormat.Encoding.FLOAT;
            case "A-law" -> SampleFormat.Encoding.ALAW;
            case "u-law" -> SampleFormat.Encoding.MULAW;
            default -> SampleFormat.Encoding.PCM;
        });
        assertThat(wav.format() == SampleFormat.PCM_U8).isEqualTo(e.encoding().startsWith("Unsigned"));
        if (e.file().contains("streamed")) {
            // soxi believes the 0xFFFFFFFF size field (1431655765 frames); the file holds 0.1 s.
            assertThat(e.frames()).isEqualTo(0xFFFFFFFFL / 3);
            assertThat(wav.frames()).isEqualTo(2205);
        } else {
            assertThat(wav.frames()).isEqualTo(e.frames());
        }
        assertThat(wav.audio().peak()).isCloseTo(e.peak(), within(1e-6));
        assertThat(wav.audio().rms()).isCloseTo(e.rms(), within(1e-6));
    }

    @Test
    void everyConversionHoldsTheSourcesSamples() {
        float[] source = WavCodec.read(fixture("downloaded.wav")).audio().samples();
        for (String name : List.of("short-s24.wav", "short-s32.wav", "short-f32.wav", "short-f64.wav",
                "short-ffmpeg-list.wav", "short-ffmpeg-streamed.wav")) {
            DecodedWav wav = WavCodec.read(fixture(name));
            for (int i = 0; i < wav.frames(); i++) {
                assertThat(wav.audio().sampleAt(i)).as(name + " sample " + i).isEqualTo(source[i]);
            }
        }
        AudioData threeChannels = WavCodec.read(fixture("short-3ch.wav")).audio();
        for (int i = 0; i < threeChannels.frames(); i++) {
            for (int c = 0; c < 3; c++) {
                assertThat(threeChannels.sampleAt(i * 3 + c)).isEqualTo(source[i]);
            }
        }
        AudioData u8 = WavCodec.read(fixture("short-u8.wav")).audio();
        for (int i = 0; i < u8.frames(); i++) {
            assertThat((double) u8.sampleAt(i)).isCloseTo(source[i], within(1.0 / 256 + 1e-9));
        }
        // G.711 keeps about 12 bits of precision: half a code interval is at most 1/32 of the value (sox
        // rounds some values near zero to the other side, one finest step of 16 away)
        for (String name : List.of("short-sox-alaw.wav", "short-ffmpeg-mulaw.wav")) {
            AudioData g711 = WavCodec.read(fixture(name)).audio();
            assertThat(g711.frames()).isEqualTo(2205);
            for (int i = 0; i < g711.frames(); i++) {
                assertThat((double) g711.sampleAt(i)).as(name + " sample " + i)
                        .isCloseTo(source[i], within(Math.abs(source[i]) / 32 + 16.0 / 32768));
            }
        }
    }

    @Test
    void headerKindsAreReported() {
        assertThat(WavCodec.read(fixture("short-s24.wav")).extensible()).isTrue();
        assertThat(WavCodec.read(fixture("short-s24.wav")).validBits()).isEqualTo(24);
        assertThat(WavCodec.read(fixture("short-f32.wav")).extensible()).isFalse();
        assertThat(WavCodec.read(fixture("waiting.wav")).format()).isEqualTo(SampleFormat.PCM_16);
    }

    @Test
    void readsFromAStreamAndStopsAfterTheDataChunk() throws IOException {
        try (InputStream in = WavFixturesTest.class.getResourceAsStream("/speech/waiting.wav")) {
            DecodedWav wav = WavCodec.read(in);
            assertThat(wav.frames()).isEqualTo(114720);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void rewritingARealFileReproducesItsBytes() throws IOException {
        for (String name : List.of("downloaded.wav", "waiting.wav", "short-u8.wav", "short-sox-alaw.wav")) {
            byte[] original;
            try (InputStream in = WavFixturesTest.class.getResourceAsStream("/speech/" + name)) {
                original = in.readAllBytes();
            }
            DecodedWav wav = WavCodec.read(original);
            assertThat(WavCodec.write(wav.audio(), wav.format())).as(name).isEqualTo(original);
        }
    }

    @Test
    void aMissingFileIsAnIoError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WavCodec.read(Path.of("/nonexistent/x.wav")))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("x.wav");
    }
}
