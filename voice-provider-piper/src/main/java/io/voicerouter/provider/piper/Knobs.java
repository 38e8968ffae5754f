package io.voicerouter.provider.piper;

import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.InvalidSettingException;
import io.voicerouter.error.ProviderException;
import io.voicerouter.spi.SynthesisRequest;

/** One request's inference settings, with the voice's own defaults for what the personality leaves unset. */
record Knobs(float noiseScale, float lengthScale, float noiseW, long speaker, double sentenceSilence,
             boolean normalize) {

    /**
     * Reads the request's settings with {@link io.voicerouter.spi.Settings}' typed reads, so a bad
     * value is an {@code InvalidSettingException} naming it. noise_scale and noise_w fall back to the
     * voice's own values unless the personality set them itself.
     */
    static Knobs of(SynthesisRequest request, PiperVoiceConfig voice, String providerId) {
        var s = request.settings();
        double speed = s.number(PiperSettings.SPEED, 1.0);
        if (!(speed > 0)) {
            throw new InvalidSettingException(PiperSettings.SPEED, "speed must be positive, got " + speed);
        }
        float noise = s.isSet(PiperSettings.NOISE_SCALE) ? (float) s.number(PiperSettings.NOISE_SCALE) : voice.noiseScale();
        float noiseW = s.isSet(PiperSettings.NOISE_W) ? (float) s.number(PiperSettings.NOISE_W) : voice.noiseW();
        double silence = s.number(PiperSettings.SENTENCE_SILENCE, 0.2);
        boolean normalize = s.bool(PiperSettings.NORMALIZE, true);
        String speaker = s.text(PiperSettings.SPEAKER_ID, "").strip();
        return new Knobs(noise, (float) (voice.lengthScale() / speed), noiseW, speaker(speaker, voice, providerId),
                Math.max(0, silence), normalize);
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
