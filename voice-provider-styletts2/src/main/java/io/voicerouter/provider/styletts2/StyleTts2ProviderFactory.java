package io.voicerouter.provider.styletts2;

import io.voicerouter.espeak.Phonemizer;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.TtsProvider;
import io.voicerouter.spi.TtsProviderFactory;

import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Creates the {@code styletts2} provider. The no-argument constructor (used by
 * {@link java.util.ServiceLoader}) takes the first {@link Phonemizer} registered as a service;
 * hosts and tests can inject one instead. Without a phonemizer the provider still speaks text
 * that is already IPA (setting {@code input_phonemes}).
 *
 * <p>Context options: {@code styletts2.model_dir} (required; layout in the module README),
 * {@code styletts2.device} ({@code cpu}, {@code cuda} or {@code cuda:N}; default cpu) and
 * {@code styletts2.threads} (intra-op threads; default ONNX Runtime's choice).
 */
public final class StyleTts2ProviderFactory implements TtsProviderFactory {
    /** The provider id used in {@code voice_config}. */
    public static final String ID = "styletts2";

    private final Phonemizer phonemizer;

    public StyleTts2ProviderFactory() {
        this.phonemizer = null;
    }

    public StyleTts2ProviderFactory(Phonemizer phonemizer) {
        this.phonemizer = Objects.requireNonNull(phonemizer, "phonemizer");
    }

    @Override
    public String providerId() {
        return ID;
    }

    @Override
    public TtsProvider create(ProviderContext context) {
        Optional<Phonemizer> p = phonemizer != null ? Optional.of(phonemizer) : discover();
        return new StyleTts2Provider(context, p);
    }

    private static Optional<Phonemizer> discover() {
        try {
            return ServiceLoader.load(Phonemizer.class, StyleTts2ProviderFactory.class.getClassLoader()).findFirst();
        } catch (java.util.ServiceConfigurationError e) {
            return Optional.empty();
        }
    }
}
