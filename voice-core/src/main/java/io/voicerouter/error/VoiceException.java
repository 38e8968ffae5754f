package io.voicerouter.error;

/** Base of every exception the SDK throws on purpose. Unchecked, as in Jackson and Caffeine. */
public class VoiceException extends RuntimeException {
    public VoiceException(String message) {
        super(message);
    }

    public VoiceException(String message, Throwable cause) {
        super(message, cause);
    }
}
