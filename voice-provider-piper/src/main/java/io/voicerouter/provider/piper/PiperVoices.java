package io.voicerouter.provider.piper;

import io.voicerouter.error.VoiceException;
import io.voicerouter.onnx.DownloadListener;
import io.voicerouter.onnx.ModelDownloadException;
import io.voicerouter.onnx.ModelFile;
import io.voicerouter.onnx.ModelStore;
import io.voicerouter.spi.ProviderContext;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Piper voices on disk and in the published catalog: list them by language, download one with a
 * progress callback, find an installed one. Voices live flat in one directory as
 * {@code KEY.onnx} + {@code KEY.onnx.json} (a user may drop files there by hand), downloaded
 * through a {@link ModelStore} with the catalog's sizes and MD5 digests. The catalog itself is
 * cached there as {@code voices.json}. Thread-safe.
 */
public final class PiperVoices {
    /** The catalog of the rhasspy/piper-voices repository on Hugging Face. */
    public static final URI DEFAULT_CATALOG =
            URI.create("https://huggingface.co/rhasspy/piper-voices/resolve/main/voices.json");
    /** Where the catalog's file paths are resolved against. */
    public static final URI DEFAULT_BASE = URI.create("https://huggingface.co/rhasspy/piper-voices/resolve/main/");

    static final String CATALOG_FILE = "voices.json";

    private final Path directory;
    private final URI catalogUri;
    private final URI baseUri;
    private final ModelStore store;
    private volatile PiperCatalog catalog;

    private PiperVoices(Builder b) {
        this.directory = b.directory.toAbsolutePath().normalize();
        this.catalogUri = b.catalogUri;
        this.baseUri = b.baseUri.toString().endsWith("/") ? b.baseUri : URI.create(b.baseUri + "/");
        this.store = b.tuning.apply(ModelStore.builder()).directory(directory).offline(b.offline).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the options the provider reads: {@code piper.voices_dir} (default
     * {@code DATA_DIR/piper}), {@code piper.catalog_url}, {@code piper.base_url} and
     * {@code piper.offline} (else {@code VOICEROUTER_OFFLINE}).
     */
    public static PiperVoices fromContext(ProviderContext context) {
        Builder b = builder().directory(context.directory("piper.voices_dir", "piper"));
        context.option("piper.catalog_url").map(URI::create).ifPresent(b::catalogUri);
        context.option("piper.base_url").map(URI::create).ifPresent(b::baseUri);
        b.offline(context.flag("piper.offline", "VOICEROUTER_OFFLINE"));
        return b.build();
    }

    public Path directory() {
        return directory;
    }

    public boolean offline() {
        return store.offline();
    }

    /**
     * The catalog: the cached copy when there is one, else downloaded now.
     *
     * @throws io.voicerouter.onnx.OfflineException when there is no cached copy and the store is offline
     * @throws ModelDownloadException               when it cannot be downloaded or read
     */
    public PiperCatalog catalog() {
        PiperCatalog c = catalog;
        if (c == null) {
            synchronized (this) {
                c = catalog;
                if (c == null) {
                    c = load(store.fetch(ModelFile.of(CATALOG_FILE, catalogUri)));
                    catalog = c;
                }
            }
        }
        return c;
    }

    /** Downloads the catalog again, replacing the cached copy. */
    public synchronized PiperCatalog refreshCatalog() {
        Path cached = directory.resolve(CATALOG_FILE);
        Path backup = directory.resolve(CATALOG_FILE + ".old");
        try {
            if (Files.exists(cached)) {
                Files.move(cached, backup, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            PiperCatalog c = load(store.fetch(ModelFile.of(CATALOG_FILE, catalogUri)));
            Files.deleteIfExists(backup);
            catalog = c;
            return c;
        } catch (IOException e) {
            throw new ModelDownloadException(CATALOG_FILE, "Cannot refresh the Piper catalog: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            restore(backup, cached);
            throw e;
        }
    }

    private static void restore(Path backup, Path cached) {
        try {
            if (Files.exists(backup) && !Files.exists(cached)) {
                Files.move(backup, cached);
            }
        } catch (IOException ignored) {
            // the old copy stays as .old; the next refresh tries again
        }
    }

    private static PiperCatalog load(Path file) {
        try {
            return PiperCatalog.read(file);
        } catch (IOException e) {
            throw new ModelDownloadException(CATALOG_FILE, "The Piper catalog " + file + " is not valid: "
                    + e.getMessage() + ". Delete it to download it again", e);
        }
    }

    /** Catalog voices for a language ({@code en}, {@code en-GB}, ...), sorted by key. */
    public List<CatalogVoice> list(String language) {
        return catalog().voices(language);
    }

    /** Every catalog voice, sorted by key. */
    public List<CatalogVoice> list() {
        return catalog().voices();
    }

    /** Keys of the voices installed in the voices directory (an {@code .onnx} with its {@code .onnx.json}). */
    public List<String> installed() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.onnx")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (Files.isRegularFile(f.resolveSibling(name + ".json"))) {
                    keys.add(name.substring(0, name.length() - ".onnx".length()));
                }
            }
        } catch (IOException e) {
            throw new VoiceException("Cannot list Piper voices in " + directory + ": " + e.getMessage(), e);
        }
        Collections.sort(keys);
        return keys;
    }

