package io.voicerouter.state;

import io.voicerouter.error.VoiceException;

/** A shared store (database, cache server) could not be read or written. */
public class StateStoreException extends VoiceException {
    public StateStoreException(String message) {
        super(message);
    }

    public StateStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
