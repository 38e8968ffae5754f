package io.voicerouter.provider.styletts2;

import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.espeak.Phonemizer;
import io.voicerouter.language.LanguageCodes;
import io.voicerouter.spi.SynthesisRequest;

import java.text.Normalizer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What one request will say and in which style, decided before the first model call: the phoneme
 * chunks (one per sentence), and either a pre-made voice or the reference sample's style. Every
 * problem with the request shows here, before any audio is made or streamed.
 *
 * @param reference    the cloned style [256], or null for a pre-made voice
 * @param sampleAdvice advice for an accepted but not ideal reference sample
 */
record SpeechPlan(List<String> chunks, StyleTts2Settings settings, String voice, float[] reference,
                  Optional<String> sampleAdvice, boolean diffuse) {
    private static final String ID = StyleTts2ProviderFactory.ID;
    static final String KOKORO_DEFAULT_VOICE = "af_heart";
    private static final Pattern IPA_SENTENCE_END = Pattern.compile("(?<=[.!?…])\\s+");

    static SpeechPlan of(StyleTts2Model m, SynthesisRequest request, Phonemizer phonemizer, ReferenceStyles references) {
        StyleTts2Settings s = StyleTts2Settings.of(request.settings(), request.voice());
        Optional<String> sample = request.voice().sampleUrl();
        String premade = s.voice().isBlank() ? m.config().defaultVoice() : s.voice();
        if (premade.isBlank() && m.voices().has(KOKORO_DEFAULT_VOICE)) {
            premade = KOKORO_DEFAULT_VOICE; // Kokoro's releases carry no config default; kokoro.js defaults to af_heart
        }
        if (sample.isEmpty() && !m.voices().has(premade)) {
            throw new ProviderException(ID, m.voices().isEmpty() ? ErrorKind.MODEL_MISSING : ErrorKind.BAD_INPUT,
                    m.voices().isEmpty() ? "the model has no pre-made voices and the personality has no voice sample"
                            : "unknown voice '" + premade + "'; this model has " + m.voices().names());
        }
        String espeakVoice = espeakVoice(m, request.language(), s.inputPhonemes(),
                sample.isPresent() ? "" : premade);
        // Kokoro v1.0 was trained on misaki's symbols: map espeak's IPA as misaki's own fallback does,
        // from espeak's tied IPA as misaki reads it; a phonemizer without ties gets them restored.
        boolean misaki = !s.inputPhonemes() && m.config().misaki() && s.misakiMapping();
        Optional<Phonemizer> tied = misaki ? phonemizer.withTies() : Optional.empty();
        List<String> sentences = phonemes(tied.orElse(phonemizer), request.text(), espeakVoice, s.inputPhonemes(),
                m.config().vocab());
        if (misaki) {
            sentences = sentences.stream().map(p -> tied.isPresent() ? MisakiMapping.fromTiedEspeak(p, espeakVoice)
                    : MisakiMapping.fromEspeak(p, espeakVoice)).toList();
        }
        List<String> chunks = PhonemeChunker.chunks(sentences, m.config().vocab(), m.config().maxPhonemes());
        if (chunks.isEmpty()) {
            throw new ProviderException(ID, ErrorKind.BAD_INPUT, "nothing to speak: the text has no phonemes "
                    + "this model knows");
        }
        if (sample.isPresent()) {
            if (!m.canClone()) {
                throw new ProviderException(ID, ErrorKind.MODEL_MISSING, "this model cannot clone a voice: "
                        + StyleTts2Model.STYLE_ENCODER + " and " + StyleTts2Model.PREDICTOR_ENCODER
                        + " are missing from " + m.directory());
            }
            ReferenceStyles.Reference ref = references.reference(sample.get());
            boolean diffuse = s.diffusionSteps() >= 2 && m.canDiffuse();
            return new SpeechPlan(chunks, s, "sample", ref.style(),
                    SampleAdvice.hint(ref.seconds(), StyleTts2Provider.SAMPLE), diffuse);
        }
        return new SpeechPlan(chunks, s, premade, null, Optional.empty(), false);
    }

    private static List<String> phonemes(Phonemizer phonemizer, String text, String espeakVoice, boolean inputPhonemes,
                                         Map<Integer, Long> vocab) {
        if (inputPhonemes) {
            // Not a BreakIterator: IPA is all lower case, and ". h" reads to it as an abbreviation.
            return IPA_SENTENCE_END.splitAsStream(text.strip()).filter(t -> !t.isBlank()).toList();
        }
        try {
            // voice-espeak gives Piper's NFD (ç as c + U+0327); Kokoro's vocabulary has precomposed ç.
            return phonemizer.phonemize(text, espeakVoice).stream().map(p -> composeKnown(p, vocab)).toList();
        } catch (ProviderException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ProviderException(ID, ErrorKind.MISCONFIGURED, "phonemizer failed: " + e.getMessage(), e);
        }
    }

    /**
     * Composes a letter and a combining mark only where the vocabulary has the composed symbol
     * ({@code c} + cedilla to {@code ç}); elsewhere the mark stays a symbol of its own, as espeak-ng
     * writes it and as Kokoro's vocabulary has it (nasal {@code ̃} after a vowel). Plain NFC would turn
     * {@code ĩ} into one symbol the vocabulary lacks, and the nasal would be lost.
     */
    static String composeKnown(String ipa, Map<Integer, Long> vocab) {
        String nfd = Normalizer.normalize(ipa, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(nfd.length());
        int i = 0;
        while (i < nfd.length()) {
            int base = nfd.codePointAt(i);
            i += Character.charCount(base);
            while (i < nfd.length() && Character.getType(nfd.codePointAt(i)) == Character.NON_SPACING_MARK) {
                int mark = nfd.codePointAt(i);
                String composed = Normalizer.normalize(new StringBuilder().appendCodePoint(base).appendCodePoint(mark),
                        Normalizer.Form.NFC);
                if (composed.codePointCount(0, composed.length()) != 1 || !vocab.containsKey(composed.codePointAt(0))) {
                    break;
                }
                base = composed.codePointAt(0);
                i += Character.charCount(mark);
            }
            out.appendCodePoint(base);
        }
        return out.toString();
    }

    /**
     * The espeak-ng voice for {@code language}: the config's entry for the code as given, in lower
     * case, then for its base language. The router hands providers bare codes ({@code en}), so for
     * Kokoro v1.0 English the pre-made voice decides the accent, as Kokoro's own pipelines do
     * (kokoro.js reads the voice's first letter): {@code b...} voices (bf_emma) speak en-gb.
     */
    private static String espeakVoice(StyleTts2Model m, String language, boolean inputPhonemes, String voice) {
        Map<String, String> langs = m.config().languages();
        String code = language.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        String key = langs.containsKey(language) ? language : langs.containsKey(code) ? code : LanguageCodes.base(code);
        String v = langs.get(key);
        if (v != null && key.equals("en") && m.config().misaki() && voice.startsWith("b") && langs.containsKey("en-gb")) {
            v = langs.get("en-gb");
        }
        if (v == null) {
            throw new ProviderException(ID, ErrorKind.UNSUPPORTED_LANGUAGE, "this model speaks " + langs.keySet()
                    + ", not " + language);
        }
        if (v.equals(ModelConfig.PHONEMES_ONLY) && !inputPhonemes) {
            throw new ProviderException(ID, ErrorKind.UNSUPPORTED_LANGUAGE, "this model speaks " + language
                    + " only from phonemes: Kokoro's " + language + " voices need misaki's own " + language
                    + " G2P, which has no Java counterpart. Give the text as misaki phonemes with the setting "
                    + "input_phonemes=true");
        }
        return v;
    }
}
