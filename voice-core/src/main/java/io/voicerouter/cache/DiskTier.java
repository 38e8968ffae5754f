package io.voicerouter.cache;

import io.voicerouter.audio.AudioData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Content-addressed audio files: {@code <dir>/<first two hex digits>/<digest>.vrac}. Writers go
 * through a private temp file in the target's directory and an atomic rename, so readers (in this
 * process or another sharing the directory) see a whole file or none. Every read is validated and a
 * file that fails is deleted, never served. Recency is the file's modification time, bumped on each
 * hit, because access times are often disabled (noatime).
 */
final class DiskTier {
    private static final Logger LOG = LoggerFactory.getLogger(DiskTier.class);
    static final String SUFFIX = ".vrac";
    private static final String TEMP_SUFFIX = ".tmp";
    /** Temp files older than this at start-up were left by a crashed writer. */
    private static final Duration STALE_TEMP = Duration.ofHours(1);

    private final Path root;
    private final long maximumBytes;
    private final Clock clock;
    /** Approximate: other processes may write too. Eviction rescans and corrects it. */
    private final AtomicLong bytes = new AtomicLong();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder corruptDropped = new LongAdder();
    private final Object evictionLock = new Object();

    DiskTier(Path root, long maximumBytes, Clock clock) throws IOException {
        this.root = root;
        this.maximumBytes = maximumBytes;
        this.clock = clock;
        Files.createDirectories(root);
        bytes.set(scan(true).stream().mapToLong(EntryFile::size).sum());
    }

    Optional<AudioData> read(String digest) {
        Path file = pathOf(digest);
        byte[] content;
        try {
            if (!isRegularOrMissing(file)) {
                LOG.warn("Ignoring cache path {}: not a regular file", file);
                return Optional.empty();
            }
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.warn("Cannot read cache file {}; treating it as a miss", file, e);
            return Optional.empty();
        }
        try {
            AudioData audio = AudioFileFormat.decode(digest, content);
            touch(file);
            return Optional.of(audio);
        } catch (AudioFileFormat.CorruptEntryException e) {
            LOG.warn("Dropping corrupt cache file {}: {}", file, e.getMessage());
            corruptDropped.increment();
            deleteQuietly(file, content.length);
            return Optional.empty();
        }
    }

    /** Stores {@code audio}; a failure is logged and swallowed, because the caller already has its audio. */
    void write(String digest, AudioData audio) {
        byte[] content = AudioFileFormat.encode(digest, audio);
        if (content.length > maximumBytes) {
            LOG.debug("Not caching {} on disk: {} bytes exceed the {} byte cap", digest, content.length, maximumBytes);
            return;
        }
        Path file = pathOf(digest);
        Path temp = null;
        try {
            Files.createDirectories(file.getParent());
            if (!isRegularOrMissing(file)) {
                LOG.warn("Not caching {} on disk: {} is not a regular file and is left alone", digest, file);
                return;
            }
            temp = Files.createTempFile(file.getParent(), digest, TEMP_SUFFIX);
            Files.write(temp, content);
            Files.setLastModifiedTime(temp, FileTime.from(clock.instant()));
            long replaced = sizeOrZero(file);
            moveAtomically(temp, file);
            bytes.addAndGet(content.length - replaced);
        } catch (IOException e) {
            LOG.warn("Cannot write cache file {}; the entry stays in memory only", file, e);
            if (temp != null) {
                deleteQuietly(temp, 0);
            }
            return;
        }
        if (bytes.get() > maximumBytes) {
            evict();
        }
    }

    /** Deletes every entry (and leaves the directory in place). */
    void clear() {
        synchronized (evictionLock) {
            for (EntryFile entry : scan(false)) {
                deleteQuietly(entry.path(), 0);
            }
            bytes.set(0);
        }
    }

    long bytes() {
        return bytes.get();
    }

    long evictions() {
        return evictions.sum();
    }

    long corruptDropped() {
        return corruptDropped.sum();
    }

    Path pathOf(String digest) {
        return root.resolve(digest.substring(0, 2)).resolve(digest + SUFFIX);
    }

    /** Deletes least recently used files until the tier fits its cap again. */
    private void evict() {
        synchronized (evictionLock) {
            List<EntryFile> entries = scan(false);
            long total = entries.stream().mapToLong(EntryFile::size).sum();
            entries.sort(Comparator.comparing(EntryFile::lastUsed).thenComparing(e -> e.path().toString()));
            for (EntryFile entry : entries) {
                if (total <= maximumBytes) {
                    break;
                }
                if (deleteQuietly(entry.path(), 0)) {
                    evictions.increment();
                    LOG.debug("Evicted cache file {} ({} bytes)", entry.path(), entry.size());
                }
                total -= entry.size();
            }
            bytes.set(total);
        }
    }

    private List<EntryFile> scan(boolean removeStaleTemps) {
        List<EntryFile> out = new ArrayList<>();
        try (DirectoryStream<Path> shards = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path shard : shards) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(shard)) {
                    for (Path f : files) {
                        collect(f, removeStaleTemps, out);
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot list cache directory {}", root, e);
        }
        return out;
    }

    private void collect(Path file, boolean removeStaleTemps, List<EntryFile> out) {
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
            String name = file.getFileName().toString();
            if (!attrs.isRegularFile()) {
                return;
            }
            if (name.endsWith(SUFFIX)) {
                out.add(new EntryFile(file, attrs.size(), attrs.lastModifiedTime()));
            } else if (removeStaleTemps && name.endsWith(TEMP_SUFFIX)
                    && attrs.lastModifiedTime().toInstant().isBefore(clock.instant().minus(STALE_TEMP))) {
                deleteQuietly(file, 0);
            }
        } catch (NoSuchFileException e) {
            // deleted by a concurrent eviction or another process: nothing to count
        } catch (IOException e) {
            LOG.warn("Cannot inspect cache file {}", file, e);
        }
    }

    private void touch(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.from(clock.instant()));
        } catch (IOException e) {
            // evicted between the read and now, or a read-only directory: recency is only a hint
            LOG.debug("Cannot update the time of {}", file, e);
        }
    }

    private static void moveAtomically(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + target + " cannot rename atomically", e);
        }
    }

    /**
     * Entries are plain files this tier wrote; anything else found under its name (a link, a FIFO,
     * a folder someone put there) is neither read, which could block forever, nor replaced.
     */
    private static boolean isRegularOrMissing(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isRegularFile();
        } catch (NoSuchFileException e) {
            return true;
        }
    }

    private static long sizeOrZero(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private boolean deleteQuietly(Path file, long size) {
        try {
            boolean deleted = Files.deleteIfExists(file);
            if (deleted && size > 0) {
                bytes.addAndGet(-size);
            }
            return deleted;
        } catch (IOException e) {
            LOG.warn("Cannot delete cache file {}", file, e);
            return false;
        }
    }

    private record EntryFile(Path path, long size, FileTime lastUsed) {
    }
}
