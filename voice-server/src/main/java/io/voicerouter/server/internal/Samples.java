package io.voicerouter.server.internal;

import io.voicerouter.config.VoiceConfig;
import io.voicerouter.config.VoiceSample;
import io.voicerouter.samples.SampleStore;
import io.voicerouter.samples.VoiceSampleAnalyzer;
import io.voicerouter.samples.VoiceSampleLibrary;

import io.voicerouter.store.jdbc.VoiceStore;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The server's sample files and library (opened at the first use: the analyzer loads an ONNX model),
 * and the locks that keep a file and the references to it consistent.
 *
 * <p>Entries in {@code voice_samples} are changed atomically in the store ({@code updatePersonality}),
 * so uploads and deletes need no per-personality lock here, in one server or several. What the store
 * cannot cover is the sample directory, which belongs to this server: files are kept by content hash
 * and shared by every entry with the same bytes, and the last reference's delete removes the file.
 * "Store the file, then add its entry" (upload) and "find no entry, then remove the file" (delete)
 * hold the file's lock, so a delete cannot remove a file between an upload storing it and its entry
 * being committed.
 */
public final class Samples implements AutoCloseable {
    /** Striped by hash: a fixed number of locks, whatever the number of files. */
    private static final int STRIPES = 64;

    private final Path directory;
    private final ReentrantLock[] fileLocks = new ReentrantLock[STRIPES];
    private final SampleStore store;
    private VoiceSampleAnalyzer analyzer;
    private VoiceSampleLibrary library;

    Samples(Path directory) {
        this.directory = directory;
        this.store = SampleStore.open(directory);
        for (int i = 0; i < STRIPES; i++) {
            fileLocks[i] = new ReentrantLock();
        }
    }

    public synchronized VoiceSampleLibrary library() {
        if (library == null) {
            analyzer = VoiceSampleAnalyzer.create();
            library = VoiceSampleLibrary.create(store, analyzer);
        }
        return library;
    }

    /**
     * The sample files, opened once at start: {@link SampleStore#open} removes every {@code .tmp} file
     * it finds (left by a crash), which would include one that an upload is writing at that moment.
     */
    public SampleStore store() {
        return store;
    }

    /** Held while the file with this hash is stored and referenced, or checked for references and removed. */
    public ReentrantLock fileLock(String sha256) {
        return fileLocks[Math.floorMod(sha256.hashCode(), STRIPES)];
    }

    /**
     * Removes the file with this hash when no sample of any personality in {@code store} refers to it
     * (entries of other servers on the database count too: keeping a file is the safe mistake); true
     * when removed. Holds the file's lock, so no upload of the same bytes commits its entry meanwhile.
     */
    public boolean deleteIfUnreferenced(VoiceStore voiceStore, String sha256) {
        ReentrantLock lock = fileLock(sha256);
        lock.lock();
        try {
            for (String id : voiceStore.personalityIds()) {
                Optional<VoiceConfig> c = voiceStore.personality(id);
                if (c.isPresent() && c.get().voiceSamples().stream().anyMatch(s -> sha256(s).filter(sha256::equals).isPresent())) {
                    return false;
                }
            }
            return store().delete(sha256);
        } finally {
            lock.unlock();
        }
    }

    /** The hash of the file an entry uploaded to a server refers to; empty for entries with an outside URL. */
    static Optional<String> sha256(VoiceSample s) {
        Object sha = s.extra().get("sha256");
        return sha instanceof String str && str.matches("[0-9a-f]{64}") ? Optional.of(str) : Optional.empty();
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
