package io.voicerouter.stats;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * Keeps provider statistics in one JSON file (snake_case, UTF-8):
 * <pre>{@code
 * {"format_version": 1, "providers": {"piper": {"provider_id": "piper", "requests": 12, ...}}}
 * }</pre>
 * Saves write a temp file next to the target, fsync it, and rename it over the target atomically,
 * so a crash or a failed write leaves the previous snapshot readable. Loading never throws: a
 * missing file is an empty snapshot, and a file that cannot be parsed is logged, renamed to
 * {@code <name>.<millis>.corrupt} for inspection and read as empty, so bad stats never stop the router.
 * Thread-safe; saves and loads of one instance are serialized.
 */
public final class JsonFileStatsStore implements StatsStore {
    private static final Logger LOG = LoggerFactory.getLogger(JsonFileStatsStore.class);
    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private final Path file;
    private final UnaryOperator<OutputStream> streamHook;
    private final ReentrantLock lock = new ReentrantLock();

    public JsonFileStatsStore(Path file) {
        this(file, UnaryOperator.identity());
    }

    /** For tests that make a write fail half-way. */
    JsonFileStatsStore(Path file, UnaryOperator<OutputStream> streamHook) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
        this.streamHook = streamHook;
    }

    public Path file() {
        return file;
    }

    @Override
    public Map<String, ProviderStatsSnapshot> load() {
        lock.lock();
        try {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                return Map.of();
            } catch (IOException e) {
                LOG.warn("Cannot read stats file {}; starting with empty stats", file, e);
                return Map.of();
            }
            try {
                StatsFile parsed = JSON.readValue(bytes, StatsFile.class);
                if (parsed == null) {
                    throw new IllegalArgumentException("the file holds no JSON document");
                }
                if (parsed.formatVersion() != StatsFile.VERSION) {
                    throw new IllegalArgumentException("unsupported format_version " + parsed.formatVersion());
                }
                return Map.copyOf(parsed.toSnapshots());
            } catch (IOException | IllegalArgumentException e) { // Jackson's parse errors are IOExceptions
                quarantine(e);
                return Map.of();
            }
        } finally {
            lock.unlock();
        }
    }

    /** @throws StatsStoreException when the file cannot be written; the previous one is then untouched */
    @Override
    public void save(Map<String, ProviderStatsSnapshot> snapshot) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(StatsFile.of(snapshot));
        } catch (JacksonException e) {
            throw new StatsStoreException("Cannot encode stats for " + file, e);
        }
        lock.lock();
        try {
            writeAtomically(bytes);
        } finally {
            lock.unlock();
        }
    }

    private void writeAtomically(byte[] bytes) {
        Path dir = file.getParent();
        Path temp = null;
        try {
            Files.createDirectories(dir);
            temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream out = streamHook.apply(Channels.newOutputStream(channel));
                out.write(bytes);
                out.flush();
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
            syncDirectory(dir);
        } catch (AtomicMoveNotSupportedException e) {
            throw new StatsStoreException("The file system of " + file + " cannot rename atomically", e);
        } catch (IOException e) {
            throw new StatsStoreException("Cannot save stats to " + file + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    LOG.warn("Cannot delete temp file {}", temp, e);
                }
            }
        }
    }

    /** Makes the rename itself durable; some platforms cannot open a directory, which is fine to skip. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("Cannot fsync directory {}", dir, e);
        }
    }

    private void quarantine(Exception cause) {
        Path aside = file.resolveSibling(file.getFileName() + "." + System.currentTimeMillis() + ".corrupt");
        try {
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            LOG.warn("Stats file {} is unreadable ({}); moved it to {} and starting with empty stats",
                    file, cause.getMessage(), aside);
        } catch (IOException e) {
            LOG.warn("Stats file {} is unreadable ({}) and could not be moved aside ({}); starting with empty "
                    + "stats, and the next save replaces it", file, cause.getMessage(), e.toString());
        }
    }

    @Override
    public String toString() {
        return "JsonFileStatsStore[" + file + "]";
    }
}
