package io.voicerouter.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.voicerouter.audio.AudioData;
import io.voicerouter.error.AudioFormatException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class WavReaderTest {
    private static final float[] RAMP = {0f, 0.25f, -0.25f, 0.5f, -0.5f, 0.75f, -0.999f, 0.999f};

    @ParameterizedTest(name = "tag {0}, {1} bits, {2} ch, {3} Hz, extensible {4}")
    @CsvSource({
        "1, 8, 1, 8000, false", "1, 16, 1, 22050, false", "1, 24, 2, 44100, false", "1, 32, 1, 48000, false",
        "3, 32, 2, 24000, false", "3, 64, 1, 96000, false", "1, 16, 2, 48000, true", "3, 32, 1, 16000, true",
        "1, 24, 1, 11025, true"})
    void decodesEveryPcmAndFloatLayout(int tag, int bits, int channels, int rate, boolean extensible) {
        float[] samples = new float[RAMP.length * channels];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = RAMP[i / channels] * (i % channels == 0 ? 1 : -1);
        }
        DecodedSample d = SampleDecoder.decode(wav(tag, bits, channels, rate, extensible, samples));
        assertThat(d.audio().sampleRate()).isEqualTo(rate);
        assertThat(d.audio().channels()).isEqualTo(channels);
        assertThat(d.format().bitsPerSample()).isEqualTo(bits);
        assertThat(d.format().container()).isEqualTo("wav");
        double tolerance = bits == 8 ? 1.0 / 100 : 1e-4;
        for (int i = 0; i < samples.length; i++) {
            assertThat((double) d.audio().sampleAt(i)).as("sample " + i).isCloseTo(samples[i], within(tolerance));
        }
    }

    @Test
    void decodesG711() {
        byte[] alaw = wavBytes(6, 8, 1, 8000, false, new byte[] {(byte) 0xD5, (byte) 0x55, (byte) 0x2A, (byte) 0xAA});
        AudioData a = SampleDecoder.decode(alaw).audio();
        assertThat(a.sampleAt(0)).isCloseTo(8 / 32768f, within(1e-6f));
        assertThat(a.sampleAt(2)).isLessThan(-0.9f);
        assertThat(a.sampleAt(3)).isGreaterThan(0.9f);
        byte[] mulaw = wavBytes(7, 8, 1, 8000, false, new byte[] {(byte) 0xFF, (byte) 0x80, (byte) 0x00});
        AudioData m = SampleDecoder.decode(mulaw).audio();
        assertThat(m.sampleAt(0)).isEqualTo(0f);
        assertThat(m.sampleAt(1)).isGreaterThan(0.9f);
        assertThat(m.sampleAt(2)).isLessThan(-0.9f);
    }

    @Test
    void skipsUnknownChunksAndAcceptsStreamingSizes() {
        byte[] base = wav(1, 16, 1, 16000, false, RAMP);
        // insert a LIST chunk with an odd size (padded) between fmt and data
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(base, 0, 36);
        out.writeBytes(new byte[] {'L', 'I', 'S', 'T', 3, 0, 0, 0, 'a', 'b', 'c', 0});
        out.write(base, 36, base.length - 36);
        byte[] withList = out.toByteArray();
        assertThat(SampleDecoder.decode(withList).audio().frames()).isEqualTo(RAMP.length);
        byte[] streaming = base.clone();
        ByteBuffer.wrap(streaming).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 0xFFFFFFFF);
        assertThat(SampleDecoder.decode(streaming).audio().frames()).isEqualTo(RAMP.length);
    }

    @Test
    void rejectsTruncatedAndMalformedFiles() {
        byte[] ok = wav(1, 16, 1, 16000, false, RAMP);
        assertThatThrownBy(() -> SampleDecoder.decode(Arrays.copyOf(ok, ok.length - 3)))
                .isInstanceOf(AudioFormatException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> SampleDecoder.decode(Arrays.copyOf(ok, 30)))
                .isInstanceOf(AudioFormatException.class);
        assertThatThrownBy(() -> SampleDecoder.decode(wav(1, 12, 1, 16000, false, RAMP)))
                .isInstanceOf(AudioFormatException.class).hasMessageContaining("bit depth");
        assertThatThrownBy(() -> SampleDecoder.decode(wav(1, 16, 1, 100, false, RAMP)))
                .isInstanceOf(AudioFormatException.class).hasMessageContaining("sample rate");
        assertThatThrownBy(() -> SampleDecoder.decode(new byte[0])).isInstanceOf(AudioFormatException.class);
        assertThatThrownBy(() -> SampleDecoder.decode("hello, this is not audio".getBytes()))
                .isInstanceOf(AudioFormatException.class).hasMessageContaining("unrecognized");
    }

    @Test
    void enforcesTheDurationLimit() {
        byte[] oneSecond = WavWriter.pcm16(AudioData.silence(java.time.Duration.ofSeconds(1), 8000, 1));
        assertThatThrownBy(() -> SampleDecoder.decode(oneSecond, new DecodeLimits(0.5, 2)))
                .isInstanceOf(SampleTooLargeException.class);
    }

    /** A WAV file of {@code samples} (interleaved floats) in the given layout. */
    static byte[] wav(int tag, int bits, int channels, int rate, boolean extensible, float[] samples) {
        int bytes = bits / 8;
        ByteBuffer data = ByteBuffer.allocate(samples.length * 8 + 1)
                .order(ByteOrder.LITTLE_ENDIAN);
        for (float s : samples) {
            if (tag == 3 && bits == 32) {
                data.putFloat(s);
            } else if (tag == 3) {
                data.putDouble(s);
            } else if (bits == 8) {
                data.put((byte) (Math.round(s * 127) + 128));
            } else if (bits == 16) {
                data.putShort((short) Math.round(s * 32767));
            } else if (bits == 24) {
                int v = (int) Math.round(s * 8388607);
                data.put((byte) v).put((byte) (v >> 8)).put((byte) (v >> 16));
            } else if (bits == 32) {
                data.putInt((int) Math.round(s * 2147483647.0));
            } else {
                data.putShort((short) 0); // deliberately odd layouts: content does not matter
            }
        }
        return wavBytes(tag, bits, channels, rate, extensible, Arrays.copyOf(data.array(), data.position()));
    }

    static byte[] wavBytes(int tag, int bits, int channels, int rate, boolean extensible, byte[] data) {
        int fmtSize = extensible ? 40 : 16;
        ByteBuffer b = ByteBuffer.allocate(12 + 8 + fmtSize + 8 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        int block = channels * Math.max(1, bits / 8);
        b.put("RIFF".getBytes()).putInt(b.capacity() - 8).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(fmtSize).putShort((short) (extensible ? 0xFFFE : tag))
                .putShort((short) channels).putInt(rate).putInt(rate * block).putShort((short) block)
                .putShort((short) bits);
        if (extensible) {
            b.putShort((short) 22).putShort((short) bits).putInt(0).putShort((short) tag)
                    .put(new byte[] {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71});
        }
        b.put("data".getBytes()).putInt(data.length).put(data);
        return b.array();
    }
}
