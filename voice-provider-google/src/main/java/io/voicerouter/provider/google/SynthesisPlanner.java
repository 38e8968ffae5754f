package io.voicerouter.provider.google;

import io.voicerouter.cloud.RequestValues;
import io.voicerouter.language.LanguageCodes;
import io.voicerouter.spi.QuotaBucket;
import io.voicerouter.spi.Settings;
import io.voicerouter.spi.SynthesisRequest;
import io.voicerouter.text.TextLimit;

import java.util.List;
import java.util.Optional;

/**
 * Decides, without network calls, how one request is sent: which voice, SSML or plain text, which
 * sample rate, and the input as sent. Synthesis, billing and the quota bucket all read the same plan,
 * so what we count is what we send. The text already fits {@link #TEXT_LIMIT}: the router cuts it.
 */
final class SynthesisPlanner {
    /** text:synthesize takes at most 5,000 bytes of input (text or SSML, UTF-8). */
    static final int MAX_INPUT_BYTES = 5000;
    /**
     * The text per request: SSML's escaping and its {@code <speak></speak>} (15 bytes) must fit in
     * the 5,000 bytes too. Plain-text voices could take 15 bytes more, and unescaped; one limit for
     * every voice keeps capabilities independent of the voice chosen.
     */
    static final TextLimit TEXT_LIMIT = TextLimit.xmlEscapedUtf8Bytes(MAX_INPUT_BYTES - Ssml.speak("").length());

    private final VoiceCatalog catalog;

    /** {@code catalog} may be null when the voice list could not be read yet. */
    SynthesisPlanner(VoiceCatalog catalog) {
        this.catalog = catalog;
    }

    record Plan(String languageCode, String voiceName, boolean ssml, int sampleRate, double pitch,
                double speakingRate, double volumeGainDb, String input, QuotaBucket bucket) {
        long billedCharacters() {
            return input.codePointCount(0, input.length());
        }

        String voiceLabel() {
            return voiceName.isEmpty() ? languageCode : voiceName;
        }
    }

    Plan plan(SynthesisRequest request) {
        Settings s = request.settings();
        Voice voice = chooseVoice(request);
        boolean ssml = voice.name.isEmpty() || GoogleVoice.acceptsSsml(voice.name);
        QuotaBucket bucket = voice.name.isEmpty() ? GoogleVoice.WAVENET_NEURAL2 : GoogleVoice.bucket(voice.name);
        return new Plan(voice.languageCode, voice.name, ssml, voice.sampleRate,
                s.number("pitch", 0.0), s.number("speaking_rate", 1.0),
                s.number("volume_gain_db", 0.0),
                input(request.text(), ssml), bucket);
    }

    private record Voice(String name, String languageCode, int sampleRate) {
    }

    /**
     * The settings' voice_name (what a host UI edits) beats the entry's voice_name, which beats
     * voice_id. When that voice speaks another language than the request's, a voice of the
     * request's language is chosen from the list (same gender where possible).
     */
    private Voice chooseVoice(SynthesisRequest request) {
        Optional<String> named = RequestValues.explicitVoice(request, "");
        String wanted = LanguageCodes.tryNormalize(request.language()).orElse(request.language());
        if (named.isPresent()) {
            String name = named.get();
            Optional<GoogleVoice> known = catalog == null ? Optional.empty() : catalog.find(name);
            String voiceLanguage = known.map(v -> v.languageCodes().isEmpty() ? GoogleVoice.languageOf(name)
                    : v.languageCodes().get(0)).orElse(GoogleVoice.languageOf(name));
            boolean sameLanguage = GoogleVoice.normalizedLanguage(voiceLanguage)
                    .map(code -> LanguageCodes.matches(wanted, List.of(code)))
                    .orElse(true);
            if (sameLanguage || catalog == null) {
                return new Voice(name, voiceLanguage, known.map(SynthesisPlanner::rate).orElse(GoogleTtsProvider.DEFAULT_SAMPLE_RATE));
            }
            String gender = known.map(GoogleVoice::gender).orElse("");
            Optional<GoogleVoice> other = catalog.pick(wanted, gender);
            if (other.isPresent()) {
                return fromCatalog(other.get());
            }
            return new Voice(name, voiceLanguage, known.map(SynthesisPlanner::rate).orElse(GoogleTtsProvider.DEFAULT_SAMPLE_RATE));
        }
        if (catalog != null) {
            Optional<GoogleVoice> v = catalog.pick(wanted, "");
            if (v.isPresent()) {
                return fromCatalog(v.get());
            }
        }
        // No list to choose from: let the service pick its default voice for the language.
        return new Voice("", wanted, GoogleTtsProvider.DEFAULT_SAMPLE_RATE);
    }

    private static Voice fromCatalog(GoogleVoice v) {
        String code = v.languageCodes().isEmpty() ? GoogleVoice.languageOf(v.name()) : v.languageCodes().get(0);
        return new Voice(v.name(), code, rate(v));
    }

    /** LINEAR16 at the voice's natural rate: asking for more resamples, asking for less loses detail. */
    private static int rate(GoogleVoice v) {
        return v.naturalSampleRateHertz() > 0 ? v.naturalSampleRateHertz() : GoogleTtsProvider.DEFAULT_SAMPLE_RATE;
    }

    /** What is sent: the text, stripped, in {@code <speak>} with XML escaped for SSML voices. */
    static String input(String text, boolean ssml) {
        return ssml ? Ssml.speak(text.strip()) : text.strip();
    }
}
