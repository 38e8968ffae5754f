package io.voicerouter.provider.piper;

import io.voicerouter.error.VoiceException;

/** A voice id that is neither installed, nor a model file, nor in the Piper voices catalog. */
public class UnknownVoiceException extends VoiceException {
    private final String voiceId;

    public UnknownVoiceException(String voiceId, String message) {
        super(message);
        this.voiceId = voiceId;
    }

    public String voiceId() {
        return voiceId;
    }
}
