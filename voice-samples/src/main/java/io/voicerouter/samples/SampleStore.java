package io.voicerouter.samples;

import io.voicerouter.error.AudioFormatException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Content-addressed storage of sample files: {@code <dir>/<first two hex digits>/<sha256>.<wav|mp3>}.
 * A write goes to a temporary file in the target folder, is forced to disk and atomically renamed,
 * so a reader never sees half a file. The writer holds an exclusive lock on its temporary file
 * ({@link FileChannel#lock}) from just after creating it until the rename; the operating system drops
 * the lock when the writer's process dies. So {@link #open} removes a {@code .tmp} file only when its
 * lock can be taken (its writer is gone: a crash mid-write) and it is older than {@link #ABANDONED_AFTER}
 * (which covers the instant between creating the file and locking it); a write in progress in this or
 * any other process on the directory is never removed. Storing the same bytes twice stores them once.
 * Thread-safe, and safe for several processes sharing the directory (on a local file system whose
 * locks the processes share; NFS needs working lockd).
 */
public final class SampleStore {
    /** 50 MiB: a 30 s sample is under 6 MiB even as 48 kHz stereo 32-bit float. */
    public static final long DEFAULT_MAX_BYTES = 50L * 1024 * 1024;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final String TMP_SUFFIX = ".tmp";
    /** A temporary file younger than this is never removed, even unlocked: its writer may be about to lock it. */
    public static final java.time.Duration ABANDONED_AFTER = java.time.Duration.ofMinutes(1);
    /**
     * The temporary files this JVM is writing. The cleaner skips them without opening them: closing any
     * channel of a file releases all of this process's locks on it (POSIX record locks), so probing a
     * file this JVM writes would unlock it for other processes.
     */
    private static final java.util.Set<Path> WRITING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final Path directory;
    private final long maxBytes;

    private SampleStore(Path directory, long maxBytes) {
        this.directory = directory;
        this.maxBytes = maxBytes;
    }

    public static SampleStore open(Path directory) {
        return open(directory, DEFAULT_MAX_BYTES);
    }

    public static SampleStore open(Path directory, long maxBytes) {
        Objects.requireNonNull(directory, "directory");
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        try {
            Files.createDirectories(directory);
            try (var files = Files.walk(directory, 2)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    if (p.getFileName().toString().endsWith(TMP_SUFFIX)) {
                        removeIfAbandoned(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new SampleStoreException("cannot open sample store " + directory, e);
        }
        return new SampleStore(directory, maxBytes);
    }

    public Path directory() {
        return directory;
    }

    /**
     * Stores {@code bytes}, which must be a WAV or MP3 file, and returns where they are.
     *
     * @throws AudioFormatException     for bytes that are not WAV or MP3
     * @throws SampleTooLargeException  above the store's size limit
     */
    public StoredSample put(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length > maxBytes) {
            throw new SampleTooLargeException(String.format(Locale.ROOT,
                    "sample is %d bytes; the store takes at most %d", bytes.length, maxBytes), maxBytes);
        }
        String container = container(bytes);
        String hash = sha256(bytes);
        Path target = pathFor(hash, container);
        if (Files.isRegularFile(target)) {
            return new StoredSample(hash, target, bytes.length, container);
        }
        try {
            Files.createDirectories(target.getParent());
            try (Temp tmp = Temp.create(target.getParent(), hash.substring(0, 8) + "-")) {
                var buf = java.nio.ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    tmp.channel().write(buf);
                }
                tmp.moveTo(target);
            }
            return new StoredSample(hash, target, bytes.length, container);
        } catch (IOException e) {
            throw new SampleStoreException("cannot write sample " + hash, e);
        }
    }

    /**
     * A temporary file being written, locked by its writer until it is renamed into place or closed
     * (then deleted, when the rename did not happen). Package-private for the cross-process test.
     */
    record Temp(Path path, FileChannel channel) implements AutoCloseable {
        static Temp create(Path folder, String prefix) throws IOException {
            Path path = Files.createTempFile(folder, prefix, TMP_SUFFIX);
            WRITING.add(key(path));
            FileChannel channel = null;
            try {
                channel = FileChannel.open(path, StandardOpenOption.WRITE);
                channel.lock(); // held until the channel closes; released by the OS if this process dies
                return new Temp(path, channel);
            } catch (IOException | RuntimeException e) {
                if (channel != null) {
                    channel.close();
                }
                Files.deleteIfExists(path);
                WRITING.remove(key(path));
                throw e;
            }
        }

        /** Forces the bytes to disk and renames the file to {@code target}, still holding the lock. */
        void moveTo(Path target) throws IOException {
            channel.force(true);
            try {
                Files.move(path, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(path, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                Files.deleteIfExists(path); // still there only when the write failed before the rename
            } finally {
                channel.close();
                WRITING.remove(key(path));
            }
        }
    }

    private static Path key(Path p) {
        return p.toAbsolutePath().normalize();
    }

    /** Removes a temporary file whose writer is gone (its lock can be taken) and that is old enough. */
    private static void removeIfAbandoned(Path tmp) throws IOException {
        if (WRITING.contains(key(tmp))) {
            return; // being written by this JVM
        }
        try {
            if (Files.getLastModifiedTime(tmp).toInstant()
                    .isAfter(java.time.Instant.now().minus(ABANDONED_AFTER))) {
                return;
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                java.nio.channels.FileLock lock;
                try {
                    lock = ch.tryLock();
                } catch (java.nio.channels.OverlappingFileLockException e) {
                    return; // another cleaner in this JVM holds it
                }
                if (lock == null) {
                    return; // a writer in another process holds it
                }
                Files.deleteIfExists(tmp); // left by a crash mid-write; deleted while we hold its lock
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // renamed into place or removed meanwhile
        }
    }

    /** The stored sample with this hash, if any. */
    public Optional<StoredSample> find(String sha256) {
        checkHash(sha256);
        for (String container : new String[] {"wav", "mp3"}) {
            Path p = pathFor(sha256, container);
            if (Files.isRegularFile(p)) {
                try {
                    return Optional.of(new StoredSample(sha256, p, Files.size(p), container));
                } catch (IOException e) {
                    throw new SampleStoreException("cannot read sample " + sha256, e);
                }
            }
        }
        return Optional.empty();
    }

    /** The bytes of a stored sample, checked against their hash. */
    public Optional<byte[]> read(String sha256) {
        Optional<StoredSample> s = find(sha256);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        try {
            byte[] bytes = Files.readAllBytes(s.get().path());
            if (!sha256(bytes).equals(sha256)) {
                throw new SampleStoreException("sample " + sha256 + " is corrupt on disk");
            }
            return Optional.of(bytes);
        } catch (IOException e) {
            throw new SampleStoreException("cannot read sample " + sha256, e);
        }
    }

    /** Removes a sample; false when it was not there. */
    public boolean delete(String sha256) {
        Optional<StoredSample> s = find(sha256);
        try {
            return s.isPresent() && Files.deleteIfExists(s.get().path());
        } catch (IOException e) {
            throw new SampleStoreException("cannot delete sample " + sha256, e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private Path pathFor(String hash, String container) {
        return directory.resolve(hash.substring(0, 2)).resolve(hash + "." + container);
    }

    private static void checkHash(String sha256) {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a lower-case hex SHA-256: " + sha256);
        }
    }

    private static String container(byte[] bytes) {
        if (SampleDecoder.looksLikeWav(bytes)) {
            return "wav";
        }
        if (Mp3Reader.looksLikeMp3(bytes)) {
            return "mp3";
        }
        throw new AudioFormatException("the sample store keeps WAV and MP3 files only");
    }
}
