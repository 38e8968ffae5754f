package io.voicerouter.samples;

import io.voicerouter.error.VoiceException;

/** A sample over a configured limit: too many bytes to fetch or store, or too long to decode. */
public class SampleTooLargeException extends VoiceException {
    private final long limit;

    public SampleTooLargeException(String message, long limit) {
        super(message);
        this.limit = limit;
    }

    /** The limit that was exceeded, in the unit the message names (bytes or seconds). */
    public long limit() {
        return limit;
    }
}
