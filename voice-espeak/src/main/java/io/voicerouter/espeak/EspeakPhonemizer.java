package io.voicerouter.espeak;

import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IPA phonemes from espeak-ng (loaded with JNA), in the form Piper voices were trained on: one
 * string per sentence, with stress marks, {@code (lang)} switch flags removed, the clause punctuation
 * Piper keeps ({@code . ? !} closing a sentence; {@code , : ;} followed by a space) and Unicode
 * NFD applied, so that each code point is one Piper phoneme ({@code ç} becomes {@code c} and a
 * combining cedilla). One deviation from Piper: a clause that ends with no punctuation Piper keeps
 * (an ellipsis, an inverted {@code ¿}) is followed by a space rather than glued to the next word,
 * and a sentence of punctuation alone is dropped.
 *
 * <p>Where the loaded library has {@code espeak_TextToPhonemesWithTerminator} espeak-ng reports how
 * each clause ended; the stock Debian/Ubuntu 1.51 library lacks it, so the terminator is read back
 * from the text espeak consumed for the clause. espeak-ng still decides where clauses end in both
 * cases, so numbers ({@code 3.50}) and abbreviations read as espeak reads them.
 *
 * <p>espeak-ng is one global instance per process. Every instance of this class shares it and
 * serializes calls on one lock, held only while espeak runs; the result is a plain string, so
 * callers run inference outside the lock. Thread-safe.
 *
 * <pre>{@code
 * Phonemizer p = EspeakPhonemizer.load();
 * List<String> sentences = p.phonemize("Hello, world! How are you?", "en-us");
 * // ["həlˈoʊ, wˈɜːld!", "hˈaʊ ɑːɹ juː?"]
 * }</pre>
 */
public final class EspeakPhonemizer implements Phonemizer, AutoCloseable {
    private static final Pattern LANGUAGE_FLAG = Pattern.compile("\\([^)]*\\)");

    /** phonemizer's tie mode: espeak-ng writes U+0361 between the letters of one phoneme ... */
    private static final int TIED_IPA = EspeakLibrary.PHONEMES_IPA | EspeakLibrary.PHONEMES_TIE | ('\u0361' << 8);

    private final EspeakEngine engine;
    private final boolean tied;
    private volatile boolean closed;

    private EspeakPhonemizer(EspeakEngine engine, boolean tied) {
        this.engine = engine;
        this.tied = tied;
    }

    private EspeakPhonemizer(EspeakEngine engine) {
        this(engine, false);
    }

    /**
     * A phonemizer on the process's espeak-ng, loading the library and its default data on first use.
     *
     * @throws EspeakUnavailableException when libespeak-ng or its data is not installed
     */
    public static EspeakPhonemizer load() {
        return new EspeakPhonemizer(EspeakEngine.get(null));
    }

    /**
     * Like {@link #load()} with espeak-ng data from {@code dataPath} (an {@code espeak-ng-data}
     * directory or its parent). espeak-ng is process-global: the first load decides the data path,
     * and a later load asking for a different one fails.
     *
     * @throws EspeakUnavailableException when the library or the data is missing, or espeak-ng already
     *                                    runs with other data
     */
    public static EspeakPhonemizer load(Path dataPath) {
        return new EspeakPhonemizer(EspeakEngine.get(Objects.requireNonNull(dataPath, "dataPath")));
    }

    /**
     * {@inheritDoc}
     *
     * @throws EspeakVoiceNotFoundException when espeak-ng has no voice named {@code voice}
     * @throws IllegalStateException        after {@link #close()}
     */
    @Override
    public List<String> phonemize(String text, String voice) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(voice, "voice");
        if (closed) {
            throw new IllegalStateException("EspeakPhonemizer is closed");
        }
        if (text.isBlank()) {
            return List.of();
        }
        if (!tied) {
            return sentences(engine.clauses(text, voice));
        }
        // ... which phonemizer then replaces with the tie asked for, here ^ (misaki's)
        return sentences(engine.clauses(text, voice, TIED_IPA).stream()
                .map(c -> new Clause(c.phonemes().replace('\u0361', '^'), c.punctuation(), c.endsSentence()))
                .toList());
    }

    /**
     * {@inheritDoc} Requests the ties from espeak-ng as phonemizer does (phoneme mode
     * {@code 0x02 | 0x80 | U+0361 << 8}) and writes them as {@code ^}. Shares this phonemizer's
     * espeak-ng and its lock; closing one later does not close the other.
     */
    @Override
    public Optional<Phonemizer> withTies() {
        if (tied) {
            return Optional.of(this);
        }
        EspeakPhonemizer withTies = new EspeakPhonemizer(engine, true);
        withTies.closed = closed; // a closed handle's tied view is closed too
        return Optional.of(withTies);
    }

    /** Assembles clauses into sentences as Piper does. Package-private for tests. */
    static List<String> sentences(List<Clause> clauses) {
        List<String> out = new ArrayList<>();
        StringBuilder sentence = new StringBuilder();
        for (Clause clause : clauses) {
            sentence.append(LANGUAGE_FLAG.matcher(clause.phonemes()).replaceAll(""));
            sentence.append(clause.punctuation());
            if (clause.endsSentence()) {
                flush(sentence, out);
            } else if (clause.punctuation().isEmpty() && sentence.length() > 0) {
                // An ellipsis, an inverted ¿ or a clause espeak cut for length: Piper would glue the
                // words of both clauses together; a space keeps them words.
                sentence.append(' ');
            }
        }
        flush(sentence, out);
        return List.copyOf(out);
    }

    private static void flush(StringBuilder sentence, List<String> out) {
        String s = Normalizer.normalize(sentence.toString().strip(), Normalizer.Form.NFD);
        sentence.setLength(0);
        // Punctuation alone ("?!" or "...") would make a model say a blip of nothing.
        if (s.codePoints().anyMatch(Character::isLetterOrDigit)) {
            out.add(s);
        }
    }

    /** The espeak-ng version in use, such as {@code 1.51}. */
    public String espeakVersion() {
        return engine.version();
    }

    /** Whether espeak-ng reports clause terminators itself ({@code espeak_TextToPhonemesWithTerminator}). */
    public boolean nativeClauseTerminators() {
        return engine.reportsTerminators();
    }

    /**
     * Marks this handle closed. espeak-ng itself stays loaded: it is shared by the whole process and
     * cannot be loaded again once terminated.
     */
    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "EspeakPhonemizer[espeak-ng " + engine.version() + (tied ? ", tied" : "") + (closed ? ", closed" : "") + "]";
    }
}
