package io.voicerouter.audio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.IntUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** G.711 A-law and mu-law, checked against what ffmpeg and sox make of every code. */
class G711Test {
    /** code, A-law value, mu-law value: ffmpeg's and sox's expansion (tools/make_wav_fixtures.sh). */
    static List<int[]> expanded() throws IOException {
        try (InputStream in = G711Test.class.getResourceAsStream("/g711/expanded.tsv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1)
                    .map(l -> l.split("\t"))
                    .map(f -> new int[] {Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2])})
                    .toList();
        }
    }

    @Test
    void everyCodeExpandsAsFfmpegAndSoxExpandIt() throws IOException {
        List<int[]> rows = expanded();
        assertThat(rows).hasSize(256);
        for (int[] r : rows) {
            assertThat(G711.alawToLinear(r[0])).as("A-law code %d", r[0]).isEqualTo(r[1]);
            assertThat(G711.mulawToLinear(r[0])).as("mu-law code %d", r[0]).isEqualTo(r[2]);
        }
    }

    @Test
    void aWavOfEveryCodeDecodesToTheTable() throws IOException {
        byte[] codes = new byte[256];
        for (int c = 0; c < 256; c++) {
            codes[c] = (byte) c;
        }
        float[] alaw = read(6, codes);
        float[] mulaw = read(7, codes);
        for (int[] r : expanded()) {
            assertThat(alaw[r[0]]).isEqualTo(r[1] / 32768f);
            assertThat(mulaw[r[0]]).isEqualTo(r[2] / 32768f);
        }
    }

    private static float[] read(int tag, byte[] codes) {
        byte[] fmt = WavCodecTest.fmt(tag, 1, 8000, 8);
        DecodedWav wav = WavCodec.read(new WavCodecTest.Riff().chunk("fmt ", fmt).chunk("data", codes).build());
        assertThat(wav.format()).isEqualTo(tag == 6 ? SampleFormat.ALAW : SampleFormat.MULAW);
        assertThat(wav.validBits()).isEqualTo(8);
        return wav.audio().samples();
    }

    @Test
    void everyCodeSurvivesExpandingAndCompressing() {
        for (int c = 0; c < 256; c++) {
            assertThat(G711.linearToAlaw(G711.alawToLinear(c)) & 0xFF).isEqualTo(c);
            int expectedMu = c == 0x7F ? 0xFF : c; // mu-law has two zeros; compressing 0 gives the positive one
            assertThat(G711.linearToMulaw(G711.mulawToLinear(c)) & 0xFF).isEqualTo(expectedMu);
        }
    }

    @Test
    void compressionIsMonotonicAndWithinHalfAnInterval() {
        check(v -> G711.alawToLinear(G711.linearToAlaw(v)));
        check(v -> G711.mulawToLinear(G711.linearToMulaw(v)));
    }

    private static void check(IntUnaryOperator roundTrip) {
        int previous = Integer.MIN_VALUE;
        for (int v = -32768; v <= 32767; v++) {
            int back = roundTrip.applyAsInt(v);
            assertThat(back).as("value %d", v).isGreaterThanOrEqualTo(previous);
            // intervals grow with the level: 1/16 of it at most, so half an interval is under |v|/32
            // (plus the finest step near zero, and the clipping above the largest code)
            assertThat(Math.abs(back - v)).as("value %d", v).isLessThanOrEqualTo(Math.abs(v) / 32 + 8);
            previous = back;
        }
    }

    @ParameterizedTest
    @EnumSource(value = SampleFormat.class, names = {"ALAW", "MULAW"})
    void roundTripsInMonoStereoAndSixChannels(SampleFormat format) {
        for (int channels : new int[] {1, 2, 6}) {
            AudioData audio = WavCodecTest.noise(1001, channels, 11 + channels);
            byte[] wav = WavCodec.write(audio, format);
            DecodedWav decoded = WavCodec.read(wav);

            assertThat(decoded.format()).isEqualTo(format);
            assertThat(decoded.channels()).isEqualTo(channels);
            assertThat(decoded.frames()).isEqualTo(1001);
            assertThat(decoded.extensible()).isEqualTo(channels > 2);
            if (channels <= 2) {
                // the layout sox and ffmpeg write: an 18-byte fmt, then a fact chunk with the frame count
                assertThat(wav[16]).isEqualTo((byte) 18);
                assertThat(new String(wav, 38, 4, StandardCharsets.US_ASCII)).isEqualTo("fact");
                assertThat(wav.length).isEqualTo(58 + 1001 * channels + (1001 * channels & 1));
            }
            for (int i = 4; i < audio.sampleCount(); i++) {
                double v = Math.max(-1, Math.min(1, audio.sampleAt(i)));
                assertThat(Math.abs(decoded.audio().sampleAt(i) - v)).as("%s sample %d", format, i)
                        .isLessThanOrEqualTo(Math.abs(v) / 32 + 9.0 / 32768);
            }
            assertThat(decoded.audio().sampleAt(2)).isEqualTo(WavCodecTest.clampedMax(format));
            assertThat(WavCodec.write(decoded.audio(), format)).isEqualTo(wav);
        }
    }
}
