package io.voicerouter.espeak;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The process's one espeak-ng instance. espeak-ng keeps its voice, parameters, text reader and
 * output callback in C globals, so every call goes through {@link #lock}, and a multi-clause
 * phonemization holds it from the first clause to the last (espeak keeps a look-ahead character
 * between clauses). Callers get plain Java values back and do their own work outside the lock.
 */
final class EspeakEngine {
    private static final Logger log = LoggerFactory.getLogger(EspeakEngine.class);
    private static final Object INIT = new Object();
    private static volatile EspeakEngine instance;
    private static EspeakUnavailableException initFailure;

    private final EspeakLibrary lib;
    private final Function textToPhonemesWithTerminator;
    private final String libraryName;
    private final String version;
    private final String dataPath;
    private final int sampleRate;
    private final ReentrantLock lock = new ReentrantLock(true);
    // Strongly referenced: JNA frees a callback's native stub once the Java object is collected.
    private final EspeakLibrary.SynthCallback callback = this::onSamples;
    private SampleCollector collector;
    private EspeakVoices voiceIndex;

    EspeakEngine(EspeakLibrary lib, NativeLibrary nativeLibrary, String libraryName, Path requestedData) {
        this.lib = lib;
        this.libraryName = libraryName;
        Function withTerminator;
        try {
            withTerminator = nativeLibrary.getFunction("espeak_TextToPhonemesWithTerminator");
        } catch (UnsatisfiedLinkError e) {
            withTerminator = null;
        }
        this.textToPhonemesWithTerminator = withTerminator;
        int rate = lib.espeak_Initialize(EspeakLibrary.AUDIO_OUTPUT_SYNCHRONOUS, 0,
                requestedData == null ? null : utf8(requestedData.toString()), EspeakLibrary.INITIALIZE_DONT_EXIT);
        if (rate <= 0) {
            throw EspeakInitializationFailed.of("espeak-ng failed to initialize (status " + rate + ") with data "
                    + (requestedData == null ? "at its default location" : "at " + requestedData)
                    + "; the voice data may be missing: " + EspeakUnavailableException.INSTALL_HINT);
        }
        this.sampleRate = rate;
        PointerByReference path = new PointerByReference();
        Pointer v = lib.espeak_Info(path);
        this.version = v == null ? "unknown" : v.getString(0, StandardCharsets.UTF_8.name());
        this.dataPath = path.getValue() == null ? String.valueOf(requestedData)
                : path.getValue().getString(0, StandardCharsets.UTF_8.name());
        if (lib.espeak_ListVoices(null) == null || lib.espeak_ListVoices(null).getPointer(0) == null) {
            // espeak_Initialize reports a missing data directory only on stderr when told not to exit.
            throw EspeakInitializationFailed.of("espeak-ng " + version + " found no voices in " + dataPath
                    + "; its data is missing: " + EspeakUnavailableException.INSTALL_HINT);
        }
        lib.espeak_SetSynthCallback(callback);
        log.info("espeak-ng {} loaded from {} (data {}, {} Hz, clause terminators from {})", version, libraryName,
                dataPath, sampleRate, withTerminator != null ? "espeak" : "the text");
    }

    /**
     * The shared engine, loading and initializing espeak-ng on first use.
     *
     * @param dataPath espeak-ng's data directory ({@code espeak-ng-data} or its parent), or null for
     *                 the library's default; only the first caller's choice takes effect
     */
    static EspeakEngine get(Path dataPath) {
        EspeakEngine e = instance;
        if (e == null) {
            synchronized (INIT) {
                e = instance;
                if (e == null) {
                    if (initFailure != null) {
                        // espeak_Initialize ran and failed; calling it again on half-set globals is unsafe.
                        throw initFailure;
                    }
                    try {
                        e = EspeakLoader.load(dataPath);
                    } catch (EspeakInitializationFailed failed) {
                        initFailure = failed.reason();
                        throw failed.reason();
                    }
                    instance = e;
                }
            }
        }
        if (dataPath != null && !EspeakLoader.sameData(e.dataPath, dataPath)) {
            throw new EspeakUnavailableException("espeak-ng is process-global and already initialized with data at "
                    + e.dataPath + "; cannot switch to " + dataPath);
        }
        return e;
    }

    int sampleRate() {
        return sampleRate;
    }

    String version() {
        return version;
    }

    String dataPath() {
        return dataPath;
    }

    String libraryName() {
        return libraryName;
    }

    /** Whether espeak itself reports clause terminators (espeak-ng 1.52 and Piper's fork). */
    boolean reportsTerminators() {
        return textToPhonemesWithTerminator != null;
    }

    /** The clauses of {@code text} with their IPA phonemes, as espeak-ng splits them. */
    List<Clause> clauses(String text, String voice) {
        return clauses(text, voice, EspeakLibrary.PHONEMES_IPA);
    }

    /**
     * Like {@link #clauses(String, String)} with espeak_TextToPhonemes' {@code phonemeMode}: bits 0-1
     * the alphabet (2: IPA), bit 7 a tie character between the letters of one phoneme, bits 8-23
     * that character.
     */
    List<Clause> clauses(String text, String voice, int phonemeMode) {
        byte[] bytes = nulTerminatable(text).getBytes(StandardCharsets.UTF_8);
        Memory buffer = nulTerminated(bytes);
        long base = Pointer.nativeValue(buffer);
        List<Clause> out = new ArrayList<>();
        lock.lock();
        try {
            selectVoice(voice);
            PointerByReference cursor = new PointerByReference(buffer);
            IntByReference terminator = new IntByReference();
            while (cursor.getValue() != null) {
                long start = Pointer.nativeValue(cursor.getValue()) - base;
                Pointer phonemes;
                if (textToPhonemesWithTerminator != null) {
                    terminator.setValue(0);
                    phonemes = (Pointer) textToPhonemesWithTerminator.invoke(Pointer.class, new Object[]{cursor,
                            EspeakLibrary.CHARS_UTF8, phonemeMode, terminator});
                } else {
                    phonemes = lib.espeak_TextToPhonemes(cursor, EspeakLibrary.CHARS_UTF8, phonemeMode);
                }
                String ipa = phonemes == null ? "" : phonemes.getString(0, StandardCharsets.UTF_8.name());
                Pointer next = cursor.getValue();
                if (next != null && Pointer.nativeValue(next) - base <= start) {
                    // espeak did not advance: stop rather than loop forever on input it cannot read.
                    log.warn("espeak-ng stopped advancing at byte {} of {}; the rest is not phonemized", start, bytes.length);
                    cursor.setValue(null);
                }
                if (textToPhonemesWithTerminator != null) {
                    out.add(ClauseTerminators.fromNative(ipa, terminator.getValue()));
                } else {
                    long end = cursor.getValue() == null ? bytes.length : Math.min(bytes.length, Pointer.nativeValue(next) - base);
                    String consumed = new String(bytes, (int) start, (int) Math.max(0, end - start), StandardCharsets.UTF_8);
                    out.add(ClauseTerminators.fromConsumedText(ipa, consumed, cursor.getValue() == null));
                }
            }
        } finally {
            lock.unlock();
        }
        return out;
    }

    /**
     * Speaks {@code text} and returns 16-bit mono samples at {@link #sampleRate()}.
     *
     * @param cancelled polled between audio buffers; when it turns true synthesis stops and this
     *                  returns empty
     */
    Optional<short[]> synthesize(String text, String voice, SynthParams params, BooleanSupplier cancelled) {
        byte[] bytes = nulTerminatable(text).getBytes(StandardCharsets.UTF_8);
        Memory buffer = nulTerminated(bytes);
        SampleCollector c = new SampleCollector(cancelled);
        lock.lock();
        try {
            selectVoice(voice);
            lib.espeak_SetParameter(EspeakLibrary.PARAM_RATE, params.rate(), 0);
            lib.espeak_SetParameter(EspeakLibrary.PARAM_PITCH, params.pitch(), 0);
            lib.espeak_SetParameter(EspeakLibrary.PARAM_VOLUME, params.volume(), 0);
            lib.espeak_SetParameter(EspeakLibrary.PARAM_WORDGAP, params.wordGap(), 0);
            collector = c;
            int status = lib.espeak_Synth(buffer, new NativeLong(bytes.length + 1L), 0, EspeakLibrary.POS_CHARACTER, 0,
                    EspeakLibrary.CHARS_UTF8 | EspeakLibrary.SYNTH_ENDPAUSE, null, null);
            if (status != EspeakLibrary.EE_OK && !c.aborted) {
                throw new IllegalStateException("espeak_Synth failed with status " + status);
            }
        } finally {
            collector = null;
            lock.unlock();
        }
        return c.aborted ? Optional.empty() : Optional.of(c.samples());
    }

    /** Every voice espeak-ng lists, with the languages it declares. */
    List<VoiceEntry> voices() {
        return listVoices(null);
    }

    /** The voice variants ({@code !v/f3}, {@code !v/klatt}...), which {@code espeak_ListVoices(NULL)} leaves out. */
    List<VoiceEntry> variants() {
        // An espeak_VOICE whose languages field is "variant": name, languages, identifier pointers,
        // four bytes (gender, age, variant, spare), an int score and a spare pointer; zero elsewhere.
        Memory spec = new Memory(8L * Native.POINTER_SIZE);
        spec.clear();
        Memory language = utf8("variant");
        spec.setPointer(Native.POINTER_SIZE, language);
        return listVoices(spec);
    }

    private List<VoiceEntry> listVoices(Pointer spec) {
        lock.lock();
        try {
            Pointer array = lib.espeak_ListVoices(spec);
            List<VoiceEntry> out = new ArrayList<>();
            if (array == null) {
                return out;
            }
            for (int i = 0; ; i++) {
                Pointer voice = array.getPointer((long) i * Native.POINTER_SIZE);
                if (voice == null) {
                    break;
                }
                out.add(VoiceEntry.read(voice));
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Selects {@code voice}: a voice name espeak-ng knows ({@code en-us}, {@code de}, {@code cmn},
     * optionally with a variant, {@code en-us+f3}), else a language tag, which picks the voice
     * espeak-ng ranks best for it ({@code fr-fr} and {@code fr-FR} pick {@code fr}, {@code zh} picks
     * {@code cmn}), as the espeak-ng program's {@code -v} does. The name is checked against the
     * voices and variants espeak-ng lists before any of it reaches the library (an unknown long
     * variant overflows a buffer there). Caller holds the lock.
     */
    private void selectVoice(String voice) {
        EspeakVoices.Checked checked = voiceIndex().check(voice);
        if (!checked.isOk()) {
            throw new EspeakVoiceNotFoundException(voice, checked.problem());
        }
        String name = checked.voice();
        if (lib.espeak_SetVoiceByName(utf8(name)) == EspeakLibrary.EE_OK) {
            return;
        }
        int plus = name.indexOf('+');
        String base = plus < 0 ? name : name.substring(0, plus);
        String variant = plus < 0 ? "" : name.substring(plus);
        if (EspeakVoices.LANGUAGE_TAG.matcher(base).matches()) {
            Optional<String> byLanguage = voiceIndex().voiceForTag(base);
            if (byLanguage.isPresent() && lib.espeak_SetVoiceByName(utf8(byLanguage.get() + variant)) == EspeakLibrary.EE_OK) {
                return;
            }
        }
        throw new EspeakVoiceNotFoundException(voice);
    }

    /** The problem with {@code voice} as a config names it, or empty when espeak-ng can speak with it. */
    Optional<String> checkVoice(String voice) {
        lock.lock();
        try {
            return Optional.ofNullable(voiceIndex().check(voice).problem());
        } finally {
            lock.unlock();
        }
    }

    /** Caller holds the lock. */
    private EspeakVoices voiceIndex() {
        if (voiceIndex == null) {
            voiceIndex = EspeakVoices.of(voices(), variants());
        }
        return voiceIndex;
    }

    private int onSamples(Pointer wav, int numSamples, Pointer events) {
        SampleCollector c = collector;
        if (c == null) {
            return 0;
        }
        if (c.cancelled.getAsBoolean()) {
            c.aborted = true;
            return 1;
        }
        if (wav != null && numSamples > 0) {
            c.add(wav.getShortArray(0, numSamples));
        }
        return 0;
    }

    static Memory utf8(String s) {
        return nulTerminated(s.getBytes(StandardCharsets.UTF_8));
    }

    private static Memory nulTerminated(byte[] bytes) {
        Memory m = new Memory(bytes.length + 1L);
        m.write(0, bytes, 0, bytes.length);
        m.setByte(bytes.length, (byte) 0);
        return m;
    }

    /** espeak reads a NUL as the end of the text: one inside would silently cut the rest off. */
    private static String nulTerminatable(String text) {
        return text.indexOf('\0') >= 0 ? text.replace('\0', ' ') : text;
    }

    /** Initialization failed after espeak_Initialize ran: remembered, so it is not run twice. */
    static final class EspeakInitializationFailed extends RuntimeException {
        private final EspeakUnavailableException reason;

        private EspeakInitializationFailed(EspeakUnavailableException reason) {
            super(reason.getMessage(), reason, false, false);
            this.reason = reason;
        }

        static EspeakInitializationFailed of(String message) {
            return new EspeakInitializationFailed(new EspeakUnavailableException(message));
        }

        EspeakUnavailableException reason() {
            return reason;
        }
    }

    /** espeak_SetParameter values for one synthesis. */
    record SynthParams(int rate, int pitch, int volume, int wordGap) {
    }
}
