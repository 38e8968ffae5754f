package io.voicerouter.provider.styletts2;

import ai.onnxruntime.OrtException;
import io.voicerouter.audio.AudioData;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.espeak.Phonemizer;
import io.voicerouter.onnx.Device;
import io.voicerouter.onnx.DeviceUnavailableException;
import io.voicerouter.onnx.OnnxOptions;
import io.voicerouter.onnx.OnnxSessionException;
import io.voicerouter.onnx.SessionOptions;
import io.voicerouter.samples.ReferenceSampleLoader;
import io.voicerouter.spi.ProviderCapabilities;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.ProviderHealth;
import io.voicerouter.spi.ProviderKind;
import io.voicerouter.spi.ProviderLifecycle;
import io.voicerouter.spi.AudioSink;
import io.voicerouter.spi.SampleRequirements;
import io.voicerouter.spi.SynthesisOutput;
import io.voicerouter.spi.SynthesisRequest;
import io.voicerouter.spi.TtsProvider;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * StyleTTS2 and Kokoro ONNX graphs: pre-made voices, or a style cloned from the personality's
 * reference sample, optionally re-sampled from the text by diffusion. See the module README.
 */
final class StyleTts2Provider implements TtsProvider {
    private static final Logger LOG = LoggerFactory.getLogger(StyleTts2Provider.class);
    static final String ID = StyleTts2ProviderFactory.ID;
    static final SampleRequirements SAMPLE = new SampleRequirements(3, 5, 8, 10);

    private final ProviderContext context;
    private final Phonemizer phonemizer;
    private final ReferenceSampleLoader samples;
    private final ProviderCapabilities base;
    private final ProviderLifecycle<Loaded> life = ProviderLifecycle.of(ID, this::load, StyleTts2Provider::loadFailure);

    /** The loaded model, its reference-style cache and the capabilities with the model's languages. */
    private record Loaded(StyleTts2Model model, ReferenceStyles references, ProviderCapabilities capabilities) {
    }

    StyleTts2Provider(ProviderContext context, Phonemizer phonemizer) {
        this.context = context;
        this.phonemizer = phonemizer;
        this.samples = ReferenceSampleLoader.fromContext(context, ID);
        this.base = ProviderCapabilities.builder(ID).displayName("StyleTTS2").kind(ProviderKind.LOCAL)
                .languages(List.of("en")).sampleRequirements(SAMPLE).sampleRate(24_000).maxTextLength(5000)
                .settings(StyleTts2Settings.SCHEMA).build();
    }

    @Override
    public ProviderCapabilities capabilities() {
        return life.ifLoaded().map(Loaded::capabilities).orElse(base);
    }

    /**
     * The ONNX Runtime options every local provider reads the same way ({@link OnnxOptions}:
     * {@code styletts2.device}, default {@code cpu}; {@code styletts2.intra_op_threads}, or its older
     * name {@code styletts2.threads}; ...). A bad value is MISCONFIGURED naming the option, not a
     * failure to open the graphs.
     */
    private static SessionOptions sessionOptions(ProviderContext context) {
        try {
            return OnnxOptions.read(context, ID, SessionOptions.builder().device(Device.CPU).build());
        } catch (io.voicerouter.error.InvalidOptionException e) {
            throw new ProviderException(ID, ErrorKind.MISCONFIGURED, e.getMessage(), e);
        }
    }

    /**
     * Loads the model once (the lifecycle remembers a failure, and health and every call report it).
     * Unlike the other providers, a failed load does not throw here: the host sees it in health().
     */
    @Override
    public void initialize() {
        try {
            life.initialize();
        } catch (ProviderException remembered) {
            // reported by health() and by every call
        }
    }

