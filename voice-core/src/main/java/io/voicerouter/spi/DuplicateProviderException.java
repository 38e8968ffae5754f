package io.voicerouter.spi;

import io.voicerouter.error.VoiceException;

/** Two installed providers claim the same id; the classpath must be fixed. */
public class DuplicateProviderException extends VoiceException {
    public DuplicateProviderException(String providerId, String first, String second) {
        super("Two voice providers claim the id '" + providerId + "': " + first + " and " + second
                + ". Remove one of them from the classpath.");
    }
}
