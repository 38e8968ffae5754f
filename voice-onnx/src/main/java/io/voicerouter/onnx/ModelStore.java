package io.voicerouter.onnx;

import io.voicerouter.spi.ProviderContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A directory of downloaded model files. {@link #fetch} returns a file's local path, downloading it
 * first when it is missing: into {@code NAME.part}, resuming an earlier partial download with an
 * HTTP range request, checking size and digest, then renaming it into place atomically, so a file
 * under its final name is always complete. A lock file ({@code NAME.lock}) keeps two processes from
 * downloading the same file at once, and an in-process lock does the same for threads.
 * In offline mode a missing file is an {@link OfflineException}. Thread-safe.
 */
public final class ModelStore {
    private static final Logger LOG = LoggerFactory.getLogger(ModelStore.class);
    private static final int BUFFER = 64 * 1024;
    /** Per-JVM locks: FileChannel.lock is per process, so threads need their own. */
    private static final ConcurrentMap<Path, ReentrantLock> LOCAL_LOCKS = new ConcurrentHashMap<>();

    private final Path directory;
    private final boolean offline;
    private final DownloadListener listener;
    private final int maxAttempts;
    private final RangeDownload downloader;

    private ModelStore(Builder b) {
        this.directory = b.directory.toAbsolutePath().normalize();
        this.offline = b.resolveOffline();
        HttpClient http = b.http != null ? b.http : HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.listener = b.listener;
        this.maxAttempts = b.maxAttempts;
        this.downloader = new RangeDownload(http, b.requestTimeout, b.readTimeout);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@code $VOICEROUTER_HOME/models}, else {@code $XDG_CACHE_HOME/voicerouter/models}, else
     * {@code ~/.cache/voicerouter/models}.
     */
    public static Path defaultDirectory(Function<String, String> environment) {
        String home = environment.apply("VOICEROUTER_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home, "models");
        }
        String xdg = environment.apply("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "voicerouter", "models");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "voicerouter", "models");
    }

    public Path directory() {
        return directory;
    }

    public boolean offline() {
        return offline;
    }

    /** Where {@code file} lives (or will live) in this store. */
    public Path path(ModelFile file) {
        Path p = directory.resolve(file.relativePath()).normalize();
        if (!p.startsWith(directory)) {
            throw new IllegalArgumentException("path escapes the store: " + file.relativePath());
        }
        return p;
    }

    /** Whether the file is already here, complete (and of the expected size when that is known). */
    public boolean isPresent(ModelFile file) {
        Path p = path(file);
        try {
            return Files.isRegularFile(p) && (file.expectedSize() < 0 || Files.size(p) == file.expectedSize());
        } catch (IOException e) {
            return false;
        }
    }

    /** The file's local path, downloading it first when needed; progress goes to the store's listener. */
    public Path fetch(ModelFile file) {
        return fetch(file, listener);
    }

    /**
     * The file's local path, downloading it first when needed.
     *
     * @throws OfflineException          when the file is missing and the store is offline
     * @throws ChecksumMismatchException when the download has the wrong size or digest
     * @throws ModelDownloadException    when the download fails; a partial file is kept for resuming
     */
    public Path fetch(ModelFile file, DownloadListener progress) {
        Objects.requireNonNull(progress, "progress");
        Path target = path(file);
        if (isPresent(file)) {
            return target;
        }
        if (offline) {
            throw new OfflineException(file.relativePath(), "Model file " + file.relativePath()
                    + " is not in the model store and offline mode is on (VOICEROUTER_OFFLINE). Download it while "
                    + "online, or copy it to " + target);
        }
        ReentrantLock local = LOCAL_LOCKS.computeIfAbsent(target, k -> new ReentrantLock());
        local.lock();
        try {
            Files.createDirectories(target.getParent());
            Path lockFile = target.resolveSibling(target.getFileName() + ".lock");
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                // Another process may have finished the download while we waited for the lock.
                if (isPresent(file)) {
                    return target;
                }
                download(file, target, progress);
                return target;
            }
        } catch (IOException e) {
            throw new ModelDownloadException(file.relativePath(),
                    "Cannot write " + file.relativePath() + " under " + directory + ": " + e.getMessage(), e);
        } finally {
            local.unlock();
        }
    }

    private void download(ModelFile file, Path target, DownloadListener progress) throws IOException {
        Path part = target.resolveSibling(target.getFileName() + ".part");
        IOException last = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try {
                downloader.transfer(file, part, progress);
                last = null;
                break;
            } catch (RangeDownload.RetryableException e) {
                last = e.cause;
                LOG.info("Download of {} interrupted (attempt {} of {}): {}; {} bytes kept for resuming",
                        file.relativePath(), attempt, maxAttempts, describe(e.cause), sizeOrZero(part));
            }
        }
        if (last != null) {
            long kept = sizeOrZero(part);
            throw new ModelDownloadException(file.relativePath(), "Download of " + file.relativePath() + " from "
                    + file.source() + " failed after " + maxAttempts + " attempt(s): " + describe(last)
                    + (kept > 0 ? ". The " + kept + " bytes received are kept; fetching again resumes" : ""), last);
        }
        verify(file, part);
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        }
        LOG.info("Downloaded {} ({} bytes)", file.relativePath(), Files.size(target));
    }

    private static void verify(ModelFile file, Path part) throws IOException {
        long size = Files.size(part);
        if (file.expectedSize() >= 0 && size != file.expectedSize()) {
            Files.deleteIfExists(part);
            throw new ChecksumMismatchException(file.relativePath(), "Downloaded " + file.relativePath() + " has "
                    + size + " bytes, expected " + file.expectedSize() + "; the file was deleted");
        }
        if (file.digest().isPresent()) {
            ModelFile.Digest want = file.digest().get();
            String got = digest(part, want.algorithm());
            if (!got.equals(want.hex())) {
                Files.deleteIfExists(part);
                throw new ChecksumMismatchException(file.relativePath(), "Downloaded " + file.relativePath() + " has "
                        + want.algorithm() + " " + got + ", expected " + want.hex() + "; the file was deleted");
            }
        }
    }

    /** Hex digest of a file, streaming. */
    public static String digest(Path file, String algorithm) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("unknown digest algorithm " + algorithm, e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[BUFFER];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static long sizeOrZero(Path p) throws IOException {
        return Files.exists(p) ? Files.size(p) : 0;
    }

    @Override
    public String toString() {
        return "ModelStore[" + directory + (offline ? ", offline" : "") + "]";
    }

    public static final class Builder {
        private Path directory = defaultDirectory(System::getenv);
        /** Empty: follow {@code VOICEROUTER_OFFLINE} at {@link #build()}. */
        private Optional<Boolean> offline = Optional.empty();
        private HttpClient http;
        private DownloadListener listener = DownloadListener.NONE;
        private int maxAttempts = 3;
        private Duration requestTimeout = Duration.ofSeconds(60);
        private Duration readTimeout = Duration.ofSeconds(60);

        private Builder() {
        }

        public Builder directory(Path directory) {
            this.directory = Objects.requireNonNull(directory);
            return this;
        }

        /**
         * Forbid downloads. The default follows the environment variable {@code VOICEROUTER_OFFLINE},
         * read as the providers read it ({@link ProviderContext#flag}: 1, true or yes; 0, false or no;
         * any case; anything else is an {@link io.voicerouter.error.InvalidOptionException} at
         * {@link #build()}), so a host that makes its own store sees what the providers see.
         */
        public Builder offline(boolean offline) {
            this.offline = Optional.of(offline);
            return this;
        }

        /** The client to download with; the default follows redirects (Hugging Face sends them). */
        public Builder httpClient(HttpClient http) {
            this.http = Objects.requireNonNull(http);
            return this;
        }

        public Builder listener(DownloadListener listener) {
            this.listener = Objects.requireNonNull(listener);
            return this;
        }

        /** Attempts per fetch; each one after the first resumes where the previous stopped. Default 3. */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1");
            }
            this.maxAttempts = attempts;
            return this;
        }

        /** How long to wait for the response headers of each request. Default 60 s. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /**
         * How long a download may go without receiving a byte before it is given up (and resumed by
         * the next attempt). Default 60 s.
         */
        public Builder readTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("readTimeout must be positive");
            }
            this.readTimeout = timeout;
            return this;
        }

        public ModelStore build() {
            return new ModelStore(this);
        }

        private boolean resolveOffline() {
            return offline.orElseGet(() -> ProviderContext.defaults().flag("model_store.offline", "VOICEROUTER_OFFLINE"));
        }
    }

    /** Connection failures often carry no message; name the exception then, never print "null". */
    private static String describe(IOException e) {
        String message = e.getMessage();
        String kind = e.getClass().getSimpleName();
        return message == null || message.isBlank() ? kind + " (no answer: is the host reachable from here?)"
                : kind + ": " + message;
    }
}
