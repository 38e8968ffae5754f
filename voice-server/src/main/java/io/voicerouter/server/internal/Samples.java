package io.voicerouter.server.internal;

import io.voicerouter.samples.SampleStore;
import io.voicerouter.samples.VoiceSampleAnalyzer;
import io.voicerouter.samples.VoiceSampleLibrary;

import java.nio.file.Path;

/** The sample library, opened at the first upload (the analyzer loads an ONNX model). */
public final class Samples implements AutoCloseable {
    private final Path directory;
    /** One lock per personality id (ids are few: a personality's lock lives as long as the server). */
    private final java.util.concurrent.ConcurrentMap<String, java.util.concurrent.locks.ReentrantLock> locks =
            new java.util.concurrent.ConcurrentHashMap<>();
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

    /** Held while one upload reads, changes and writes back a personality's {@code voice_samples}. */
    public java.util.concurrent.locks.ReentrantLock lockFor(String personalityId) {
        return locks.computeIfAbsent(personalityId, k -> new java.util.concurrent.locks.ReentrantLock());
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
