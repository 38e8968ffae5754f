package io.voicerouter.server.internal;

import io.voicerouter.samples.SampleStore;
import io.voicerouter.samples.VoiceSampleAnalyzer;
import io.voicerouter.samples.VoiceSampleLibrary;

import java.nio.file.Path;

/** The sample library, opened at the first upload (the analyzer loads an ONNX model). */
public final class Samples implements AutoCloseable {
    private final Path directory;
    private VoiceSampleAnalyzer analyzer;
    private VoiceSampleLibrary library;

    Samples(Path directory) {
        this.directory = directory;
    }

    public synchronized VoiceSampleLibrary library() {
        if (library == null) {
            analyzer = VoiceSampleAnalyzer.create();
            library = VoiceSampleLibrary.create(SampleStore.open(directory), analyzer);
        }
        return library;
    }

    public Path directory() {
        return directory;
    }

    @Override
    public synchronized void close() {
        if (analyzer != null) {
            analyzer.close();
        }
    }
}
