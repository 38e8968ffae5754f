package io.voicerouter.provider.styletts2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which file of a model directory is the synthesis graph, so that each public release loads as it
 * is published: {@code model.onnx} (this module's own layout), {@code onnx/model.onnx}
 * (onnx-community's Kokoro-82M-v1.0-ONNX; its variants {@code onnx/model_fp16.onnx}, ... sit beside
 * it), or a top-level {@code kokoro*.onnx} (kokoro-onnx's {@code kokoro-v1.0.onnx}). When none of the
 * first two exist and exactly one variant or {@code kokoro*.onnx} does, that one is used; with
 * several, the context option {@code styletts2.model_file} names it.
 */
final class SynthesisGraph {
    static final String OPTION = "styletts2.model_file";

    private SynthesisGraph() {
    }

    /**
     * @param modelFile the {@code styletts2.model_file} option: a path relative to {@code dir}
     * @throws NoSuchFileException when {@code dir}, the named file or any candidate is missing
     * @throws IOException         when several candidates exist and none is named
     */
    static Path find(Path dir, Optional<String> modelFile) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "not a directory");
        }
        if (modelFile.isPresent()) {
            Path p = dir.resolve(modelFile.get()).normalize();
            if (!p.startsWith(dir.normalize()) || !Files.isRegularFile(p)) {
                throw new NoSuchFileException(p.toString(), null, OPTION + " names no file inside the model directory");
            }
            return p;
        }
        for (String standard : List.of(StyleTts2Model.SYNTHESIS, "onnx/" + StyleTts2Model.SYNTHESIS)) {
            if (Files.isRegularFile(dir.resolve(standard))) {
                return dir.resolve(standard);
            }
        }
        List<Path> candidates = new ArrayList<>();
        candidates.addAll(list(dir.resolve("onnx"), "model"));
        candidates.addAll(list(dir, "kokoro"));
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        if (candidates.isEmpty()) {
            throw new NoSuchFileException(dir.resolve(StyleTts2Model.SYNTHESIS).toString(), null,
                    "no synthesis graph: expected model.onnx, onnx/model*.onnx or kokoro*.onnx");
        }
        throw new IOException(dir + " has several synthesis graphs " + candidates.stream()
                .map(p -> dir.relativize(p).toString()).toList() + ": set " + OPTION + " to the one to use");
    }

    private static List<Path> list(Path folder, String prefix) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> {
                String n = f.getFileName().toString();
                return n.startsWith(prefix) && n.endsWith(".onnx") && Files.isRegularFile(f);
            }).sorted().toList();
        }
    }
}
