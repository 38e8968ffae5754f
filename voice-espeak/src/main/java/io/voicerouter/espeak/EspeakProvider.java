package io.voicerouter.espeak;

import io.voicerouter.audio.AudioData;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.language.LanguageCodes;
import io.voicerouter.spi.AudioSink;
import io.voicerouter.spi.EntryProblem;
import io.voicerouter.spi.ProviderCapabilities;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.ProviderHealth;
import io.voicerouter.spi.ProviderKind;
import io.voicerouter.spi.ProviderLifecycle;
import io.voicerouter.spi.SettingSpec;
import io.voicerouter.spi.Settings;
import io.voicerouter.spi.SynthesisOutput;
import io.voicerouter.spi.SynthesisRequest;
import io.voicerouter.spi.VoiceSelection;
import io.voicerouter.text.TextLimit;
import io.voicerouter.text.TextSegmenter;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Plain espeak-ng speech for the 100+ languages espeak-ng ships, with nothing to download: the
 * default that always works and the last resort of a fallback chain. Robotic, but intelligible.
 *
 * <p>The voice is the {@code voice} setting, else the personality's {@code voice_id}, else the
 * voice espeak-ng ranks best for the request's language. espeak-ng is one global instance per
 * process shared with {@link EspeakPhonemizer}; text is spoken a sentence group at a time so the
 * lock it needs is held briefly and requests from many threads interleave. Thread-safe.
 */
public final class EspeakProvider implements io.voicerouter.spi.TtsProvider {
    public static final String ID = "espeak";
    /** Option naming an espeak-ng data directory other than the library's default. */
    public static final String DATA_DIR_OPTION = "espeak.data_dir";

    static final int DEFAULT_RATE = 175;
    static final int DEFAULT_PITCH = 50;
    static final int DEFAULT_VOLUME = 100;
    static final int DEFAULT_WORD_GAP = 0;
    // Characters handed to espeak per lock acquisition: a few sentences, well under a second of work.
    private static final int CHUNK_CHARS = 400;

    private static final List<SettingSpec> SETTINGS = List.of(
            SettingSpec.text("voice", "espeak-ng voice name such as en-us, de, fr-fr or en-us+f3 (a variant); "
                    + "empty picks the best voice for the request's language", ""),
            SettingSpec.integer("rate", "Speaking rate in words per minute", 80, 450, DEFAULT_RATE),
            SettingSpec.integer("pitch", "Base pitch, 0 to 99; 50 is the voice's normal pitch", 0, 99, DEFAULT_PITCH),
            SettingSpec.integer("volume", "Amplitude, 0 to 200; 100 is normal, above it may clip", 0, 200, DEFAULT_VOLUME),
            SettingSpec.integer("word_gap", "Extra pause between words, in units of 10 ms at the normal rate",
                    0, 100, DEFAULT_WORD_GAP));

    private static final ProviderCapabilities BASE = ProviderCapabilities.builder(ID)
            .displayName("eSpeak NG")
            .kind(ProviderKind.LOCAL)
            .streaming(true)
            .maxTextLength(100_000)
            .sampleRate(22050)
            .settings(SETTINGS)
            .build();

    private final Supplier<EspeakEngine> engineSource;
    private final ProviderLifecycle<Ready> life = ProviderLifecycle.of(ID, this::load,
            e -> e instanceof EspeakUnavailableException ? new ProviderException(ID, ErrorKind.MISCONFIGURED, e.getMessage(), e) : null);

    /** A provider using espeak-ng's default data, or {@code espeak.data_dir} from {@code context}. */
    public EspeakProvider(ProviderContext context) {
        Path dataDirectory = context.option(DATA_DIR_OPTION).map(Path::of).orElse(null);
        this.engineSource = () -> EspeakEngine.get(dataDirectory);
    }

    /** For tests: a provider whose engine comes from {@code engineSource}, which may fail as loading does. */
    EspeakProvider(Supplier<EspeakEngine> engineSource) {
        this.engineSource = engineSource;
    }

    public EspeakProvider() {
        this(ProviderContext.defaults());
    }

    private record Ready(EspeakEngine engine, EspeakVoices voices, ProviderCapabilities capabilities) {
    }

