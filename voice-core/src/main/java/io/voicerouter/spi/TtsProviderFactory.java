package io.voicerouter.spi;

/**
 * Creates a provider. Listed in {@code META-INF/services/io.voicerouter.spi.TtsProviderFactory} of
 * the provider's jar so that {@link ProviderLoader} finds it.
 */
public interface TtsProviderFactory {
    /** The id of the provider this factory makes. */
    String providerId();

    /** Creates the provider without loading models yet: that is {@link TtsProvider#initialize()}'s job. */
    TtsProvider create(ProviderContext context);
}
