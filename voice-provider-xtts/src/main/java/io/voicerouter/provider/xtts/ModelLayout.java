package io.voicerouter.provider.xtts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the files of an XTTS export are, laid out as the public export (pltobing/XTTSv2-Streaming-ONNX)
 * ships them: the four graphs, {@code metadata.json} (optional here; its {@code files} map may rename
 * the graphs and its token ids override the defaults), {@code embeddings/*.npy} (the tables are also
 * accepted next to the graphs), {@code mel_stats.npy} and {@code vocab.json}. A directory that holds
 * none of these but an {@code xtts_onnx/} folder with {@code metadata.json} (a clone of the repository)
 * is read from that folder.
 */
record ModelLayout(Path dir, Graphs.Files graphs, Path textEmbedding, Path textPosEmbedding, Path melEmbedding,
                   Path melPosEmbedding, Path melStats, Path vocab, int startAudio, int stopAudio) {

    /** The folder of the Hugging Face repository that holds the export (a clone keeps it there). */
    static final String REPOSITORY_FOLDER = "xtts_onnx";

    static ModelLayout of(Path dir, boolean preferInt8Gpt) throws IOException {
        Path folder = dir.resolve(REPOSITORY_FOLDER);
        if (!Files.exists(dir.resolve("metadata.json")) && !Files.exists(dir.resolve(Graphs.Files.DEFAULT.gpt()))
                && Files.isRegularFile(folder.resolve("metadata.json"))) {
            dir = folder; // a clone of the repository: the export is in its xtts_onnx/ folder
        }
        Graphs.Files files = Graphs.Files.DEFAULT;
        int startAudio = XttsConstants.V2.startAudio();
        int stopAudio = XttsConstants.V2.stopAudio();
        Path metadata = dir.resolve("metadata.json");
        if (Files.isRegularFile(metadata)) {
            JsonNode meta = new ObjectMapper().readTree(metadata.toFile());
            JsonNode f = meta.path("files");
            String gpt = f.path("gpt_model").asText(files.gpt());
            if (preferInt8Gpt && f.hasNonNull("gpt_model_int8")) {
                gpt = f.get("gpt_model_int8").asText();
            }
            files = new Graphs.Files(f.path("conditioning_encoder").asText(files.conditioning()),
                    f.path("speaker_encoder").asText(files.speaker()), gpt,
                    f.path("hifigan_vocoder").asText(files.vocoder()));
            startAudio = meta.path("start_audio_token").asInt(startAudio);
            stopAudio = meta.path("stop_audio_token").asInt(stopAudio);
        } else if (preferInt8Gpt && Files.isRegularFile(dir.resolve("gpt_model_int8.onnx"))) {
            files = new Graphs.Files(files.conditioning(), files.speaker(), "gpt_model_int8.onnx", files.vocoder());
        }
        return new ModelLayout(dir, files, table(dir, "text_embedding.npy"), table(dir, "text_pos_embedding.npy"),
                table(dir, "mel_embedding.npy"), table(dir, "mel_pos_embedding.npy"), dir.resolve("mel_stats.npy"),
                dir.resolve("vocab.json"), startAudio, stopAudio);
    }

    private static Path table(Path dir, String name) {
        Path nested = dir.resolve("embeddings").resolve(name);
        return Files.isRegularFile(nested) || !Files.isRegularFile(dir.resolve(name)) ? nested : dir.resolve(name);
    }

    Path gpt() {
        return dir.resolve(graphs.gpt());
    }

    /** Required files that are absent, relative to the model directory. */
    List<String> missing() {
        List<Path> all = new ArrayList<>();
        for (String g : graphs.all()) {
            all.add(dir.resolve(g));
        }
        all.addAll(List.of(textEmbedding, textPosEmbedding, melEmbedding, melPosEmbedding, melStats, vocab));
        List<String> out = new ArrayList<>();
        for (Path p : all) {
            if (!Files.isRegularFile(p)) {
                out.add(dir.relativize(p).toString());
            }
        }
        return out;
    }
}
