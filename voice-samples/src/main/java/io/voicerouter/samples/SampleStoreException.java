package io.voicerouter.samples;

import io.voicerouter.error.VoiceException;

/** The sample store could not read or write its directory. */
public class SampleStoreException extends VoiceException {
    public SampleStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public SampleStoreException(String message) {
        super(message);
    }
}
