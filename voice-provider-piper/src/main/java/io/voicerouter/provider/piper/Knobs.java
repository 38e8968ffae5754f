package io.voicerouter.provider.piper;

import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.spi.ExactNumbers;
import io.voicerouter.spi.SynthesisRequest;

import java.util.Map;

/** One request's inference settings, with the voice's own defaults for what the personality leaves unset. */
record Knobs(float noiseScale, float lengthScale, float noiseW, long speaker, double sentenceSilence,
             boolean normalize) {

    static Knobs of(SynthesisRequest request, PiperVoiceConfig voice, String providerId) {
        Map<String, Object> given = request.config().settings();
        var s = request.settings();
        double speed = number(s.get(PiperSettings.SPEED).orElse(null), 1.0, PiperSettings.SPEED, providerId);
        if (!(speed > 0)) {
            throw new ProviderException(providerId, ErrorKind.BAD_INPUT, "speed must be positive, got " + speed);
        }
        float noise = given.containsKey(PiperSettings.NOISE_SCALE)
                ? (float) number(s.get(PiperSettings.NOISE_SCALE).orElse(null), voice.noiseScale(), PiperSettings.NOISE_SCALE,
                providerId) : voice.noiseScale();
        float noiseW = given.containsKey(PiperSettings.NOISE_W)
                ? (float) number(s.get(PiperSettings.NOISE_W).orElse(null), voice.noiseW(), PiperSettings.NOISE_W, providerId)
                : voice.noiseW();
        double silence = number(s.get(PiperSettings.SENTENCE_SILENCE).orElse(null), 0.2, PiperSettings.SENTENCE_SILENCE,
                providerId);
        boolean normalize = !s.has(PiperSettings.NORMALIZE) || s.bool(PiperSettings.NORMALIZE);
        String speaker = s.get(PiperSettings.SPEAKER_ID).map(Object::toString).orElse("").strip();
        return new Knobs(noise, (float) (voice.lengthScale() / speed), noiseW, speaker(speaker, voice, providerId),
                Math.max(0, silence), normalize);
    }

    /**
     * A finite number, exactly as given (a number or its text), or {@code fallback} when unset.
     * Settings resolved against the schema are numbers in range already; a host's raw map may hold
     * "NaN", "1e400" or a BigDecimal beyond a double, which are refused rather than becoming NaN,
     * infinity or the fallback.
     */
    private static double number(Object v, double fallback, String name, String providerId) {
        if (v == null) {
            return fallback;
        }
        Object value = v;
        if (v instanceof String text) {
            try {
                value = new java.math.BigDecimal(text.strip()); // no NaN or Infinity spelled out
            } catch (NumberFormatException e) {
                value = text;
            }
        }
        double d = ExactNumbers.exact(value).map(java.math.BigDecimal::doubleValue).orElse(Double.NaN);
        if (!Double.isFinite(d)) {
            throw new ProviderException(providerId, ErrorKind.BAD_INPUT, name + " must be a finite number, got "
                    + ExactNumbers.describe(v));
        }
        return d;
    }

    private static long speaker(String given, PiperVoiceConfig voice, String providerId) {
        if (given.isEmpty()) {
            return 0;
        }
        Integer byName = voice.speakerIdMap().get(given);
        if (byName != null) {
            return byName;
        }
        long id;
        try {
            id = Long.parseLong(given);
        } catch (NumberFormatException e) {
            throw new ProviderException(providerId, ErrorKind.BAD_INPUT, "unknown speaker '" + given + "'; this voice has "
                    + (voice.speakerIdMap().isEmpty() ? "one speaker (0)" : "speakers " + voice.speakerIdMap().keySet()));
        }
        if (id < 0 || id >= voice.numSpeakers()) {
            throw new ProviderException(providerId, ErrorKind.BAD_INPUT, "speaker_id " + id + " is out of range: this "
                    + "voice has " + voice.numSpeakers() + " speaker(s), 0 to " + (voice.numSpeakers() - 1));
        }
        return id;
    }
}
