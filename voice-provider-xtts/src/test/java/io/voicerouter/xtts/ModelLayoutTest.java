package io.voicerouter.xtts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The export's file layout: metadata.json file names, the INT8 GPT, tables in embeddings/ or at the root. */
class ModelLayoutTest {
    @Test
    void theTinyExportHasEveryFile() throws Exception {
        ModelLayout layout = ModelLayout.of(Fixtures.tinyModel(), false);
        assertThat(layout.missing()).isEmpty();
        assertThat(layout.textEmbedding().getParent().getFileName().toString()).isEqualTo("embeddings");
        assertThat(layout.startAudio()).isEqualTo(1024);
        assertThat(layout.stopAudio()).isEqualTo(1025);
    }

    @Test
    void metadataNamesTheGraphsAndTheInt8GptIsPreferredOnRequest(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("metadata.json"), "{\"files\":{\"conditioning_encoder\":\"c.onnx\","
                + "\"speaker_encoder\":\"s.onnx\",\"gpt_model\":\"g.onnx\",\"gpt_model_int8\":\"g8.onnx\","
                + "\"hifigan_vocoder\":\"v.onnx\"},\"start_audio_token\":1024,\"stop_audio_token\":1025}");
        assertThat(ModelLayout.of(dir, false).graphs().gpt()).isEqualTo("g.onnx");
        ModelLayout int8 = ModelLayout.of(dir, true);
        assertThat(int8.graphs().gpt()).isEqualTo("g8.onnx");
        assertThat(int8.missing()).contains("c.onnx", "s.onnx", "g8.onnx", "v.onnx", "mel_stats.npy", "vocab.json")
                .anySatisfy(m -> assertThat(m).contains("embeddings").contains("text_embedding.npy"));
    }

    @Test
    void tablesNextToTheGraphsAreAccepted(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("mel_embedding.npy"), "x");
        ModelLayout layout = ModelLayout.of(dir, false);
        assertThat(layout.melEmbedding()).isEqualTo(dir.resolve("mel_embedding.npy"));
        assertThat(layout.textEmbedding()).isEqualTo(dir.resolve("embeddings").resolve("text_embedding.npy"));
        assertThat(layout.graphs()).isEqualTo(Graphs.Files.DEFAULT);
    }
}