    @Override
    public ProviderCapabilities capabilities() {
        return life.ifLoaded().map(Ready::capabilities).orElse(BASE);
    }

    /**
     * Loads libespeak-ng and lists its voices.
     *
     * @throws ProviderException {@link ErrorKind#MISCONFIGURED} when libespeak-ng or its data is missing;
     *                           the message names the package to install
     */
    @Override
    public void initialize() {
        life.initialize();
    }

    @Override
    public ProviderHealth health() {
        return life.health(r -> health(r.engine()));
    }

    private static ProviderHealth health(EspeakEngine e) {
        return ProviderHealth.up(Map.of(
                "device", "cpu",
                "espeak_version", e.version(),
                "library", e.libraryName(),
                "data", e.dataPath(),
                "clause_terminators", e.reportsTerminators() ? "espeak" : "text"));
    }

    @Override
    public SynthesisOutput synthesize(SynthesisRequest request) {
        return speak(request, null);
    }

    /** Emits one chunk per group of sentences, each as soon as espeak-ng has spoken it. */
    @Override
    public SynthesisOutput synthesizeStreaming(SynthesisRequest request, AudioSink sink) {
        return speak(request, java.util.Objects.requireNonNull(sink, "sink"));
    }

    @Override
    public String modelIdentity(SynthesisRequest request) {
        return life.ifLoaded().map(r -> "espeak-ng " + r.engine().version()).orElse("espeak-ng");
    }

    /** The espeak voice that would speak {@code request}; never throws, so cache keys can always be made. */
    @Override
    public String voiceIdentity(SynthesisRequest request) {
        try {
            return resolveVoice(request, ready());
        } catch (ProviderException e) {
            return explicitVoice(request).orElse("");
        }
    }

    /**
     * Checks the voice the entry names ({@code settings.voice}, else {@code voice_id}) against the
     * voices and variants this espeak-ng has. Loads the library if it is not loaded yet; where it is
     * missing, only the name's length is checked and a warning says so.
     */
    @Override
    public List<EntryProblem> checkConfig(VoiceSelection voiceChoice, Settings settings) {
        Optional<String> setting = settings.get("voice").map(Object::toString).filter(v -> !v.isBlank());
        String path;
        String voice;
        if (setting.isPresent()) {
            path = "settings.voice";
            voice = setting.get();
        } else if (voiceChoice.id().isPresent()) {
            path = "voice_id";
            voice = voiceChoice.id().get();
        } else {
            return List.of();
        }
        Ready r;
        try {
            r = ready();
        } catch (ProviderException e) {
            if (voice.strip().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > EspeakVoices.MAX_VOICE_BYTES) {
                return List.of(EntryProblem.error(path, "the voice name is longer than "
                        + EspeakVoices.MAX_VOICE_BYTES + " characters"));
            }
            return List.of(EntryProblem.warning(path,
                    "not checked against espeak-ng's voices: " + e.getMessage()));
        }
        return r.engine().checkVoice(voice.strip())
                .map(problem -> List.of(EntryProblem.error(path, problem)))
                .orElse(List.of());
    }

