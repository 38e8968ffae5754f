package io.voicerouter.error;

/**
 * No installed encoder can produce the requested output format on this machine. The message says
 * what is missing and what to install (for example the Debian package {@code ffmpeg}).
 */
public class EncoderUnavailableException extends VoiceException {
    private final String format;

    public EncoderUnavailableException(String format, String message) {
        super(message);
        this.format = format;
    }

    /** The format's id, as in {@code mp3}. */
    public String format() {
        return format;
    }
}
