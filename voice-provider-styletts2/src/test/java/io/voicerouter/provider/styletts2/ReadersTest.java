package io.voicerouter.provider.styletts2;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/** WAV decoding, resampling, voices files and Kokoro's bare config. */
class ReadersTest {

    static byte[] wav(int format, int channels, int rate, int bits, double[] interleaved) {
        int width = bits / 8;
        ByteBuffer b = ByteBuffer.allocate(44 + interleaved.length * width).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + interleaved.length * width)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII)).put("fmt ".getBytes(StandardCharsets.US_ASCII))
                .putInt(16).putShort((short) format).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * width).putShort((short) (channels * width)).putShort((short) bits)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(interleaved.length * width);
        for (double v : interleaved) {
            if (format == 3) {
                b.putFloat((float) v);
            } else if (bits == 16) {
                b.putShort((short) Math.round(v * 32767));
            } else {
                int i = (int) Math.round(v * 8388607);
                b.put((byte) i).put((byte) (i >> 8)).put((byte) (i >> 16));
            }
        }
        return b.array();
    }

    @Test
    void stereo16BitIsMixedToMono() {
        WavReader.Pcm pcm = WavReader.read(wav(1, 2, 22050, 16, new double[] {0.5, -0.5, 0.25, 0.75}));
        assertThat(pcm.sampleRate()).isEqualTo(22050);
        assertThat(pcm.samples()).hasSize(2);
        assertThat(pcm.samples()[0]).isCloseTo(0f, offset(1e-4f));
        assertThat(pcm.samples()[1]).isCloseTo(0.5f, offset(1e-4f));
    }

    @Test
    void float32And24BitDecode() {
        assertThat(WavReader.read(wav(3, 1, 24000, 32, new double[] {0.125, -1})).samples())
                .containsExactly(0.125f, -1f);
        float[] s24 = WavReader.read(wav(1, 1, 48000, 24, new double[] {-0.5, 0.9})).samples();
        assertThat(s24[0]).isCloseTo(-0.5f, offset(1e-6f));
        assertThat(s24[1]).isCloseTo(0.9f, offset(1e-6f));
    }

    @Test
    void nonWavIsRefusedClearly() {
        assertThatThrownBy(() -> WavReader.read("ID3 not a wav at all".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RIFF");
    }

    @Test
    void resamplingKeepsAToneAndItsLevel() {
        int from = 22050;
        float[] tone = new float[from];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / from));
        }
        float[] out = WavReader.resample(tone, from, 24000);
        assertThat(out).hasSize(24000);
        double worst = 0;
        for (int i = 1000; i < 23000; i++) { // edges lack neighbours on one side
            worst = Math.max(worst, Math.abs(out[i] - 0.5 * Math.sin(2 * Math.PI * 440 * i / 24000.0)));
        }
        assertThat(worst).isLessThan(0.01);
    }

    @Test
    void downsamplingRemovesWhatTheNewRateCannotHold() {
        int from = 48000;
        float[] high = new float[from];
        for (int i = 0; i < high.length; i++) {
            high[i] = (float) (0.5 * Math.sin(2 * Math.PI * 15000 * i / from));
        }
        float[] out = WavReader.resample(high, from, 24000);
        assertThat(out).hasSize(24000);
        double peak = 0;
        for (int i = 1000; i < 23000; i++) {
            peak = Math.max(peak, Math.abs(out[i]));
        }
        assertThat(peak).as("a 15 kHz tone must not alias into a 24 kHz signal").isLessThan(0.02);
    }

    @Test
    void voicesFromNpzAndRawFolder(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("voices"));
        ByteBuffer raw = ByteBuffer.allocate(3 * 256 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 3 * 256; i++) {
            raw.putFloat(i);
        }
        Files.write(dir.resolve("voices/raw_voice.bin"), raw.array());
        Files.copy(TestData.path("probe/voices.npz"), dir.resolve("voices-v1.0.bin"));
        VoiceTable table = VoiceTable.load(dir);
        assertThat(table.names()).containsExactly("af_probe", "bm_probe", "raw_voice");
        assertThat(table.style("raw_voice", 1)[0]).isEqualTo(256f);
        assertThat(table.style("raw_voice", 99)[0]).as("past the last row").isEqualTo(512f);
        assertThat(table.style("af_probe", 7)[3]).isCloseTo(7.003f, offset(1e-5f));
    }

    @Test
    void kokorosOwnConfigNeedsOnlyTheVocab(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("config.json"), "{\"vocab\": {\"a\": 43, \"ɹ\": 123, \"ab\": 5}, \"n_token\": 178}");
        ModelConfig c = ModelConfig.read(dir.resolve("config.json"));
        assertThat(c.vocab()).containsEntry((int) 'a', 43L).containsEntry("ɹ".codePointAt(0), 123L).hasSize(2);
        assertThat(c.padEnd()).isTrue();
        assertThat(c.maxPhonemes()).isEqualTo(510);
        assertThat(c.languages()).containsEntry("en", "en-us");
        Files.writeString(dir.resolve("config.json"), "{\"n_token\": 178}");
        assertThatThrownBy(() -> ModelConfig.read(dir.resolve("config.json"))).hasMessageContaining("vocab");
    }
}
