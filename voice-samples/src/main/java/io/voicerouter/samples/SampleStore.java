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
 * so a reader never sees half a file and a crash leaves at most a {@code .tmp} file that the next
 * {@link #open} removes. Storing the same bytes twice stores them once. Thread-safe, and safe for
 * several processes sharing the directory.
 */
public final class SampleStore {
    /** 50 MiB: a 30 s sample is under 6 MiB even as 48 kHz stereo 32-bit float. */
    public static final long DEFAULT_MAX_BYTES = 50L * 1024 * 1024;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final String TMP_SUFFIX = ".tmp";

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
                        Files.deleteIfExists(p); // left by a crash mid-write
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
        Path tmp = null;
        try {
            Files.createDirectories(target.getParent());
            tmp = Files.createTempFile(target.getParent(), hash.substring(0, 8) + "-", TMP_SUFFIX);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                var buf = java.nio.ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            return new StoredSample(hash, target, bytes.length, container);
        } catch (IOException e) {
            throw new SampleStoreException("cannot write sample " + hash, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // open() removes it next time
                }
            }
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
