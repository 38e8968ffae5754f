package io.voicerouter.cloud;

import io.voicerouter.spi.SynthesisRequest;
import io.voicerouter.spi.VoiceSelection;

import java.util.Optional;

/**
 * Reads what a synthesis request asks for, the same way in every cloud provider. Numbers and text
 * settings are read with {@link io.voicerouter.spi.Settings}' typed reads.
 */
public final class RequestValues {
    private RequestValues() {
    }

    /**
     * The voice the personality named: the {@code voice_name} setting (what a host UI edits), else
     * the entry's {@code voice_name}, else its {@code voice_id}; stripped, blank ones skipped.
     *
     * @param settingDefault the {@code voice_name} setting's default: a setting equal to it that the
     *                       entry did not set itself is the provider's default, not a choice
     */
    public static Optional<String> explicitVoice(SynthesisRequest request, String settingDefault) {
        VoiceSelection voice = request.voice();
        Optional<String> setting = request.settings().get("voice_name").map(Object::toString).filter(s -> !s.isBlank());
        boolean chosen = request.settings().isSet("voice_name")
                || setting.filter(s -> !s.equals(settingDefault)).isPresent();
        return (chosen ? setting : Optional.<String>empty())
                .or(voice::name)
                .or(voice::id)
                .map(String::strip);
    }
}
