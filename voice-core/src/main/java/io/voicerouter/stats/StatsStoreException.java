package io.voicerouter.stats;

import io.voicerouter.error.VoiceException;

/** A {@link StatsStore} could not save. The previous snapshot is still intact. */
public class StatsStoreException extends VoiceException {
    public StatsStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
