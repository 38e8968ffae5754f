package io.voicerouter.error;

/** A provider option a host gave (such as {@code piper.intra_op_threads}) has a value it cannot use. */
public class InvalidOptionException extends VoiceException {
    private final String option;

    public InvalidOptionException(String option, String message) {
        super(message);
        this.option = option;
    }

    /** The option's key, never its value (values may be secrets). */
    public String option() {
        return option;
    }
}