    /** The installed model file for {@code key}, when both it and its config are present. */
    public Optional<Path> installedModel(String key) {
        Path model = directory.resolve(key + ".onnx");
        return Files.isRegularFile(model) && Files.isRegularFile(directory.resolve(key + ".onnx.json"))
                ? Optional.of(model) : Optional.empty();
    }

    /**
     * Downloads a catalog voice (model and config), unless installed already, verifying each file's
     * published size and MD5 digest.
     *
     * @return the voice's {@code .onnx} file
     * @throws UnknownVoiceException                  when the catalog has no such voice
     * @throws io.voicerouter.onnx.OfflineException   in offline mode
     * @throws io.voicerouter.onnx.ChecksumMismatchException when a file arrives damaged
     * @throws ModelDownloadException                 when the download fails
     */
    public Path download(String key, DownloadListener progress) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(progress, "progress");
        Optional<Path> have = installedModel(key);
        if (have.isPresent()) {
            return have.get();
        }
        CatalogVoice voice = catalog().voice(key).orElseThrow(() -> new UnknownVoiceException(key,
                "No Piper voice '" + key + "' in the catalog " + catalogUri + "; list voices with `voice voices piper`"));
        // Config first: a voice counts as installed only once its model, the big file, has arrived.
        store.fetch(modelFile(key + ".onnx.json", voice.modelConfig().orElseThrow()), progress);
        return store.fetch(modelFile(key + ".onnx", voice.model().orElseThrow()), progress);
    }

    private ModelFile modelFile(String localName, CatalogVoice.CatalogFile f) {
        ModelFile mf = ModelFile.of(localName, baseUri.resolve(encodePath(f.path())));
        if (f.sizeBytes() >= 0) {
            mf = mf.withSize(f.sizeBytes());
        }
        if (!f.md5().isBlank()) {
            mf = mf.withDigest(ModelFile.Digest.md5(f.md5()));
        }
        return mf;
    }

    private static String encodePath(String path) {
        StringBuilder out = new StringBuilder();
        for (String segment : path.split("/")) {
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "PiperVoices[" + directory + (offline() ? ", offline" : "") + "]";
    }

    public static final class Builder {
        private Path directory = Path.of(System.getProperty("user.home"), ".cache", "voicerouter", "piper");
        private URI catalogUri = DEFAULT_CATALOG;
        private URI baseUri = DEFAULT_BASE;
        private boolean offline;
        private UnaryOperator<ModelStore.Builder> tuning = UnaryOperator.identity();

        private Builder() {
        }

        public Builder directory(Path directory) {
            this.directory = Objects.requireNonNull(directory);
            return this;
        }

        public Builder catalogUri(URI uri) {
            this.catalogUri = Objects.requireNonNull(uri);
            return this;
        }

        public Builder baseUri(URI uri) {
            this.baseUri = Objects.requireNonNull(uri);
            return this;
        }

        public Builder offline(boolean offline) {
            this.offline = offline;
            return this;
        }

        /**
         * Tunes the {@link ModelStore} the catalog and voices are fetched with (HTTP client, attempts,
         * time-outs, with its own checks and defaults); its directory and offline mode are this builder's.
         */
        public Builder store(UnaryOperator<ModelStore.Builder> tuning) {
            this.tuning = Objects.requireNonNull(tuning);
            return this;
        }

        public PiperVoices build() {
            return new PiperVoices(this);
        }
    }
}
