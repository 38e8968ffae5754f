package io.voicerouter.provider.styletts2;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/** Voices files and Kokoro's bare config (WAV decoding and resampling are voice-core's WavCodec and Resampler). */
class ModelFilesTest {

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