    private Loaded load() throws IOException, OrtException {
        Path dir = context.pathOption("styletts2.model_dir")
                .or(() -> context.option("styletts2.model").map(r -> StyleTts2Models.fromContext(context, r)
                        .directory()))
                .orElseThrow(() -> new ProviderException(ID, ErrorKind.MODEL_MISSING, "no model directory: set "
                        + "the option styletts2.model_dir, or styletts2.model to a release downloaded with "
                        + "`voice download styletts2 kokoro-v1.0` (see the voice-provider-styletts2 README)"));
        StyleTts2Model m = StyleTts2Model.load(dir, context.option(SynthesisGraph.OPTION), sessionOptions(context));
        LOG.info("StyleTTS2 model {} loaded on {} ({}; vocabulary: {}, {} symbols; cloning: {}, diffusion: {}, "
                + "voices: {})", dir.relativize(m.synthesisFile()), m.device(), m.signature(),
                m.config().vocabSource(), m.config().misaki() ? "misaki" : "espeak IPA", m.canClone(),
                m.canDiffuse(), m.voices().names().size());
        return new Loaded(m, new ReferenceStyles(m, SAMPLE, samples), base.withLanguages(m.config().languages().keySet()));
    }

    /** What a failed load means for the host: which option or file to fix. */
    private static ProviderException loadFailure(Exception e) {
        if (e instanceof ProviderException p) {
            return p;
        }
        if (e instanceof DeviceUnavailableException) {
            return new ProviderException(ID, ErrorKind.MISCONFIGURED, e.getMessage() + " (set styletts2.device to cpu or auto)", e);
        }
        if (e instanceof OnnxSessionException) {
            return new ProviderException(ID, ErrorKind.MODEL_MISSING, "cannot open the ONNX graphs: " + e.getMessage(), e);
        }
        if (e instanceof java.nio.file.NoSuchFileException n) {
            return new ProviderException(ID, ErrorKind.MODEL_MISSING, "missing model file " + n.getFile()
                    + (n.getReason() == null ? "" : ": " + n.getReason())
                    + " (styletts2.model_dir needs a synthesis graph and its vocabulary; see the module README)", e);
        }
        if (e instanceof IOException) {
            return new ProviderException(ID, ErrorKind.MODEL_MISSING, "cannot load the model: " + e.getMessage(), e);
        }
        return new ProviderException(ID, ErrorKind.MISCONFIGURED, "cannot open the ONNX graphs: " + e.getMessage(), e);
    }

    @Override
    public ProviderHealth health() {
        return life.health(l -> health(l.model()));
    }

    private ProviderHealth health(StyleTts2Model m) {
        {
            Map<String, String> attrs = Map.of("device", m.device(), "cloning", Boolean.toString(m.canClone()),
                    "diffusion", Boolean.toString(m.canDiffuse()),
                    "graph", m.directory().relativize(m.synthesisFile()).toString(), "signature", m.signature(),
                    "vocabulary", m.config().vocabSource(), "phonemes", m.config().misaki() ? "misaki" : "espeak");
            if (phonemizer instanceof StyleTts2ProviderFactory.MissingPhonemizer missing) {
                return new ProviderHealth(ProviderHealth.Status.DEGRADED, missing.reason(), attrs);
            }
            return ProviderHealth.up(attrs);
        }
    }

    @Override
    public SynthesisOutput synthesize(SynthesisRequest request) {
        return speak(request, null);
    }

    /** Emits one chunk per sentence (model call), each faded at its seams exactly as the whole output is. */
    @Override
    public SynthesisOutput synthesizeStreaming(SynthesisRequest request, AudioSink sink) {
        return speak(request, Objects.requireNonNull(sink, "sink"));
    }

