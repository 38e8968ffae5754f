package io.voicerouter.espeak;

import io.voicerouter.error.VoiceException;

/** A voice name espeak-ng does not know, such as a typo in {@code en-us} or a language it lacks. */
public class EspeakVoiceNotFoundException extends VoiceException {
    private final String voice;

    public EspeakVoiceNotFoundException(String voice) {
        super("espeak-ng has no voice '" + voice + "'; run 'espeak-ng --voices' for the list (for example en-us, de, fr-fr, es, cmn)");
        this.voice = voice;
    }

    /** The name that was asked for. */
    public String voice() {
        return voice;
    }
}
