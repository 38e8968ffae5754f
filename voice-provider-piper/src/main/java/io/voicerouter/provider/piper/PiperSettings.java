package io.voicerouter.provider.piper;

import io.voicerouter.spi.SettingSpec;

import java.util.List;

/** The Piper provider's settings schema. */
final class PiperSettings {
    static final String VOICE_ID = "voice_id";
    static final String SPEED = "speed";
    static final String NOISE_SCALE = "noise_scale";
    static final String NOISE_W = "noise_w";
    static final String SPEAKER_ID = "speaker_id";
    static final String SENTENCE_SILENCE = "sentence_silence";
    static final String NORMALIZE = "normalize";

    static final List<SettingSpec> SCHEMA = List.of(
            SettingSpec.text(VOICE_ID, "Piper voice: a catalog key such as en_US-lessac-medium, or the path of a "
                    + "local .onnx file (its .onnx.json beside it). Overrides the entry's voice_id", ""),
            SettingSpec.number(SPEED, "Speaking rate; 2.0 is twice as fast (length_scale = voice default / speed)",
                    0.1, 10.0, 1.0),
            SettingSpec.number(NOISE_SCALE, "Voice variation (VITS noise_scale); unset uses the voice's default",
                    0.0, 2.0, 0.667),
            SettingSpec.number(NOISE_W, "Rhythm variation (VITS noise_w); unset uses the voice's default",
                    0.0, 2.0, 0.8),
            SettingSpec.text(SPEAKER_ID, "Speaker of a multi-speaker voice: a number, or a name from the voice's "
                    + "speaker_id_map; empty means speaker 0", ""),
            SettingSpec.number(SENTENCE_SILENCE, "Seconds of silence after each sentence", 0.0, 10.0, 0.2),
            SettingSpec.bool(NORMALIZE, "Scale each sentence's audio so its peak is at full scale, as Piper does",
                    true));

    private PiperSettings() {
    }
}
