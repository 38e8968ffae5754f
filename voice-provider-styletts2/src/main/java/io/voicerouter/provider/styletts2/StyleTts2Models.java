package io.voicerouter.provider.styletts2;

import io.voicerouter.onnx.PublishedChecks;
import io.voicerouter.onnx.DownloadListener;
import io.voicerouter.onnx.ModelDownloadException;
import io.voicerouter.onnx.ModelFile;
import io.voicerouter.onnx.ModelStore;
import io.voicerouter.spi.ProviderContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Kokoro releases on disk and on Hugging Face: whether one is installed, and downloading it through
 * voice-onnx's {@link ModelStore} (atomic, resumable, locked, offline-aware) into the directory the
 * provider reads, in onnx-community/Kokoro-82M-v1.0-ONNX's own layout: {@code config.json},
 * {@code tokenizer.json}, {@code tokenizer_config.json}, {@code onnx/model*.onnx} (one precision)
 * and {@code voices/<name>.bin} for the 54 v1.0 voices. Sizes and SHA-256 digests come from the
 * {@code X-Linked-Size} / {@code X-Linked-Etag} headers Hugging Face sends for LFS files on a
 * {@code HEAD} of the resolve URL, as for {@code XttsModels}. Thread-safe.
 */
public final class StyleTts2Models {
    /** onnx-community's export, branch {@code main}; pin a revision by replacing {@code main} with a commit id. */
    public static final URI DEFAULT_BASE =
            URI.create("https://huggingface.co/onnx-community/Kokoro-82M-v1.0-ONNX/resolve/main/");
    /** The release name of the full-precision graph; the others add a suffix (see {@link #RELEASES}). */
    public static final String KOKORO_V1 = "kokoro-v1.0";
    /** Release name to synthesis graph, as onnx-community names its precisions under {@code onnx/}. */
    public static final Map<String, String> RELEASES = releases();
    /** The 54 Kokoro-82M v1.0 voices, as hexgrad publishes them (kokoro.js/voices, onnx-community's voices/). */
    public static final List<String> VOICES = List.of(
            "af_alloy", "af_aoede", "af_bella", "af_heart", "af_jessica", "af_kore", "af_nicole", "af_nova", "af_river",
            "af_sarah", "af_sky", "am_adam", "am_echo", "am_eric", "am_fenrir", "am_liam", "am_michael", "am_onyx",
            "am_puck", "am_santa", "bf_alice", "bf_emma", "bf_isabella", "bf_lily", "bm_daniel", "bm_fable",
            "bm_george", "bm_lewis", "ef_dora", "em_alex", "em_santa", "ff_siwis", "hf_alpha", "hf_beta", "hm_omega",
            "hm_psi", "if_sara", "im_nicola", "jf_alpha", "jf_gongitsune", "jf_nezumi", "jf_tebukuro", "jm_kumo",
            "pf_dora", "pm_alex", "pm_santa", "zf_xiaobei", "zf_xiaoni", "zf_xiaoxiao", "zf_xiaoyi", "zm_yunjian",
            "zm_yunxi", "zm_yunxia", "zm_yunyang");

    private final String release;
    private final Path directory;
    private final URI baseUri;
    private final boolean offline;
    private final UnaryOperator<ModelStore.Builder> tuning;
    private volatile Clients clients;

    private record Clients(ModelStore store, HttpClient probe) {
    }

    private StyleTts2Models(Builder b) {
        this.release = b.release;
        this.directory = b.directory.toAbsolutePath().normalize();
        this.baseUri = b.baseUri.toString().endsWith("/") ? b.baseUri : URI.create(b.baseUri + "/");
        this.offline = b.offline;
        this.tuning = b.tuning;
    }