    private SynthesisOutput speak(SynthesisRequest request, AudioSink sink) {
        Ready r = ready();
        String voice = resolveVoice(request, r);
        if (request.text().isBlank()) {
            throw new ProviderException(ID, ErrorKind.BAD_INPUT, "nothing to speak: the text is blank");
        }
        EspeakEngine.SynthParams params = params(request.settings());
        Instant deadline = request.deadline();
        int sampleRate = r.engine().sampleRate();
        List<AudioData> parts = new ArrayList<>();
        int frames = 0;
        // Streamed, a sentence at a time, so the first one is heard while the rest are made (the router
        // hands a streaming provider the whole text); whole, as few engine calls as fit.
        TextLimit limit = TextLimit.characters(CHUNK_CHARS);
        Locale locale = locale(request.language());
        List<String> chunks = sink != null ? TextSegmenter.sentencePieces(request.text(), limit, locale)
                : TextSegmenter.pieces(request.text(), limit, locale);
        for (String chunk : chunks) {
            if (Instant.now().isAfter(deadline)) {
                throw timeout(deadline);
            }
            short[] pcm;
            try {
                // An interrupt (the router's timeout or a cancelled request) stops espeak between audio
                // buffers, as the deadline does, instead of letting it finish a line nobody will hear.
                pcm = r.engine().synthesize(chunk, voice, params,
                                () -> Instant.now().isAfter(deadline) || Thread.currentThread().isInterrupted())
                        .orElseThrow(() -> Thread.currentThread().isInterrupted()
                                ? new ProviderException(ID, ErrorKind.TIMEOUT, "interrupted: the request was stopped")
                                : timeout(deadline));
            } catch (EspeakVoiceNotFoundException e) {
                throw new ProviderException(ID, ErrorKind.BAD_INPUT, e.getMessage(), e);
            } catch (IllegalStateException e) {
                throw new ProviderException(ID, ErrorKind.INTERNAL, e.getMessage(), e);
            }
            AudioData audio = AudioData.wrap(toFloat(pcm), sampleRate, 1);
            frames += audio.frames();
            parts.add(audio);
            if (sink != null) {
                sink.accept(audio);
            }
        }
        float[] all = new float[frames];
        int at = 0;
        for (AudioData part : parts) {
            for (int i = 0; i < part.sampleCount(); i++) {
                all[at++] = part.sampleAt(i);
            }
        }
        return new SynthesisOutput(AudioData.wrap(all, sampleRate, 1), Map.of(
                "device", "cpu",
                "voice", voice,
                "model", "espeak-ng " + r.engine().version()));
    }

    private String resolveVoice(SynthesisRequest request, Ready r) {
        String language = LanguageCodes.tryNormalize(request.language()).orElse(request.language());
        Optional<String> fallback = r.voices().voiceFor(language);
        if (fallback.isEmpty()) {
            throw new ProviderException(ID, ErrorKind.UNSUPPORTED_LANGUAGE,
                    "espeak-ng has no voice for language '" + request.language() + "'");
        }
        return explicitVoice(request).orElse(fallback.get());
    }

    private static Optional<String> explicitVoice(SynthesisRequest request) {
        return request.settings().get("voice").map(Object::toString).filter(v -> !v.isBlank())
                .or(() -> request.voice().id())
                .map(String::strip);
    }

    private static EspeakEngine.SynthParams params(Settings settings) {
        return new EspeakEngine.SynthParams(
                intSetting(settings, "rate", DEFAULT_RATE, 80, 450),
                intSetting(settings, "pitch", DEFAULT_PITCH, 0, 99),
                intSetting(settings, "volume", DEFAULT_VOLUME, 0, 200),
                intSetting(settings, "word_gap", DEFAULT_WORD_GAP, 0, 100));
    }

    /** A value the schema did not check (settings resolved against another schema) is range-checked here. */
    private static int intSetting(Settings settings, String name, int defaultValue, int min, int max) {
        return settings.has(name) ? (int) settings.integer(name, min, max) : defaultValue;
    }

    /**
     * Stops taking requests: later calls fail with {@code MISCONFIGURED} and health reports DOWN. The
     * native engine is shared by the whole process and stays loaded for other providers.
     */
    @Override
    public void close() {
        life.close(r -> { });
    }

    private Ready ready() {
        return life.get();
    }

    /** Loads libespeak-ng and lists its voices; a missing library or data is MISCONFIGURED naming the package. */
    private Ready load() {
        EspeakEngine engine = engineSource.get();
        EspeakVoices voices = EspeakVoices.of(engine.voices());
        ProviderCapabilities caps = BASE.toBuilder()
                .languages(voices.languages())
                .sampleRate(engine.sampleRate())
                .build();
        return new Ready(engine, voices, caps);
    }

    private static Locale locale(String language) {
        return Locale.forLanguageTag(language);
    }

    private static float[] toFloat(short[] pcm) {
        float[] out = new float[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            out[i] = pcm[i] / 32768f;
        }
        return out;
    }

    private static ProviderException timeout(Instant deadline) {
        return new ProviderException(ID, ErrorKind.TIMEOUT, "deadline " + deadline + " passed while speaking");
    }

    @Override
    public String toString() {
        return "EspeakProvider[" + health().status() + "]";
    }
}
