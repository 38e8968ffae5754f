package io.voicerouter.error;

import java.util.Collection;
import java.util.List;

/** A provider id that no installed provider answers to. */
public class UnknownProviderException extends VoiceException {
    private final String providerId;

    public UnknownProviderException(String providerId, Collection<String> installed) {
        super("Unknown voice provider '" + providerId + "'; installed: " + List.copyOf(installed));
        this.providerId = providerId;
    }

    public String providerId() {
        return providerId;
    }
}
