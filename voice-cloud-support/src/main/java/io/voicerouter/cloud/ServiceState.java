package io.voicerouter.cloud;

import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.spi.ProviderCapabilities;
import io.voicerouter.spi.ProviderHealth;
import io.voicerouter.spi.ProviderLifecycle;
import io.voicerouter.spi.SynthesisRequest;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a REST cloud provider knows about its service, kept in one place: its lifecycle
 * ({@link ProviderLifecycle}: the configuration checked once, a problem remembered and reported by
 * every call and by health, closed once), the voice list (fetched once, on {@code initialize} or first use), the
 * capabilities (whose languages come from that list) and the health. Thread-safe; one per provider.
 *
 * @param <V> the provider's voice record
 */
public final class ServiceState<V> {
    private final String providerId;
    private final OnceCache<V> voices;
    private final Function<List<V>, ? extends Collection<String>> languages;
    private final ServiceHealth health;
    private final ProviderLifecycle<Boolean> lifecycle;
    private volatile ProviderCapabilities capabilities;

    /**
     * @param problem     what is wrong with the configuration, if anything: every call then fails with it
     * @param fetchVoices asks the service for its voices; throws a {@link ProviderException} on failure
     * @param languages   the normalized languages of a voice list
     */
    public ServiceState(ProviderCapabilities initial, Optional<String> problem, Supplier<? extends List<V>> fetchVoices,
                        Function<List<V>, ? extends Collection<String>> languages) {
        this.providerId = initial.id();
        this.voices = new OnceCache<>(fetchVoices);
        this.languages = languages;
        this.health = new ServiceHealth(providerId);
        this.capabilities = initial;
        this.lifecycle = ProviderLifecycle.of(providerId, () -> {
            if (problem.isPresent()) {
                throw new ProviderException(providerId, ErrorKind.MISCONFIGURED, problem.get());
            }
            return true;
        });
    }

    public ProviderCapabilities capabilities() {
        return capabilities;
    }

    /** DOWN for a configuration problem or once closed, else the service's health (credentials, voice list). */
    public ProviderHealth health() {
        return lifecycle.health(configured -> health.get());
    }

    /**
     * Checks the configuration, and the credentials by fetching the voice list, which also gives
     * the languages. A transient failure only degrades the health: the list is fetched again on use.
     *
     * @throws ProviderException MISCONFIGURED for a configuration problem, or the fetch's failure when it
     *                           means the provider is broken (refused credentials)
     */
    public void initialize() {
        lifecycle.initialize();
        health.initialize(() -> {
            List<V> list = voices.get();
            capabilities = capabilities.withLanguages(languages.apply(list));
            return list.size();
        });
    }

    /** The service's voices, fetched once and cached for the life of the provider. */
    public List<V> voices() {
        requireConfigured();
        return voices.get();
    }

    /** The voices if they were fetched already; never calls the service. */
    public Optional<List<V>> voicesIfFetched() {
        return voices.ifFetched();
    }

    /**
     * The checks before any synthesis: a usable configuration and some text.
     *
     * @throws ProviderException MISCONFIGURED, or BAD_INPUT for blank text
     */
    public void checkSynthesis(SynthesisRequest request) {
        requireConfigured();
        if (request.text().isBlank()) {
            throw new ProviderException(providerId, ErrorKind.BAD_INPUT, "there is no text to speak");
        }
        capabilities().textLimit().requireFits(providerId, request.text());
    }

    /** Refused credentials take the provider down until a request succeeds. */
    public void failed(ProviderException failure) {
        health.failed(failure);
    }

    public void succeeded() {
        health.succeeded();
    }

    /** The provider was closed: every later call fails with MISCONFIGURED and health is DOWN. Idempotent. */
    public void close() {
        lifecycle.close(configured -> { });
    }

    private void requireConfigured() {
        lifecycle.get();
    }
}
