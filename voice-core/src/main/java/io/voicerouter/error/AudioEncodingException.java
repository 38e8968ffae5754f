package io.voicerouter.error;

/** An encoder failed while encoding: the external encoder exited with an error, or produced nothing usable. */
public class AudioEncodingException extends VoiceException {
    public AudioEncodingException(String message) {
        super(message);
    }

    public AudioEncodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
