package io.voicerouter.provider.xtts;

import ai.onnxruntime.OrtException;
import io.voicerouter.audio.AudioData;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.error.VoiceException;
import io.voicerouter.onnx.Device;
import io.voicerouter.onnx.DeviceUnavailableException;
import io.voicerouter.onnx.OnnxOptions;
import io.voicerouter.onnx.OnnxSessionException;
import io.voicerouter.onnx.SessionOptions;
import io.voicerouter.spi.AudioSink;
import io.voicerouter.spi.ProviderCapabilities;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.ProviderHealth;
import io.voicerouter.spi.ProviderKind;
import io.voicerouter.spi.ProviderLifecycle;
import io.voicerouter.spi.SampleRequirements;
import io.voicerouter.spi.Settings;
import io.voicerouter.spi.SynthesisOutput;
import io.voicerouter.spi.SynthesisRequest;
import io.voicerouter.spi.TtsProvider;
import io.voicerouter.samples.ReferenceSampleLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** Coqui XTTS v2 over ONNX Runtime. Thread-safe: one instance serves every personality. */
final class XttsProvider implements TtsProvider {
    private static final Logger LOG = LoggerFactory.getLogger(XttsProvider.class);
    static final String ID = XttsProviderFactory.PROVIDER_ID;
    static final SampleRequirements SAMPLES = new SampleRequirements(6, 15, 20, 30);
    static final List<String> LANGUAGES = List.of("en", "es", "fr", "de", "it", "pt", "pl", "tr", "ru", "nl", "cs",
            "ar", "zh", "zh-CN", "ja", "ko", "hu", "hi");

    private static final ProviderCapabilities CAPABILITIES = ProviderCapabilities.builder(ID)
            .displayName("XTTS v2").kind(ProviderKind.LOCAL).languages(LANGUAGES).sampleRequirements(SAMPLES)
            .streaming(true).maxTextLength(2000).sampleRate(XttsEngine.OUTPUT_RATE).settings(XttsSettings.SCHEMA)
            .build();

    private final XttsModels models;
    private final Path modelDir;
    private final ProviderContext context;
    private final VoiceCache voices;
    private final ProviderLifecycle<Loaded> life = ProviderLifecycle.of(ID, this::load, this::loadFailure);

    /** The loaded export: the engine, its synthesizer, and the identity the cache keys on (GPT file, size, time). */
    private record Loaded(XttsEngine engine, XttsSynthesizer synthesizer, String identity) {
    }

    XttsProvider(ProviderContext context) {
        this.models = XttsModels.fromContext(context);
        this.modelDir = models.directory();
        this.context = context;
        this.voices = new VoiceCache(64, ReferenceSampleLoader.fromContext(context, ID));
    }

