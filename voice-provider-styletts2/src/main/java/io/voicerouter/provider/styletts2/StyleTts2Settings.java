package io.voicerouter.provider.styletts2;

import io.voicerouter.spi.SettingSpec;
import io.voicerouter.spi.Settings;
import io.voicerouter.spi.VoiceSelection;

import java.util.List;

/**
 * The provider's settings schema and how one request reads it. The seed's {@code temperature}
 * is read as {@code alpha} when {@code alpha} itself is not set: both say how far the sampled
 * style may wander from the reference.
 */
record StyleTts2Settings(double alpha, double beta, int diffusionSteps, double embeddingScale, double speed,
                         String voice, boolean inputPhonemes, boolean misakiMapping) {
    static final List<SettingSpec> SCHEMA = List.of(
            SettingSpec.number("alpha", "Timbre: share of the text-sampled style in the voice's timbre "
                    + "(0 = exactly the reference's timbre). The seed's 'temperature' is read as alpha.", 0, 1, 0.3),
            SettingSpec.number("beta", "Prosody: share of the text-sampled style in the rhythm and intonation "
                    + "(0 = the reference's prosody).", 0, 1, 0.7),
            SettingSpec.integer("diffusion_steps", "Diffusion sampling steps for the style (0 or 1: no sampling, "
                    + "use the reference style as is). More is more varied and slower.", 0, 50, 5),
            SettingSpec.number("embedding_scale", "Classifier-free guidance: how strongly the text shapes the "
                    + "sampled style (1 = plain conditional).", 0, 10, 1.0),
            SettingSpec.number("speed", "Speaking rate (1 = the model's natural rate).", 0.5, 2.0, 1.0),
            SettingSpec.text("voice", "Pre-made voice (Kokoro style name such as af_heart); empty: the "
                    + "personality's voice_id, else the model's default. Ignored when a voice sample is set.", ""),
            SettingSpec.bool("input_phonemes", "The text is already phonemes in the model's symbols (misaki's for "
                    + "Kokoro v1.0, IPA otherwise): skip espeak-ng and any mapping. Needed for Kokoro's ja and zh.", false),
            SettingSpec.bool("misaki_mapping", "Kokoro v1.0 models: map espeak-ng's IPA onto misaki's symbols "
                    + "(the ones the model was trained on) as misaki's own espeak fallback does. Off: raw IPA.", true));

    static StyleTts2Settings of(Settings s, VoiceSelection chosen) {
        double alpha = s.number("alpha");
        if (!s.isSet("alpha") && s.has("temperature")) { // an alias outside the schema, read the same way
            alpha = Math.max(0, Math.min(1, s.number("temperature")));
        }
        String voice = s.text("voice");
        if (voice.isBlank()) {
            voice = chosen.id().orElse("");
        }
        return new StyleTts2Settings(alpha, s.number("beta"), (int) s.integer("diffusion_steps"),
                s.number("embedding_scale"), s.number("speed"), voice, s.bool("input_phonemes"),
                s.bool("misaki_mapping"));
    }
}
