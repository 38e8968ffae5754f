package io.voicerouter.cloud;

import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.spi.ProviderHealth;

import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The health of a provider that checks its configuration and credentials by fetching the service's
 * voice list: down for a configuration problem or refused credentials, degraded while only the
 * list is unavailable, up again after a request succeeds. Thread-safe.
 */
final class ServiceHealth {
    private final String providerId;
    private volatile ProviderHealth health = ProviderHealth.notInitialized();

    ServiceHealth(String providerId) {
        this.providerId = providerId;
    }

    ProviderHealth get() {
        return health;
    }

    /**
     * The {@code initialize} of such a provider, once its configuration passed (ServiceState's lifecycle).
     *
     * @param loadVoices fetches the voice list (and updates the capabilities) and says how many voices it has
     * @throws ProviderException what the fetch threw when it says the provider is broken; a transient
     *                           failure only degrades the health
     */
    void initialize(IntSupplier loadVoices) {
        try {
            int voices = loadVoices.getAsInt();
            health = ProviderHealth.up(Map.of("voices", Integer.toString(voices)));
        } catch (ProviderException e) {
            if (e.kind().category() == ErrorKind.Category.BROKEN) {
                health = ProviderHealth.down(e.getMessage());
                throw e;
            }
            health = new ProviderHealth(ProviderHealth.Status.DEGRADED, "voice list unavailable: " + e.getMessage(), Map.of());
        }
    }

    /** Refused credentials take the provider down until a request succeeds. */
    void failed(ProviderException failure) {
        if (failure.kind() == ErrorKind.AUTHENTICATION) {
            health = ProviderHealth.down(failure.getMessage());
        }
    }

    void succeeded() {
        if (health.status() == ProviderHealth.Status.DOWN) {
            health = ProviderHealth.up();
        }
    }
}
