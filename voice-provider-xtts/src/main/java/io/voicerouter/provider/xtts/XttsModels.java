package io.voicerouter.provider.xtts;

import io.voicerouter.onnx.PublishedChecks;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.error.VoiceException;
import io.voicerouter.onnx.DownloadListener;
import io.voicerouter.onnx.ModelDownloadException;
import io.voicerouter.onnx.ModelFile;
import io.voicerouter.onnx.ModelStore;
import io.voicerouter.spi.ProviderContext;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The XTTS v2 ONNX export on disk and on Hugging Face: whether it is installed, and downloading it
 * through voice-onnx's {@link ModelStore} (atomic, resumable, locked, offline-aware) into the
 * directory the provider reads. The files are fetched from the repository's {@code xtts_onnx/} folder,
 * where the public export keeps them, and stored flat in the model directory (or, in a clone of the
 * repository, in its {@code xtts_onnx/} folder). {@code metadata.json} comes first; its {@code files} map
 * names the graphs, and the rest of the manifest is the layout the provider needs ({@code embeddings/*.npy},
 * {@code mel_stats.npy}, {@code vocab.json}). Sizes and SHA-256 digests are taken from the
 * {@code X-Linked-Size} / {@code X-Linked-Etag} headers Hugging Face sends for LFS files on a
 * {@code HEAD} of the resolve URL; files without them (small non-LFS files) are checked by nothing
 * but a complete transfer. Thread-safe.
 */
public final class XttsModels {
    /**
     * The public export's repository, branch {@code main}; pin a revision by replacing {@code main} with
     * a commit id. Its files live in the folder {@link #DEFAULT_FOLDER}, not at the root.
     */
    public static final URI DEFAULT_BASE =
            URI.create("https://huggingface.co/pltobing/XTTSv2-Streaming-ONNX/resolve/main/");
    /**
     * The repository folder that holds the export ({@code xtts_onnx/metadata.json}, {@code xtts_onnx/embeddings/...});
     * the root has only the export's Python code, README and sample audio.
     */
    public static final String DEFAULT_FOLDER = "xtts_onnx/";
    static final String METADATA = "metadata.json";

    private final Path directory;
    private final URI baseUri;
    private final String folder;
    private final boolean preferInt8Gpt;
    private final boolean offline;
    private final UnaryOperator<ModelStore.Builder> tuning;
    /** Built on the first download: a provider that only checks its directory starts no HTTP client. */
    private volatile Clients clients;

    private record Clients(ModelStore store, HttpClient probe) {
    }

    private XttsModels(Builder b) {
        this.directory = b.directory.toAbsolutePath().normalize();
        this.baseUri = b.baseUri.toString().endsWith("/") ? b.baseUri : URI.create(b.baseUri + "/");
        this.folder = b.folder;
        this.preferInt8Gpt = b.preferInt8Gpt;
        this.offline = b.offline;
        this.tuning = b.tuning;
    }

    private Clients clients() {
        Clients c = clients;
        if (c == null) {
            synchronized (this) {
                c = clients;
                if (c == null) {
                    ModelStore store = tuning.apply(ModelStore.builder()).directory(directory).offline(offline).build();
                    // The size and digest headers sit on Hugging Face's redirect, so the probe must not follow it.
                    c = new Clients(store, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30))
                            .followRedirects(HttpClient.Redirect.NEVER).build());
                    clients = c;
                }
            }
        }
        return c;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the options the provider reads: {@code xtts_v2.model_dir} (else {@code $XTTS_V2_MODEL_DIR},
     * else {@code DATA_DIR/models/xtts_v2}), {@code xtts_v2.model_url} (the repository's resolve URL),
     * {@code xtts_v2.model_folder} (the export's folder in it, default {@value #DEFAULT_FOLDER}; empty for the root),
     * {@code xtts_v2.int8_gpt} (fetch the INT8 GPT instead of the float one) and
     * {@code xtts_v2.offline} (else {@code VOICEROUTER_OFFLINE}).
     */
    public static XttsModels fromContext(ProviderContext context) {
        String id = XttsProviderFactory.PROVIDER_ID;
        Builder b = builder().directory(context.directoryOrEnvironment(id + ".model_dir", "XTTS_V2_MODEL_DIR", "models", id));
        try {
            context.option(id + ".model_url").map(URI::create).ifPresent(b::baseUri);
            context.option(id + ".model_folder").ifPresent(b::folder);
        } catch (IllegalArgumentException e) {
            throw new ProviderException(id, ErrorKind.MISCONFIGURED, "bad " + id + ".model_url or " + id
                    + ".model_folder: " + e.getMessage(), e);
        }
        b.preferInt8Gpt(context.booleanOption(id + ".int8_gpt").orElse(false));
        b.offline(context.flag(id + ".offline", "VOICEROUTER_OFFLINE"));
        return b.build();
    }

    public Path directory() {
        return directory;
    }

    public boolean offline() {
        return offline;
    }

    /** Whether every file the provider needs is in the model directory. */
    public boolean installed() {
        return missing().isEmpty();
    }

    /** The files the provider needs that are not in the model directory, relative to it. */
    public List<String> missing() {
        return layout().missing();
    }

    ModelLayout layout() {
        try {
            return ModelLayout.of(directory, preferInt8Gpt);
        } catch (IOException e) {
            throw new VoiceException("Unreadable " + METADATA + " in " + directory + ": " + e.getMessage()
                    + "; delete it to download it again", e);
        }
    }

    /**
     * Downloads whatever of the export is missing ({@code metadata.json} first, then the files it and
     * the layout name), each file verified and renamed into place only when complete.
     *
     * @return the model directory
     * @throws io.voicerouter.onnx.OfflineException          offline with files missing (names the first)
     * @throws io.voicerouter.onnx.ChecksumMismatchException a file arrived with the wrong size or digest
     * @throws ModelDownloadException                        the download failed; partial files are kept
     */
    public Path download(DownloadListener progress) {
        Objects.requireNonNull(progress, "progress");
        // In a clone of the repository the export is read from its xtts_onnx/ folder, so it is completed there.
        Path exportDir = layout().dir();
        String local = exportDir.equals(directory) ? ""
                : directory.relativize(exportDir).toString().replace('\\', '/') + "/";
        fetch(local, METADATA, progress);
        List<String> missing = missing();
        for (String name : missing) {
            fetch(local, name, progress);
        }
        List<String> still = missing();
        if (!still.isEmpty()) {
            throw new ModelDownloadException(still.get(0), "XTTS v2 export in " + directory + " is still missing "
                    + still + " after the download");
        }
        return directory;
    }

    private void fetch(String local, String name, DownloadListener progress) {
        ModelFile file = ModelFile.of(local + name, source(name));
        ModelStore store = clients().store();
        if (store.isPresent(file)) {
            return;
        }
        if (!offline) {
            file = withPublishedChecks(file);
        }
        store.fetch(file, progress);
    }

    /** Size and SHA-256 from the Hugging Face LFS headers, when the server sends them. */
    private ModelFile withPublishedChecks(ModelFile file) {
        return PublishedChecks.fromLfsHeaders(clients().probe(), file);
    }

    /** The URL of one export file: the repository, the export's folder, the name (what a URL path cannot hold quoted). */
    URI source(String name) {
        try {
            return baseUri.resolve(new URI(null, null, folder + name, null));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bad file name in the XTTS export: " + name, e);
        }
    }

    @Override
    public String toString() {
        return "XttsModels[" + directory + " from " + baseUri.resolve(folder.isEmpty() ? "." : folder)
                + (offline() ? ", offline" : "") + "]";
    }

    public static final class Builder {
        private Path directory = ModelStore.defaultDirectory(System::getenv).resolve(XttsProviderFactory.PROVIDER_ID);
        private URI baseUri = DEFAULT_BASE;
        private String folder = DEFAULT_FOLDER;
        private boolean offline;
        private boolean preferInt8Gpt;
        private UnaryOperator<ModelStore.Builder> tuning = UnaryOperator.identity();

        private Builder() {
        }

        /** The model directory: where the provider reads the export ({@code xtts_v2.model_dir}). */
        public Builder directory(Path directory) {
            this.directory = Objects.requireNonNull(directory);
            return this;
        }

        /** The repository's resolve URL the export's folder is found under; default {@link #DEFAULT_BASE}. */
        public Builder baseUri(URI uri) {
            this.baseUri = Objects.requireNonNull(uri);
            return this;
        }

        /**
         * The folder of the repository that holds the export, default {@link #DEFAULT_FOLDER}; {@code ""}
         * (or {@code "/"}) for a mirror that keeps the files at its root.
         *
         * @throws IllegalArgumentException for a folder with {@code ..}, {@code .}, a backslash, a query or a fragment
         */
        public Builder folder(String folder) {
            String f = Objects.requireNonNull(folder).strip().replaceAll("^/+", "");
            if (!f.isEmpty() && !f.endsWith("/")) {
                f += "/";
            }
            for (String segment : f.split("/", -1)) {
                if (segment.equals("..") || segment.equals(".")) {
                    throw new IllegalArgumentException("bad XTTS export folder '" + folder + "': no . or .. segments");
                }
            }
            if (f.contains("\\") || f.contains("?") || f.contains("#") || f.contains("//")) {
                throw new IllegalArgumentException("bad XTTS export folder '" + folder + "'");
            }
            this.folder = f;
            return this;
        }

        public Builder offline(boolean offline) {
            this.offline = offline;
            return this;
        }

        /** Fetch {@code metadata.json}'s {@code gpt_model_int8} instead of the float GPT. */
        public Builder preferInt8Gpt(boolean int8) {
            this.preferInt8Gpt = int8;
            return this;
        }

        /**
         * Tunes the {@link ModelStore} the files are fetched with (HTTP client, attempts, time-outs);
         * its directory and offline mode are this builder's.
         */
        public Builder store(UnaryOperator<ModelStore.Builder> tuning) {
            this.tuning = Objects.requireNonNull(tuning);
            return this;
        }

        public XttsModels build() {
            return new XttsModels(this);
        }
    }
}