    private static Map<String, String> releases() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(KOKORO_V1, "onnx/model.onnx");
        for (String v : List.of("fp16", "q4", "q4f16", "q8f16", "quantized", "uint8", "uint8f16")) {
            m.put(KOKORO_V1 + "-" + v, "onnx/model_" + v + ".onnx");
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * @param release one of {@link #RELEASES}' names
     * @throws IllegalArgumentException for another name (the message lists them)
     */
    public static Builder builder(String release) {
        return new Builder(release);
    }

    /**
     * Reads the provider's options for {@code release}: {@code styletts2.model_dir} (else
     * {@code DATA_DIR/models/styletts2/RELEASE}), {@code styletts2.model_url} (base URL of the
     * export) and {@code styletts2.offline} (else {@code VOICEROUTER_OFFLINE}).
     */
    public static StyleTts2Models fromContext(ProviderContext context, String release) {
        String id = StyleTts2ProviderFactory.ID;
        Builder b = builder(release).directory(context.directory(id + ".model_dir", "models", id, release));
        context.option(id + ".model_url").map(URI::create).ifPresent(b::baseUri);
        b.offline(context.flag(id + ".offline", "VOICEROUTER_OFFLINE"));
        return b.build();
    }

    public String release() {
        return release;
    }

    public Path directory() {
        return directory;
    }

    /** The files of the release, relative to the model directory, in download order. */
    public List<String> files() {
        List<String> files = new ArrayList<>(List.of("config.json", "tokenizer.json", "tokenizer_config.json",
                RELEASES.get(release)));
        VOICES.forEach(v -> files.add("voices/" + v + ".bin"));
        return files;
    }

    /** The files the provider needs that are not in the model directory. */
    public List<String> missing() {
        // A plain file check, as the store makes it: checking starts no HTTP client.
        return files().stream().filter(f -> !java.nio.file.Files.isRegularFile(directory.resolve(f))).toList();
    }

    public boolean installed() {
        return missing().isEmpty();
    }

    /**
     * Downloads whatever of the release is missing, each file verified and renamed into place only
     * when complete.
     *
     * @return the model directory, to be given as {@code styletts2.model_dir}
     * @throws io.voicerouter.onnx.OfflineException          offline with files missing (names the first)
     * @throws io.voicerouter.onnx.ChecksumMismatchException a file arrived with the wrong size or digest
     * @throws ModelDownloadException                        the download failed; partial files are kept
     */
    public Path download(DownloadListener progress) {
        Objects.requireNonNull(progress, "progress");
        for (String name : missing()) {
            ModelFile file = ModelFile.of(name, source(name));
            store().fetch(offline ? file : withPublishedChecks(file), progress);
        }
        return directory;
    }

    private ModelStore store() {
        return clients().store();
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

    private URI source(String name) {
        return baseUri.resolve(name); // the release's names are plain ASCII paths
    }

    /** Size and SHA-256 from the Hugging Face LFS headers, when the server sends them. */
    private ModelFile withPublishedChecks(ModelFile file) {
        return PublishedChecks.fromLfsHeaders(clients().probe(), file);
    }

    @Override
    public String toString() {
        return "StyleTts2Models[" + release + ", " + directory + (offline ? ", offline" : "") + "]";
    }

    public static final class Builder {
        private final String release;
        private Path directory;
        private URI baseUri = DEFAULT_BASE;
        private boolean offline;
        private UnaryOperator<ModelStore.Builder> tuning = UnaryOperator.identity();

        private Builder(String release) {
            if (!RELEASES.containsKey(Objects.requireNonNull(release, "release"))) {
                throw new IllegalArgumentException("unknown StyleTTS2 release '" + release + "'; known: "
                        + String.join(", ", RELEASES.keySet()));
            }
            this.release = release;
            this.directory = ModelStore.defaultDirectory(System::getenv).resolve(StyleTts2ProviderFactory.ID)
                    .resolve(release);
        }

        /** The model directory: where the provider reads the release ({@code styletts2.model_dir}). */
        public Builder directory(Path directory) {
            this.directory = Objects.requireNonNull(directory);
            return this;
        }

        /** Base URL the release's relative file names are resolved against; default {@link #DEFAULT_BASE}. */
        public Builder baseUri(URI uri) {
            this.baseUri = Objects.requireNonNull(uri);
            return this;
        }

        public Builder offline(boolean offline) {
            this.offline = offline;
            return this;
        }

        /** Tunes the {@link ModelStore} (HTTP client, attempts, time-outs); directory and offline mode are this builder's. */
        public Builder store(UnaryOperator<ModelStore.Builder> tuning) {
            this.tuning = Objects.requireNonNull(tuning);
            return this;
        }

        public StyleTts2Models build() {
            return new StyleTts2Models(this);
        }
    }

    /** Whether {@code name} is one of {@link #RELEASES}. */
    public static boolean isRelease(String name) {
        return RELEASES.containsKey(name);
    }
}
