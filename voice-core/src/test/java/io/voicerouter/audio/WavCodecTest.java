package io.voicerouter.audio;

import io.voicerouter.error.AudioFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WavCodecTest {

    @Test
    void writingToAFileReplacesItWholeAndLeavesNoTemporaryFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("out.wav");
        java.nio.file.Files.writeString(file, "an older, unrelated file");
        AudioData audio = noise(500, 2, 7);
        WavCodec.write(audio, SampleFormat.FLOAT_32, file);
        assertThat(WavCodec.read(file).audio()).isEqualTo(audio);
        try (var listing = java.nio.file.Files.list(dir)) {
            assertThat(listing).containsExactly(file);
        }
    }

    /** Noise over the full range, both extremes and some values beyond them (which PCM must clamp). */
    static AudioData noise(int frames, int channels, long seed) {
        Random r = new Random(seed);
        float[] s = new float[frames * channels];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (r.nextDouble() * 2 - 1);
        }
        s[0] = 1f;
        s[1] = -1f;
        s[2] = 1.5f;
        s[3] = -1.5f;
        return AudioData.of(s, 22050, channels);
    }

    /** The same noise snapped to a format's grid: what a decoded file of that format holds. */
    static AudioData onGrid(AudioData audio, SampleFormat format) {
        return WavCodec.read(WavCodec.write(audio, format)).audio();
    }

    @ParameterizedTest
    @EnumSource(value = SampleFormat.class, names = {"ALAW", "MULAW"}, mode = EnumSource.Mode.EXCLUDE) // G711Test
    void everyFormatRoundTripsInMonoStereoAndSixChannels(SampleFormat format) {
        for (int channels : new int[] {1, 2, 6}) {
            AudioData audio = noise(1001, channels, 42 + channels);
            byte[] wav = WavCodec.write(audio, format);
            DecodedWav decoded = WavCodec.read(wav);

            assertThat(decoded.format()).isEqualTo(format);
            assertThat(decoded.channels()).isEqualTo(channels);
            assertThat(decoded.sampleRate()).isEqualTo(22050);
            assertThat(decoded.frames()).isEqualTo(1001);
            assertThat(decoded.extensible()).isEqualTo(channels > 2);
            assertThat(wav.length % 2).as("RIFF chunks are word-aligned").isZero();

            double step = format.encoding() == SampleFormat.Encoding.FLOAT ? 0 : 1.0 / (1L << (format.bits() - 1));
            for (int i = 4; i < audio.sampleCount(); i++) {
                double top = step == 0 ? Double.MAX_VALUE : 1 - step; // PCM's largest value is one step below 1
                double expected = Math.max(-1, Math.min(top, audio.sampleAt(i)));
                double err = Math.abs(decoded.audio().sampleAt(i) - expected);
                // rounding to nearest: half a step (plus float rounding of the decoded value)
                assertThat(err).as("%s sample %d", format, i).isLessThanOrEqualTo(step / 2 + 1e-7);
            }
            assertThat(decoded.audio().sampleAt(2)).isEqualTo(clampedMax(format));
            // A second trip through the same format is bit-exact: the grid is a fixed point.
            assertThat(WavCodec.write(decoded.audio(), format)).isEqualTo(wav);
            assertThat(onGrid(decoded.audio(), format)).isEqualTo(decoded.audio());
        }
    }

    static float clampedMax(SampleFormat format) {
        return switch (format) {
            case PCM_U8 -> 127f / 128;
            case PCM_16 -> 32767f / 32768;
            case PCM_24 -> 8388607f / 8388608;
            case PCM_32 -> 1f; // 2^31-1 / 2^31 rounds to 1.0f
            case FLOAT_32, FLOAT_64 -> 1.5f;
            case ALAW -> 32256f / 32768;
            case MULAW -> 32124f / 32768;
        };
    }

    @Test
    void sixteenBitErrorIsAtMostOneStep() {
        AudioData audio = noise(5000, 2, 7);
        AudioData back = onGrid(audio, SampleFormat.PCM_16);
        for (int i = 4; i < audio.sampleCount(); i++) {
            assertThat(Math.abs(back.sampleAt(i) - audio.sampleAt(i))).isLessThanOrEqualTo(1f / 32768);
        }
    }

    @Test
    void everySixteenBitValueSurvivesExactly() {
        float[] all = new float[65536];
        for (int v = -32768; v <= 32767; v++) {
            all[v + 32768] = v / 32768f;
        }
        AudioData audio = AudioData.mono(all, 16000);
        for (SampleFormat f : new SampleFormat[] {SampleFormat.PCM_16, SampleFormat.PCM_24, SampleFormat.PCM_32,
                SampleFormat.FLOAT_32, SampleFormat.FLOAT_64}) {
            assertThat(onGrid(audio, f)).as(f.name()).isEqualTo(audio);
        }
    }

    @Test
    void nanAndInfinityAreTamed() {
        AudioData audio = AudioData.mono(new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0.5f}, 8000);
        assertThat(onGrid(audio, SampleFormat.PCM_16).samples()).containsExactly(0f, 32767f / 32768, -1f, 0.5f);
        assertThat(onGrid(audio, SampleFormat.FLOAT_32).samples()).containsExactly(0f, 1f, -1f, 0.5f);
    }

    @Test
    void nanAndInfinityInAFloatFileAreTamedOnReadingToo() {
        byte[] f32 = WavCodec.write(AudioData.mono(new float[] {0.25f, 0.25f, 0.25f, 0.25f}, 8000), SampleFormat.FLOAT_32);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(f32).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int at = dataOffset(f32);
        b.putFloat(at, Float.NaN).putFloat(at + 4, Float.POSITIVE_INFINITY).putFloat(at + 8, Float.NEGATIVE_INFINITY);
        assertThat(WavCodec.read(f32).audio().samples()).containsExactly(0f, 1f, -1f, 0.25f);

        byte[] f64 = WavCodec.write(AudioData.mono(new float[] {0.25f, 0.25f}, 8000), SampleFormat.FLOAT_64);
        int at64 = dataOffset(f64);
        java.nio.ByteBuffer.wrap(f64).order(java.nio.ByteOrder.LITTLE_ENDIAN).putDouble(at64, Double.NaN).putDouble(at64 + 8, 1e300);
        assertThat(WavCodec.read(f64).audio().samples()).as("1e300 is infinite as a float").containsExactly(0f, 1f);
    }

    private static int dataOffset(byte[] wav) {
        for (int i = 12; i + 8 <= wav.length; i++) {
            if (wav[i] == 'd' && wav[i + 1] == 'a' && wav[i + 2] == 't' && wav[i + 3] == 'a') {
                return i + 8;
            }
        }
        throw new AssertionError("no data chunk");
    }

    @Test
    void writingToAStreamMatchesWritingToBytes() {
        AudioData audio = noise(10_000, 2, 3);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WavCodec.write(audio, SampleFormat.PCM_24, out);
        assertThat(out.toByteArray()).isEqualTo(WavCodec.write(audio, SampleFormat.PCM_24));
    }

    @Test
    void oddDataGetsAPadByteAndEmptyAudioIsAValidFile() {
        byte[] wav = WavCodec.write(AudioData.mono(new float[] {0.25f, -0.25f, 0.5f}, 8000), SampleFormat.PCM_U8);
        assertThat(wav).hasSize(44 + 3 + 1);
        assertThat(WavCodec.read(wav).frames()).isEqualTo(3);
        DecodedWav empty = WavCodec.read(WavCodec.write(AudioData.mono(new float[0], 24000), SampleFormat.FLOAT_32));
        assertThat(empty.frames()).isZero();
        assertThat(empty.sampleRate()).isEqualTo(24000);
    }

    // ---- hand-built files: the layouts real writers produce -----------------------------------------

    static final class Riff {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        long riffSize = -1;

        Riff chunk(String id, byte[] body) {
            return chunk(id, body.length, body, true);
        }

        Riff chunk(String id, long declared, byte[] body, boolean pad) {
            out.writeBytes(id.getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(le32(declared));
            out.writeBytes(body);
            if (pad && (body.length & 1) == 1) {
                out.write(0);
            }
            return this;
        }

        byte[] build() {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
            all.writeBytes(le32(riffSize >= 0 ? riffSize : out.size() + 4));
            all.writeBytes("WAVE".getBytes(StandardCharsets.US_ASCII));
            all.writeBytes(out.toByteArray());
            return all.toByteArray();
        }
    }

    static byte[] le32(long v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array();
    }

    static byte[] fmt(int tag, int channels, int rate, int bits) {
        int align = channels * ((bits + 7) / 8);
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putShort((short) tag).putShort((short) channels)
                .putInt(rate).putInt(rate * align).putShort((short) align).putShort((short) bits).array();
    }

    static byte[] pcm16(int... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putShort((short) v);
        }
        return b.array();
    }

    @Test
    void chunksInAnyOrderOddSizesAndUnknownChunksAreSkipped() {
        byte[] wav = new Riff()
                .chunk("LIST", "INFOISFT\u0005\u0000\u0000\u0000test\u0000".getBytes(StandardCharsets.ISO_8859_1))
                .chunk("junk", new byte[] {1, 2, 3}) // odd: followed by a pad byte
                .chunk("fmt ", fmt(1, 2, 16000, 16))
                .chunk("cue ", new byte[5])
                .chunk("data", pcm16(100, -100, 16384, -16384))
                .chunk("LIST", new byte[7])
                .build();
        DecodedWav d = WavCodec.read(wav);
        assertThat(d.channels()).isEqualTo(2);
        assertThat(d.audio().samples()).containsExactly(100 / 32768f, -100 / 32768f, 0.5f, -0.5f);
    }

    @Test
    void streamedSizesReadToTheEndOfTheInput() {
        for (long size : new long[] {0, 0xFFFFFFFFL}) {
            Riff riff = new Riff().chunk("fmt ", fmt(1, 1, 8000, 16)).chunk("data", size, pcm16(1, 2, 3, 4, 5), false);
            riff.riffSize = size;
            DecodedWav d = WavCodec.read(riff.build());
            assertThat(d.frames()).as("size %d", size).isEqualTo(5);
        }
    }

    @Test
    void aPartialLastFrameIsDropped() {
        byte[] wav = new Riff().chunk("fmt ", fmt(1, 2, 8000, 16)).chunk("data", pcm16(1, 2, 3)).build();
        assertThat(WavCodec.read(wav).frames()).isEqualTo(1);
    }

    @Test
    void twelveBitAudioInSixteenBitSlotsReads() {
        byte[] wav = new Riff().chunk("fmt ", fmt(1, 1, 8000, 12)).chunk("data", pcm16(0x4000)).build();
        DecodedWav d = WavCodec.read(wav);
        assertThat(d.format()).isEqualTo(SampleFormat.PCM_16);
        assertThat(d.validBits()).isEqualTo(12);
        assertThat(d.audio().sampleAt(0)).isEqualTo(0.5f);
    }

    @Test
    void headerLiesAndGarbageAreAudioFormatExceptions() {
        byte[] good = WavCodec.write(AudioData.mono(new float[100], 8000), SampleFormat.PCM_16);
        expectError(new byte[0], "only 0 bytes");
        expectError("RIFX....WAVE".getBytes(StandardCharsets.US_ASCII), "Big-endian");
        expectError("ID3\u0004garbage!".getBytes(StandardCharsets.ISO_8859_1), "Not a WAV file");
        expectError("RIFF\u0000\u0000\u0000\u0000AVI ".getBytes(StandardCharsets.ISO_8859_1), "not WAVE");
        expectError(Arrays.copyOf(good, 30), "Truncated");
        expectError(Arrays.copyOf(good, 100), "declares 200 bytes but only 56");
        expectError(new Riff().chunk("fmt ", fmt(1, 1, 8000, 16)).build(), "no data chunk");
        expectError(new Riff().chunk("data", pcm16(1)).chunk("fmt ", fmt(1, 1, 8000, 16)).build(), "before any fmt");
        expectError(new Riff().chunk("fmt ", fmt(2, 1, 8000, 4)).chunk("data", new byte[2]).build(), "Microsoft ADPCM");
        expectError(new Riff().chunk("fmt ", fmt(0x55, 1, 8000, 0)).chunk("data", new byte[2]).build(), "MP3");
        expectError(new Riff().chunk("fmt ", fmt(6, 1, 8000, 16)).chunk("data", new byte[2]).build(), "A-law with 16-bit");
        expectError(new Riff().chunk("fmt ", fmt(1, 0, 8000, 16)).chunk("data", new byte[2]).build(), "0 channels");
        expectError(new Riff().chunk("fmt ", fmt(1, 1, 0, 16)).chunk("data", new byte[2]).build(), "sample rate 0");
        expectError(new Riff().chunk("fmt ", fmt(1, 1, 8000, 40)).chunk("data", new byte[10]).build(), "40-bit");
        expectError(new Riff().chunk("fmt ", fmt(3, 1, 8000, 16)).chunk("data", new byte[2]).build(), "IEEE float with 16-bit");
        expectError(new Riff().chunk("fmt ", 0x7FFFFFF0L, fmt(1, 1, 8000, 16), false).build(), "impossible size");
        // a chunk that claims 4 GiB: skipped without allocating, then reported
        expectError(new Riff().chunk("fmt ", fmt(1, 1, 8000, 16)).chunk("huge", 0xFFFFFFF0L, new byte[8], false).build(),
                "ends before them");
        // a data chunk that claims 4 GiB - 16 in a tiny file: no 4 GiB buffer, just an error
        expectError(new Riff().chunk("fmt ", fmt(1, 1, 8000, 16)).chunk("data", 0xFFFFFFF0L, new byte[8], false).build(),
                "only 8 are present");
    }

    private static void expectError(byte[] wav, String message) {
        assertThatThrownBy(() -> WavCodec.read(wav)).isInstanceOf(AudioFormatException.class)
                .hasMessageContaining(message);
    }

    @Test
    void aStreamThatEndsEarlyIsAnErrorNotAHang() {
        byte[] good = WavCodec.write(AudioData.mono(new float[1000], 8000), SampleFormat.PCM_16);
        InputStream slow = new InputStream() {
            int pos;

            @Override
            public int read() {
                return pos < 500 ? good[pos++] & 0xFF : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= 500) {
                    return -1;
                }
                b[off] = good[pos++]; // one byte at a time, like a slow socket
                return 1;
            }
        };
        assertThatThrownBy(() -> WavCodec.read(slow)).isInstanceOf(AudioFormatException.class).hasMessageContaining("Truncated");
    }
}
