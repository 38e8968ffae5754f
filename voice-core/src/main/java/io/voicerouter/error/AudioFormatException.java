package io.voicerouter.error;

/** Audio bytes that cannot be decoded: truncated, corrupt or in a format we do not read. */
public class AudioFormatException extends VoiceException {
    public AudioFormatException(String message) {
        super(message);
    }

    public AudioFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
