package io.voicerouter.audio;

import io.voicerouter.error.AudioFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WavStreamWriterTest {
    @TempDir
    Path dir;

    private static List<AudioData> chunks(int rate, int channels) {
        float[] a = new float[301 * channels];
        float[] b = new float[120 * channels];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) Math.sin(i * 0.05) * 0.5f;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) Math.cos(i * 0.07) * 0.25f;
        }
        return List.of(AudioData.wrap(a, rate, channels), AudioData.wrap(b, rate, channels));
    }

    @Test
    void aFileWrittenChunkByChunkIsByteForByteTheWholeWav() throws Exception {
        for (SampleFormat format : new SampleFormat[] {SampleFormat.PCM_16, SampleFormat.FLOAT_32}) {
            for (int channels : new int[] {1, 3}) {
                List<AudioData> parts = chunks(22050, channels);
                Path file = dir.resolve("out-" + format + "-" + channels + ".wav");
                try (WavStreamWriter w = WavStreamWriter.toFile(file, format, 22050, channels)) {
                    for (AudioData p : parts) {
                        w.write(p);
                    }
                }
                byte[] expected = WavCodec.write(parts.get(0).concat(parts.get(1)), format);
                assertThat(Files.readAllBytes(file)).as(format + " x " + channels).isEqualTo(expected);
                assertThat(WavCodec.read(file).audio().frames()).isEqualTo(421);
            }
        }
        try (var listing = Files.list(dir)) {
            assertThat(listing.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
    }

    @Test
    void aStreamHasUnknownSizesAndTheSameSamples() {
        List<AudioData> parts = chunks(16000, 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WavStreamWriter w = WavStreamWriter.toStream(out, SampleFormat.PCM_16, 16000, 1);
        w.write(parts.get(0));
        w.flush();
        int afterFirst = out.size();
        w.write(parts.get(1));
        w.close();
        byte[] streamed = out.toByteArray();
        byte[] whole = WavCodec.write(parts.get(0).concat(parts.get(1)), SampleFormat.PCM_16);
        ByteBuffer h = ByteBuffer.wrap(streamed).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(h.getInt(4)).isEqualTo(0xFFFFFFFF);
        assertThat(h.getInt(40)).isEqualTo(0xFFFFFFFF);
        assertThat(afterFirst).as("the first chunk is out before the second is written").isEqualTo(44 + 301 * 2);
        assertThat(Arrays.copyOfRange(streamed, 44, streamed.length)).isEqualTo(Arrays.copyOfRange(whole, 44, whole.length));
    }

    @Test
    void abortLeavesTheTargetAsItWasAndAWrongChunkIsTyped() throws Exception {
        Path file = dir.resolve("keep.wav");
        Files.writeString(file, "previous");
        WavStreamWriter w = WavStreamWriter.toFile(file, SampleFormat.PCM_16, 22050, 1);
        w.write(chunks(22050, 1).get(0));
        assertThatThrownBy(() -> w.write(chunks(16000, 1).get(0))).isInstanceOf(AudioFormatException.class);
        w.abort();
        assertThat(Files.readString(file)).isEqualTo("previous");
        try (var listing = Files.list(dir)) {
            assertThat(listing).containsExactly(file);
        }
    }
}
