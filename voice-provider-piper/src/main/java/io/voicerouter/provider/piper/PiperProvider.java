package io.voicerouter.provider.piper;

import io.voicerouter.audio.AudioData;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.espeak.Phonemizer;
import io.voicerouter.language.LanguageCodes;
import io.voicerouter.onnx.OnnxSessions;
import io.voicerouter.onnx.SessionOptions;
import io.voicerouter.spi.AudioSink;
import io.voicerouter.spi.ProviderCapabilities;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.ProviderHealth;
import io.voicerouter.spi.ProviderLifecycle;
import io.voicerouter.spi.ProviderKind;
import io.voicerouter.spi.SynthesisOutput;
import io.voicerouter.spi.SynthesisRequest;
import io.voicerouter.spi.TtsProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Piper text-to-speech: VITS voices run with ONNX Runtime, phonemized by espeak-ng (or, for
 * {@code text} voices, spelled by code point). Text is spoken sentence by sentence, so
 * {@link #synthesizeStreaming} hands out each sentence as soon as it is made. Voices load on first
 * use and stay loaded, one ONNX session per model file, until {@link #close()}. Thread-safe.
 */
public final class PiperProvider implements TtsProvider {
    static final String ID = "piper";
    private static final Logger LOG = LoggerFactory.getLogger(PiperProvider.class);
    private static final ProviderCapabilities BASE = ProviderCapabilities.builder(ID)
            .displayName("Piper").kind(ProviderKind.LOCAL).streaming(true).maxTextLength(100_000)
            .sampleRate(22050).settings(PiperSettings.SCHEMA).build();

    private final PiperVoices voices;
    private final OnnxSessions sessions;
    private final VoiceLoader loader;
    private final String defaultVoice;
    private final boolean autoDownload;
    private final Duration catalogWait;
    private volatile ProviderCapabilities capabilities = BASE;
    /**
     * Init once (catalog and languages, default voice preloaded), closed once. Piper's start-up never
     * fails: missing catalogs and voices only degrade it, and each voice loads on first use.
     * Synthesis does not wait for it: a voice named by its path needs no catalog.
     */
    private final ProviderLifecycle<Boolean> life = ProviderLifecycle.of(ID, this::start);
    private volatile String catalogProblem = "";
    private final OrderedParallel sentences;
    private final boolean firstClauseSplit;
    /** Sessions with every thread the request may use, for a lone sentence; null when that adds nothing. */
    private final OnnxSessions wideSessions;
    private final int wideThreads;
    /** Requests in {@link #run} now: a lone sentence runs wide only when its request is the only one. */
    private final AtomicInteger running = new AtomicInteger();

    private PiperProvider(Builder b) {
        this.voices = Objects.requireNonNull(b.voices, "voices");
        this.sessions = OnnxSessions.create(b.sessionOptions);
        int narrow = b.sessionOptions.intraOpThreads();
        // With intraOpThreads 0 ONNX Runtime already uses every core; with parallelism 1 there are no
        // others; and more threads than cores only contend (measured: 4 spinning threads on 2 cores
        // made lone sentences 1.6x slower than the peer's 2).
        int all = Math.min(narrow * b.sentenceParallelism, Runtime.getRuntime().availableProcessors());
        boolean wide = b.firstPieceAllThreads && narrow > 0 && all > narrow;
        this.wideThreads = wide ? all : narrow;
        this.wideSessions = wide
                ? OnnxSessions.create(b.sessionOptions.toBuilder().intraOpThreads(wideThreads).build()) : null;
        this.loader = new VoiceLoader(ID, voices, sessions, wideSessions, b.phonemizer, b.context);
        this.defaultVoice = b.defaultVoice;
        this.autoDownload = b.autoDownload;
        this.catalogWait = b.catalogWait;
        this.sentences = new OrderedParallel(b.sentenceParallelism, "piper-sentences");
        this.firstClauseSplit = b.firstClauseSplit;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ProviderCapabilities capabilities() {
        return capabilities;
    }

    /** The voice files this provider reads and downloads. */
    public PiperVoices voices() {
        return voices;
    }

    /** The device ONNX sessions run on: {@code cpu} or {@code cuda:N}. */
    public String device() {
        return sessions.device();
    }

    /**
     * Reads the installed voices' languages and the catalog's (downloading the catalog when there is
     * no cached copy, waiting at most the builder's {@code catalogWait}; a slower download finishes
     * in the background and widens the language list then), and preloads the default voice when it
     * is installed.
     */
    @Override
    public void initialize() {
        life.initialize();
    }

    private Boolean start() {
        Set<String> installedLanguages = loader.installedLanguages();
        capabilities = BASE.withLanguages(installedLanguages);
        CompletableFuture<PiperCatalog> catalog = new CompletableFuture<>();
        Thread fetch = new Thread(() -> {
            try {
                catalog.complete(voices.catalog());
            } catch (RuntimeException e) {
                catalog.completeExceptionally(e);
            }
        }, "piper-catalog");
        fetch.setDaemon(true);
        fetch.start();
        try {
            applyCatalog(installedLanguages, catalog.get(catalogWait.toMillis(), TimeUnit.MILLISECONDS), null);
        } catch (TimeoutException e) {
            catalogProblem = "Piper voices catalog still downloading";
            LOG.info("{} after {} s; continuing with installed voices", catalogProblem, catalogWait.toSeconds());
            // Runs at once if the download finished meanwhile, so it always has the last word.
            catalog.whenComplete((c, error) -> applyCatalog(installedLanguages, c, error));
        } catch (ExecutionException e) {
            applyCatalog(installedLanguages, null, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        voices.installedModel(defaultVoice).ifPresent(model -> {
            try {
                loader.load(model);
            } catch (ProviderException e) {
                LOG.warn("Cannot preload the default Piper voice {}: {}", defaultVoice, e.getMessage());
            }
        });
        return true;
    }

    private void applyCatalog(Set<String> installedLanguages, PiperCatalog c, Throwable error) {
        if (error != null) {
            catalogProblem = "Piper voices catalog unavailable: " + error.getMessage();
            LOG.info("{}; serving installed voices only", catalogProblem);
            return;
        }
        Set<String> languages = new TreeSet<>(installedLanguages);
        languages.addAll(c.languages());
        capabilities = BASE.withLanguages(languages);
        catalogProblem = "";
    }

    @Override
    public ProviderHealth health() {
        return life.health(started -> startedHealth());
    }

    private ProviderHealth startedHealth() {
        int installed = voices.installed().size();
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("device", sessions.device());
        attributes.put("voices_dir", voices.directory().toString());
        attributes.put("installed_voices", Integer.toString(installed));
        attributes.put("loaded_voices", Integer.toString(loader.loadedCount()));
        attributes.put("offline", Boolean.toString(voices.offline()));
        if (catalogProblem.isEmpty()) {
            return new ProviderHealth(ProviderHealth.Status.UP, "", attributes);
        }
        // Never DOWN for want of installed or catalog voices: a personality may name a voice by its
        // local .onnx path, which needs neither, and the router skips a DOWN provider unasked.
        String detail = installed > 0 || catalogProblem.contains("still downloading") ? catalogProblem
                : "No Piper voices installed in " + voices.directory() + " and " + catalogProblem
                + ": only voices given as a local .onnx path can speak";
        return new ProviderHealth(ProviderHealth.Status.DEGRADED, detail, attributes);
    }

    @Override
    public SynthesisOutput synthesize(SynthesisRequest request) {
        return run(request, null);
    }

    @Override
    public SynthesisOutput synthesizeStreaming(SynthesisRequest request, AudioSink sink) {
        return run(request, Objects.requireNonNull(sink, "sink"));
    }

    /**
     * The model input ids this request's text becomes, one array per sentence, exactly as
     * {@link #synthesize} sends them: for debugging a voice, and for benchmarks that compare
     * against a bare session run. Loads (but never downloads) the voice.
     */
    public List<long[]> phonemeIds(SynthesisRequest request) {
        LoadedVoice voice = loader.load(loader.resolve(voiceId(request), false));
        return loader.sentenceIds(voice, request.text(), request.language());
    }

    @Override
    public String modelIdentity(SynthesisRequest request) {
        String voiceId = voiceId(request);
        return loader.localModel(voiceId).map(loader::modelHash).map(h -> "piper:sha256:" + h)
                .orElse("piper:" + voiceId);
    }

    @Override
    public String voiceIdentity(SynthesisRequest request) {
        return voiceId(request) + "|speaker=" + request.settings().get(PiperSettings.SPEAKER_ID).orElse("");
    }

    @Override
    public void close() {
        life.close(started -> { });
        sentences.close();
        loader.close();
        sessions.close();
        if (wideSessions != null) {
            wideSessions.close();
        }
    }

    private SynthesisOutput run(SynthesisRequest request, AudioSink sink) {
        if (life.closed()) {
            throw life.closedFailure();
        }
        checkDeadline(request.deadline()); // before phonemizing and loading, not only between sentences
        if (request.text().isBlank()) {
            throw new ProviderException(ID, ErrorKind.BAD_INPUT, "nothing to speak: the text is blank");
        }
        String voiceId = voiceId(request);
        LoadedVoice voice = loader.load(loader.resolve(voiceId, autoDownload));
        PiperVoiceConfig cfg = voice.config();
        checkLanguage(request.language(), voice);
        Knobs knobs = Knobs.of(request, cfg, ID);
        // Only a stream gains from a short first piece; a whole answer keeps its sentences whole.
        List<VoiceLoader.Piece> pieces = loader.pieces(voice, request.text(), request.language(),
                sink != null && firstClauseSplit);
        int silence = (int) Math.round(knobs.sentenceSilence() * cfg.sampleRate());
        List<float[]> chunks = new ArrayList<>(pieces.size());
        checkDeadline(request.deadline());
        // The first piece made on every core: a lone sentence (else it would leave the cores that
        // parallel sentences use idle), and a stream's first piece (its first audio), the rest of the
        // stream then in parallel. Only while no other request runs, so it never oversubscribes them.
        // A stream's first piece runs before the others start even without a wide session: with
        // ONNX Runtime's default threads every session already uses every core, and the pieces run
        // side by side made the first audio of a paragraph wait twice as long as a lone sentence's.
        boolean firstWide = false;
        try {
            boolean alone = running.incrementAndGet() == 1;
            firstWide = alone && voice.hasWideSession() && (pieces.size() == 1 || sink != null);
            boolean firstAlone = alone && sink != null;
            List<Callable<float[]>> work = new ArrayList<>(pieces.size());
            for (VoiceLoader.Piece piece : pieces) {
                boolean wide = firstWide && work.isEmpty();
                work.add(() -> finish(voice.infer(piece.ids(), knobs.noiseScale(), knobs.lengthScale(), knobs.noiseW(),
                        knobs.speaker(), wide), piece.endsSentence() ? silence : 0, knobs.normalize()));
            }
            Consumer<float[]> emit = chunk -> {
                if (sink != null) {
                    sink.accept(AudioData.mono(chunk, cfg.sampleRate()));
                }
                chunks.add(chunk);
            };
            if ((firstWide || firstAlone) && work.size() > 1) {
                // before the helpers start: they would share the cores the first piece runs on
                sentences.run(work.subList(0, 1), emit, request.deadline());
                work = work.subList(1, work.size());
            }
            sentences.run(work, emit, request.deadline());
        } catch (TimeoutException e) {
            throw new ProviderException(ID, ErrorKind.TIMEOUT, "deadline passed before synthesis finished");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new ProviderException(ID, ErrorKind.INTERNAL, "inference failed for voice " + voice.key()
                    + ": " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(ID, ErrorKind.INTERNAL, "interrupted while synthesizing", e);
        } finally {
            running.decrementAndGet();
        }
        int total = 0;
        for (float[] c : chunks) {
            total += c.length;
        }
        float[] all = new float[total];
        int at = 0;
        for (float[] c : chunks) {
            System.arraycopy(c, 0, all, at, c.length);
            at += c.length;
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("device", voice.device());
        meta.put("voice", voice.key());
        meta.put("model", voice.model().getFileName().toString());
        meta.put("sample_rate", Integer.toString(cfg.sampleRate()));
        meta.put("speaker_id", Long.toString(knobs.speaker()));
        if (wideSessions != null) { // the intra-op threads of its runs: "N", or "first piece,the others"
            int narrow = sessions.options().intraOpThreads();
            meta.put("intra_op_threads", !firstWide ? Integer.toString(narrow)
                    : pieces.size() == 1 ? Integer.toString(wideThreads) : wideThreads + "," + narrow);
        }
        meta.put("sentences", Integer.toString((int) pieces.stream().filter(VoiceLoader.Piece::endsSentence).count()));
        return new SynthesisOutput(AudioData.wrap(all, cfg.sampleRate(), 1), meta);
    }

    /** Peak-normalizes (as Piper does) or clips, then appends the sentence silence. */
    private static float[] finish(float[] audio, int silence, boolean normalize) {
        float[] out = new float[audio.length + silence];
        float peak = 0;
        for (float s : audio) {
            peak = Math.max(peak, Math.abs(s));
        }
        if (normalize) {
            if (peak > 1e-8f) {
                float gain = 1f / peak;
                for (int i = 0; i < audio.length; i++) {
                    out[i] = audio[i] * gain;
                }
            }
        } else {
            for (int i = 0; i < audio.length; i++) {
                out[i] = Math.max(-1f, Math.min(1f, audio[i]));
            }
        }
        return out;
    }

    private static void checkDeadline(Instant deadline) {
        if (Instant.now().isAfter(deadline)) {
            throw new ProviderException(ID, ErrorKind.TIMEOUT, "deadline passed before synthesis finished");
        }
    }

    private static void checkLanguage(String language, LoadedVoice voice) {
        String wanted = LanguageCodes.base(LanguageCodes.tryNormalize(language).orElse(language));
        String spoken = voice.config().languageFamily();
        if (!wanted.equals(spoken)) {
            throw new ProviderException(ID, ErrorKind.UNSUPPORTED_LANGUAGE, "Piper voice " + voice.key()
                    + " speaks '" + spoken + "', not '" + language + "'; choose a voice for that language");
        }
    }

    /** The voice a request asks for: the voice_id setting, else the entry's voice_id, else one for its language. */
    private String voiceId(SynthesisRequest request) {
        Optional<String> fromSettings = request.settings().get(PiperSettings.VOICE_ID).map(Object::toString)
                .filter(s -> !s.isBlank());
        return fromSettings.or(() -> request.voice().id())
                .orElseGet(() -> defaultVoiceFor(request.language()));
    }

    private String defaultVoiceFor(String language) {
        String base = LanguageCodes.base(LanguageCodes.tryNormalize(language).orElse(language));
        if (defaultVoice.toLowerCase(Locale.ROOT).startsWith(base + "_")) {
            return defaultVoice;
        }
        Set<String> candidates = new LinkedHashSet<>();
        voices.installed().stream().filter(k -> k.toLowerCase(Locale.ROOT).startsWith(base + "_")).forEach(candidates::add);
        if (life.ifLoaded().isPresent() && catalogProblem.isEmpty()) {
            List<CatalogVoice> inCatalog = voices.catalog().voices(base);
            inCatalog.stream().filter(v -> v.quality().equals("medium")).map(CatalogVoice::key).forEach(candidates::add);
            inCatalog.stream().map(CatalogVoice::key).forEach(candidates::add);
        }
        return candidates.stream().findFirst().orElse(defaultVoice);
    }

    @Override
    public String toString() {
        return "PiperProvider[" + voices.directory() + ", " + sessions.device() + "]";
    }

    public static final class Builder {
        private PiperVoices voices;
        private SessionOptions sessionOptions = SessionOptions.defaults();
        private Phonemizer phonemizer;
        private ProviderContext context = ProviderContext.defaults();
        private String defaultVoice = "en_US-lessac-medium";
        private boolean autoDownload = true;
        private Duration catalogWait = Duration.ofSeconds(10);
        private int sentenceParallelism = Runtime.getRuntime().availableProcessors();
        private boolean firstClauseSplit = true;
        private boolean firstPieceAllThreads = true;

        private Builder() {
        }

        /**
         * How many sentences of one text are made at once (default: the available processors), each
         * on its own ONNX run; they are still handed out and joined in order. One request uses its
         * own thread plus at most {@code n - 1} helpers shared by the whole provider, so concurrent
         * requests never exceed that. Set ONNX Runtime's {@code intraOpThreads} so that {@code n}
         * runs at once do not oversubscribe the cores (for example 1 thread each with {@code n}
         * = cores); 1 makes sentences one after another.
         */
        public Builder sentenceParallelism(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("sentenceParallelism must be at least 1, got " + n);
            }
            this.sentenceParallelism = n;
            return this;
        }

        /**
         * Whether {@link PiperProvider#synthesizeStreaming} makes a long first sentence in two pieces,
         * split at its first clause boundary (comma, semicolon, colon, dash), so the first audio
         * comes sooner. Default true. The first piece gets no sentence silence: the clause's own
         * punctuation makes the pause.
         */
        public Builder firstClauseSplit(boolean on) {
            this.firstClauseSplit = on;
            return this;
        }

        /**
         * Whether, while no other request runs on this provider, a request's first piece runs on a
         * second session of its voice with every thread the request may use ({@code intraOpThreads ×
         * sentenceParallelism}, at most the available processors): a text of one sentence (which would
         * otherwise leave the cores parallel sentences use idle), and a stream's first piece (its first
         * audio), the stream's other pieces then running in parallel as usual. Default true. Applies
         * only when that is more than {@code intraOpThreads} and {@code intraOpThreads > 0} (0: ONNX
         * Runtime already uses every core). The second session is opened at first use and holds a
         * second copy of the voice's weights (about the model file's size). Each result's metadata
         * says the threads used ({@code intra_op_threads}: {@code "N"}, or {@code "first,others"}).
         */
        public Builder firstPieceAllThreads(boolean on) {
            this.firstPieceAllThreads = on;
            return this;
        }

        /** How long {@link #initialize()} waits for the catalog download before going on without it. Default 10 s. */
        public Builder catalogWait(Duration wait) {
            this.catalogWait = Objects.requireNonNull(wait);
            return this;
        }

        public Builder voices(PiperVoices voices) {
            this.voices = Objects.requireNonNull(voices);
            return this;
        }

        public Builder sessionOptions(SessionOptions options) {
            this.sessionOptions = Objects.requireNonNull(options);
            return this;
        }

        /** The phonemizer for espeak voices; by default voice-espeak's espeak-ng phonemizer, found at first use. */
        public Builder phonemizer(Phonemizer phonemizer) {
            this.phonemizer = Objects.requireNonNull(phonemizer);
            return this;
        }

        /** Handed to voice-espeak's phonemizer factory when it takes one. */
        public Builder context(ProviderContext context) {
            this.context = Objects.requireNonNull(context);
            return this;
        }

        /** The voice for requests that name none, when it speaks their language. Default en_US-lessac-medium. */
        public Builder defaultVoice(String key) {
            this.defaultVoice = Objects.requireNonNull(key);
            return this;
        }

        /** Download catalog voices on first use (default true); off, a missing voice is MODEL_MISSING at once. */
        public Builder autoDownload(boolean on) {
            this.autoDownload = on;
            return this;
        }

        public PiperProvider build() {
            return new PiperProvider(this);
        }
    }
}
