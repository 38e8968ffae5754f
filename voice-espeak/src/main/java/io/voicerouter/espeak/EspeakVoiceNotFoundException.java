package io.voicerouter.espeak;

import io.voicerouter.error.VoiceException;

/** A voice name espeak-ng does not know, such as a typo in {@code en-us} or a language it lacks. */
public class EspeakVoiceNotFoundException extends VoiceException {
    private final String voice;

    public EspeakVoiceNotFoundException(String voice) {
        this(voice, "espeak-ng has no voice '" + shown(voice)
                + "'; run 'espeak-ng --voices' for the list (for example en-us, de, fr-fr, es, cmn)");
    }

    /** {@code voice} refused for {@code reason}, a sentence that names what is wrong. */
    public EspeakVoiceNotFoundException(String voice, String reason) {
        super(reason);
        this.voice = voice;
    }

    /** A name as a message shows it: a config may hold megabytes where a name belongs. */
    static String shown(String voice) {
        return voice.length() <= 64 ? voice : voice.substring(0, 60) + "... (" + voice.length() + " characters)";
    }

    /** The name that was asked for. */
    public String voice() {
        return voice;
    }
}
