package io.voicerouter.stats;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.voicerouter.internal.io.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * Keeps provider statistics in one JSON file (snake_case, UTF-8) that several processes may share:
 * <pre>{@code
 * {"format_version": 1, "providers": {"piper": {"provider_id": "piper", "requests": 12, ...}}}
 * }</pre>
 * <ul>
 * <li>Every load and save holds an exclusive lock on {@code <name>.lock} next to the file (and a lock
 *     per file within this JVM), so processes take turns.</li>
 * <li>A save re-reads the file and adds what this store's owner counted since its last load or save
 *     ({@link StatsMerge}): ten processes that each count one request leave ten. The new file is
 *     written through {@link AtomicFiles} (temp file, fsync, atomic rename), so a crash leaves the
 *     previous one readable; temp files a crashed writer left are deleted on the next load.</li>
 * <li>A file that exists but cannot be trusted (not JSON, an unknown format, a null entry, a negative
 *     count, not a regular file, over {@value #MAX_BYTES} bytes) is <em>damaged</em>: it is left
 *     exactly as it is, {@link #load()} returns no counters and {@link #damage()} says why, so the
 *     router treats every quota as unknown instead of starting again from zero; saves are refused
 *     with {@link StatsStoreException} until an operator runs {@link #repair()} or {@link #reset()}
 *     ({@code voice stats repair}, {@code voice stats reset}).</li>
 * </ul>
 * One instance serves one router: the counts it adds on save are measured against what it last
 * loaded or saved. Thread-safe.
 */
public final class JsonFileStatsStore implements StatsStore {
    private static final Logger LOG = LoggerFactory.getLogger(JsonFileStatsStore.class);
    /** A stats file for hundreds of providers over years stays far below this; more is not ours. */
    static final long MAX_BYTES = 16L << 20;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();
    /** FileLock is per process: threads of this JVM (and other instances on the same file) queue here. */
    private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final Path lockFile;
    private final UnaryOperator<OutputStream> streamHook;
    private final ReentrantLock lock;
    // Guarded by lock: what the owner's counters were at the last load or save, and why the file was refused.
    private Map<String, ProviderStatsSnapshot> base = Map.of();
    private volatile String damage;

    public JsonFileStatsStore(Path file) {
        this(file, UnaryOperator.identity());
    }

    /** For tests that make a write fail half-way. */
    JsonFileStatsStore(Path file, UnaryOperator<OutputStream> streamHook) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
        this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
        this.streamHook = streamHook;
        this.lock = JVM_LOCKS.computeIfAbsent(this.file, k -> new ReentrantLock());
    }

    public Path file() {
        return file;
    }

    /** The saved counters; empty when there are none or when the file is damaged (see {@link #damage()}). */
    @Override
    public Map<String, ProviderStatsSnapshot> load() {
        if (!Files.isDirectory(file.getParent())) {
            base = Map.of();
            damage = null;
            return Map.of();
        }
        try {
            return locked(() -> {
                deleteStaleTempFiles();
                return accept(read());
            });
        } catch (StatsStoreException e) {
            // A read-only folder (another user's stats, a read-only mount): renames keep the file
            // whole, so reading without the lock is safe; only saving needs it.
            LOG.debug("Reading {} without the lock: {}", file, e.getMessage());
            lock.lock();
            try {
                return accept(read());
            } finally {
                lock.unlock();
            }
        }
    }

    private Map<String, ProviderStatsSnapshot> accept(Read read) {
        if (read.problem() != null) {
            damage = read.problem();
            base = Map.of();
            LOG.warn("Stats file {} is damaged ({}); it is left as it is, quotas count as unknown and providers "
                    + "with a quota are skipped until it is repaired or reset (voice stats repair / voice stats "
                    + "reset)", file, read.problem());
            return Map.of();
        }
        damage = null;
        base = read.snapshots();
        return read.snapshots();
    }

    @Override
    public Optional<String> damage() {
        String d = damage;
        return d == null ? Optional.empty() : Optional.of("stats file " + file + " is damaged: " + d);
    }

    /**
     * Adds what changed in {@code snapshot} since this store's last load or save to the file.
     *
     * @throws StatsStoreException when the file is damaged or cannot be written; it is then untouched
     */
    @Override
    public void save(Map<String, ProviderStatsSnapshot> snapshot) {
        Map<String, ProviderStatsSnapshot> mine = Map.copyOf(snapshot);
        locked(() -> {
            Read read = read();
            if (read.problem() != null) {
                throw new StatsStoreException("Not saving stats: " + file + " is damaged (" + read.problem()
                        + "); repair or reset it with `voice stats repair` or `voice stats reset`", null);
            }
            write(StatsMerge.apply(read.snapshots(), mine, base));
            base = mine;
            return null;
        });
    }

    /**
     * Keeps what can be kept of a damaged file (see {@link StatsFile#salvage}); the old file is
     * copied to {@code <name>.<millis>.bak} first.
     *
     * @return what was changed, one line each; empty when the file needed nothing
     * @throws StatsStoreException when the file is not a stats file at all (then only {@link #reset()} helps)
     */
    public Repair repair() {
        return locked(() -> {
            Read read = read();
            if (read.problem() == null) {
                return new Repair(List.of(), Optional.empty());
            }
            byte[] bytes = read.bytes();
            if (bytes == null) {
                throw new StatsStoreException("Cannot repair " + file + ": " + read.problem() + "; reset it instead", null);
            }
            List<String> changes = new ArrayList<>();
            Map<String, ProviderStatsSnapshot> kept;
            try {
                kept = StatsFile.salvage(JSON, JSON.readTree(bytes), changes);
            } catch (IOException | IllegalArgumentException e) {
                throw new StatsStoreException("Cannot repair " + file + ": " + e.getMessage().lines().findFirst()
                        .orElse("") + "; reset it instead", e);
            }
            Path backup = backup();
            write(kept);
            changes.add(0, read.problem());
            return new Repair(List.copyOf(changes), Optional.of(backup));
        });
    }

    /**
     * Starts every counter again from zero, quota counters included; the old file is copied to
     * {@code <name>.<millis>.bak} first.
     *
     * @return the backup, empty when there was no file
     */
    public Optional<Path> reset() {
        return locked(() -> {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            Path backup = backup();
            write(Map.of());
            return Optional.of(backup);
        });
    }

    /** What {@link #repair()} did. */
    public record Repair(List<String> changes, Optional<Path> backup) {
    }

    /** The file's counters, or why it is damaged; {@code bytes} as read, null when it was not read. */
    private record Read(Map<String, ProviderStatsSnapshot> snapshots, String problem, byte[] bytes) {
        static Read damaged(String problem) {
            return new Read(Map.of(), problem, null);
        }

        static Read damaged(String problem, byte[] bytes) {
            return new Read(Map.of(), problem, bytes);
        }
    }

    private Read read() {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return new Read(Map.of(), null, null);
        } catch (IOException e) {
            return Read.damaged("cannot be examined: " + e);
        }
        if (!attrs.isRegularFile()) {
            return Read.damaged("not a regular file");
        }
        if (attrs.size() > MAX_BYTES) {
            return Read.damaged(attrs.size() + " bytes, more than a stats file's " + MAX_BYTES);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return Read.damaged("cannot be read: " + e);
        }
        StatsFile parsed;
        List<String> problems;
        try {
            JsonNode root = JSON.readTree(bytes);
            if (root == null || root.isMissingNode()) {
                return Read.damaged("holds no JSON document", bytes);
            }
            parsed = JSON.treeToValue(root, StatsFile.class);
            problems = new ArrayList<>(StatsFile.nullCounters(root));
        } catch (IOException | IllegalArgumentException e) { // Jackson's parse errors are IOExceptions
            return Read.damaged("not a stats file (" + e.getMessage().lines().findFirst().orElse("") + ")", bytes);
        }
        if (parsed == null) {
            return Read.damaged("holds no JSON document", bytes);
        }
        problems.addAll(parsed.problems());
        if (!problems.isEmpty()) {
            return Read.damaged(String.join("; ", problems), bytes);
        }
        return new Read(Map.copyOf(parsed.toSnapshots()), null, bytes);
    }

    private void write(Map<String, ProviderStatsSnapshot> snapshots) throws IOException {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(StatsFile.of(snapshots));
        } catch (JacksonException e) {
            throw new StatsStoreException("Cannot encode stats for " + file, e);
        }
        AtomicFiles.replace(file, out -> {
            OutputStream hooked = streamHook.apply(out);
            hooked.write(bytes);
            hooked.flush();
        });
    }

    private Path backup() throws IOException {
        Path backup = file.resolveSibling(file.getFileName() + "." + System.currentTimeMillis() + ".bak");
        Files.copy(file, backup, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        return backup;
    }

    /**
     * Temp files of a writer that crashed. Writers hold the lock while their temp file exists, so
     * under the lock every one found is an orphan. Both the current and the older naming are matched.
     */
    private void deleteStaleTempFiles() throws IOException {
        Path dir = Files.isRegularFile(file) ? file.toRealPath().getParent() : file.getParent();
        String name = file.getFileName().toString();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.tmp")) {
            for (Path p : entries) {
                String n = p.getFileName().toString();
                if ((AtomicFiles.isTempFileOf(file, p) || n.startsWith(name)) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(p);
                    LOG.info("Deleted {}, a temp file left by a stats save that did not finish", p);
                }
            }
        }
    }

    @FunctionalInterface
    private interface Body<T> {
        T run() throws IOException;
    }

    private <T> T locked(Body<T> body) {
        lock.lock();
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = openLockFile(); FileLock ignored = channel.lock()) {
                return body.run();
            }
        } catch (IOException e) {
            throw new StatsStoreException("Cannot use stats file " + file + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private FileChannel openLockFile() throws IOException {
        try {
            if (!Files.readAttributes(lockFile, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isRegularFile()) {
                throw new StatsStoreException("The stats lock " + lockFile + " is not a regular file; remove it", null);
            }
        } catch (NoSuchFileException e) {
            // created below
        }
        return FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    @Override
    public String toString() {
        return "JsonFileStatsStore[" + file + "]";
    }
}