    /**
     * The ONNX Runtime options every local provider reads ({@link OnnxOptions}: {@code xtts_v2.device},
     * {@code xtts_v2.intra_op_threads} or its older name {@code xtts_v2.threads}, ...) over XTTS's
     * defaults: up to 4 intra-op threads, operators one at a time (the GPT decoder is sequential).
     */
    static SessionOptions defaultSessionOptions() {
        return SessionOptions.builder().device(Device.AUTO)
                .intraOpThreads(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())))
                .interOpThreads(1).build();
    }

    @Override
    public ProviderCapabilities capabilities() {
        return CAPABILITIES;
    }

    /** Loads the export once; a failure is remembered (health DOWN with it) and every call reports it. */
    @Override
    public void initialize() {
        life.initialize();
    }

    private Loaded load() throws IOException, OrtException {
        // Options first: a bad one is reported as itself, whatever else is missing.
        SessionOptions options = OnnxOptions.read(context, ID, defaultSessionOptions());
        boolean autoDownload = context.booleanOption(ID + ".auto_download").orElse(false);
        boolean preferInt8 = context.booleanOption(ID + ".int8_gpt").orElse(false);
        ModelLayout layout = layout(preferInt8);
        List<String> missing = layout.missing();
        if (!missing.isEmpty() && autoDownload) {
            download(missing);
            layout = layout(preferInt8);
            missing = layout.missing();
        }
        if (!missing.isEmpty()) {
            throw new ProviderException(ID, ErrorKind.MODEL_MISSING, "XTTS v2 model files missing in " + modelDir
                    + ": " + missing + ". Download the export with `voice download xtts_v2` (or XttsModels.fromContext("
                    + "context).download(listener), or the option " + ID + ".auto_download=true), or set the option "
                    + ID + ".model_dir to a copy of it");
        }
        XttsEngine e = XttsEngine.load(layout, options);
        try {
            String identity = ID + ":" + layout.graphs().gpt() + ":" + Files.size(layout.gpt()) + ":"
                    + Files.getLastModifiedTime(layout.gpt()).toMillis();
            LOG.info("xtts_v2 loaded from {} on {} (width {}, {} threads)", modelDir, e.device(), e.width(),
                    options.intraOpThreads());
            return new Loaded(e, new XttsSynthesizer(e), identity);
        } catch (IOException | RuntimeException ex) {
            e.close();
            throw ex;
        }
    }

    /** What a failed load means for the host. */
    private ProviderException loadFailure(Exception e) {
        if (e instanceof ProviderException p) {
            return p;
        }
        if (e instanceof DeviceUnavailableException || e instanceof VocabularyException
                || e instanceof IllegalStateException) {
            // a device that cannot be had, or a vocab.json BpeTokenizer does not do: no retry fixes it
            return new ProviderException(ID, ErrorKind.MISCONFIGURED, e.getMessage(), e);
        }
        if (e instanceof IOException || e instanceof OrtException || e instanceof OnnxSessionException) {
            return new ProviderException(ID, ErrorKind.MODEL_MISSING, "cannot load XTTS v2 from " + modelDir + ": "
                    + e.getMessage(), e);
        }
        return null; // the lifecycle's default: an option named, anything else MISCONFIGURED
    }

    private ModelLayout layout(boolean preferInt8) {
        try {
            return ModelLayout.of(modelDir, preferInt8);
        } catch (IOException e) {
            throw new ProviderException(ID, ErrorKind.MODEL_MISSING, "unreadable metadata.json in " + modelDir, e);
        }
    }

    /** xtts_v2.auto_download: fetch the export now, logging one line per file (it is about 2 GB). */
    private void download(List<String> missing) {
        LOG.info("xtts_v2: downloading the XTTS v2 export into {} ({} missing: {})", modelDir, missing.size(), missing);
        Set<String> started = ConcurrentHashMap.newKeySet();
        try {
            models.download((file, done, total) -> {
                if (started.add(file)) {
                    LOG.info("xtts_v2: downloading {} ({} bytes)", file, total < 0 ? "?" : Long.toString(total));
                }
            });
        } catch (VoiceException e) {
            throw new ProviderException(ID, ErrorKind.MODEL_MISSING, "XTTS v2 model files missing in " + modelDir
                    + " and the download failed: " + e.getMessage(), e);
        }
    }

    @Override
    public ProviderHealth health() {
        return life.health(l -> ProviderHealth.up(Map.of("device", l.engine().device(), "model_dir", modelDir.toString(),
                "width", Integer.toString(l.engine().width()))));
    }

    @Override
    public SynthesisOutput synthesize(SynthesisRequest request) {
        return run(request, null);
    }

    @Override
    public SynthesisOutput synthesizeStreaming(SynthesisRequest request, AudioSink sink) {
        return run(request, chunk -> sink.accept(AudioData.mono(chunk, XttsEngine.OUTPUT_RATE)));
    }

    private SynthesisOutput run(SynthesisRequest request, Consumer<float[]> sink) {
        Loaded loaded = life.get(); // loads on first use; a closed provider stays closed
        XttsEngine e = loaded.engine();
        XttsSynthesizer synthesizer = loaded.synthesizer();
        if (!CAPABILITIES.supportsLanguage(request.language())
                || !e.tokenizer().hasToken(TextPreparer.languageToken(request.language()))) {
            throw new ProviderException(ID, ErrorKind.UNSUPPORTED_LANGUAGE,
                    "XTTS v2 does not speak '" + request.language() + "'");
        }
        List<String> samples = VoiceCache.sources(request.voice());
        VoiceCache.Voice voice = voices.voice(samples, e);
        Settings settings = Settings.resolve(XttsSettings.SCHEMA, request.settings().asMap());
        XttsSynthesizer.Options options = XttsSettings.options(settings, e.constants().maxAudioTokens());
        Instant deadline = request.deadline();
        if (synthesizer.preparedPieces(request.text(), request.language()).isEmpty()) {
            throw new ProviderException(ID, ErrorKind.BAD_INPUT, "nothing to say: the text is empty after cleaning");
        }
        float[] audio;
        try {
            audio = synthesizer.synthesize(request.text(), request.language(), voice.conditioning(), options, sink,
                    () -> Instant.now().isAfter(deadline));
        } catch (OrtException ex) {
            throw new ProviderException(ID, ErrorKind.INTERNAL, "ONNX Runtime failed: " + ex.getMessage(), ex);
        } catch (IllegalArgumentException ex) {
            // a text piece longer than the model's text positions: the input, not the provider, is at fault
            throw new ProviderException(ID, ErrorKind.BAD_INPUT, ex.getMessage(), ex);
        }
        if (Instant.now().isAfter(deadline)) {
            throw new ProviderException(ID, ErrorKind.TIMEOUT, "deadline passed during synthesis");
        }
        return new SynthesisOutput(AudioData.mono(audio, XttsEngine.OUTPUT_RATE), Map.of("device", e.device(),
                "model", loaded.identity(), "voice", voice.id(), "seed", Long.toString(options.sampling().seed())));
    }

    @Override
    public String modelIdentity(SynthesisRequest request) {
        return life.ifLoaded().map(Loaded::identity).orElse(ID);
    }

    @Override
    public String voiceIdentity(SynthesisRequest request) {
        return voices.identity(VoiceCache.sources(request.voice()));
    }

    @Override
    public void close() {
        life.close(l -> l.engine().close());
    }

    @Override
    public String toString() {
        return "XttsProvider[" + modelDir + "]";
    }
}