    private SynthesisOutput speak(SynthesisRequest request, AudioSink sink) {
        Loaded loaded = life.get();
        StyleTts2Model m = loaded.model();
        SpeechPlan plan = SpeechPlan.of(m, request, phonemizer, loaded.references());
        StyleTts2Settings s = plan.settings();
        List<String> chunks = plan.chunks();
        int rate = m.config().sampleRate();
        List<float[]> parts = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            checkDeadline(request.deadline());
            float[] wave;
            try {
                long[] tokens = PhonemeChunker.tokens(chunks.get(i), m.config().vocab(), m.config().padEnd());
                float[] style = plan.reference() == null
                        ? m.voices().style(plan.voice(), PhonemeChunker.count(chunks.get(i)))
                        : plan.diffuse() ? diffusedStyle(m, tokens, plan.reference(), s, i) : plan.reference();
                wave = m.synthesize(tokens, style, (float) s.speed());
            } catch (OrtException e) {
                // A shape or type the graph refuses fails every call alike: a contract error, not retried.
                if (e.getCode() == OrtException.OrtErrorCode.ORT_INVALID_ARGUMENT) {
                    throw new ModelContractException("the synthesis graph refused its inputs: " + e.getMessage(), e);
                }
                throw new ProviderException(ID, ErrorKind.INTERNAL, "inference failed: " + e.getMessage(), e);
            } catch (IllegalStateException e) {
                throw new ProviderException(ID, ErrorKind.INTERNAL, "inference failed: " + e.getMessage(), e);
            }
            float[] part = AudioJoiner.faded(wave, i > 0, i < chunks.size() - 1);
            parts.add(part);
            if (sink != null) {
                sink.accept(AudioData.wrap(part, rate, 1));
            }
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("device", m.device());
        meta.put("model", m.directory().getFileName().toString());
        meta.put("voice", plan.voice());
        meta.put("chunks", Integer.toString(chunks.size()));
        meta.put("diffusion", Boolean.toString(plan.diffuse()));
        plan.sampleAdvice().ifPresent(a -> meta.put("sample_advice", a));
        // An int32-speed graph (kokoro-onnx's v1.0 export) only takes whole speeds.
        meta.put("speed", m.integerSpeed() ? Integer.toString(Math.max(1, (int) Math.round(s.speed())))
                : Double.toString(s.speed()));
        return new SynthesisOutput(AudioData.wrap(AudioJoiner.concat(parts), rate, 1), meta);
    }

    /**
     * Samples a style from the text and blends it with the reference: alpha for the acoustic half
     * (timbre), beta for the prosodic half. The noise is seeded by the chunk index so equal
     * requests give equal audio, which the synthesis cache relies on.
     */
    private static float[] diffusedStyle(StyleTts2Model m, long[] tokens, float[] ref, StyleTts2Settings s, int chunk)
            throws OrtException {
        float[] embedding = m.embed(tokens);
        float[] sampled = m.sampler().sample(m.denoiser(embedding, tokens.length, ref), ref.length,
                s.diffusionSteps(), s.embeddingScale(), DiffusionSampler.gaussian(chunk), x -> { });
        return blend(sampled, ref, s.alpha(), s.beta());
    }

    static float[] blend(float[] sampled, float[] ref, double alpha, double beta) {
        float[] out = new float[ref.length];
        for (int i = 0; i < ref.length; i++) {
            double w = i < StyleTts2Model.HALF ? alpha : beta;
            out[i] = (float) (w * sampled[i] + (1 - w) * ref[i]);
        }
        return out;
    }

    private static void checkDeadline(Instant deadline) {
        if (Instant.now().isAfter(deadline)) {
            throw new ProviderException(ID, ErrorKind.TIMEOUT, "deadline passed");
        }
    }

    @Override
    public String modelIdentity(SynthesisRequest request) {
        Optional<Loaded> loaded = life.ifLoaded();
        if (loaded.isEmpty()) {
            return ID;
        }
        StyleTts2Model m = loaded.get().model();
        Path file = m.synthesisFile();
        try {
            return ID + ":" + m.directory().getFileName() + ":" + Files.size(file) + ":"
                    + Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return ID + ":" + m.directory().getFileName();
        }
    }

    @Override
    public String voiceIdentity(SynthesisRequest request) {
        Optional<String> sample = request.voice().sampleUrl();
        if (sample.isPresent()) {
            try {
                return "sample:" + samples.read(sample.get()).sha256();
            } catch (ProviderException unreadable) {
                // synthesize() reports the problem; identity must not fail the cache lookup first. Hashed:
                // a URL's query may carry a token.
                return "sample-url:" + new ReferenceSampleLoader.Sample(sample.get(),
                        sample.get().getBytes(java.nio.charset.StandardCharsets.UTF_8)).sha256();
            }
        }
        return TtsProvider.super.voiceIdentity(request);
    }

    /** For tests: how many reference styles are cached. */
    long cachedReferenceStyles() {
        return life.ifLoaded().map(l -> l.references().cachedCount()).orElse(0L);
    }

    @Override
    public void close() {
        life.close(l -> l.model().close());
    }
}
