package io.voicerouter.provider.styletts2;

import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.espeak.EspeakPhonemizer;
import io.voicerouter.espeak.EspeakUnavailableException;
import io.voicerouter.espeak.Phonemizer;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.TtsProvider;
import io.voicerouter.spi.TtsProviderFactory;

import java.util.List;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the {@code styletts2} provider. The no-argument constructor (used by
 * {@link java.util.ServiceLoader}) phonemizes with voice-espeak's {@link EspeakPhonemizer}; hosts
 * and tests can inject another {@link Phonemizer}. When libespeak-ng is not installed the provider
 * still loads, reports health DEGRADED, speaks text that is already IPA (setting
 * {@code input_phonemes}) and fails other requests with {@code MISCONFIGURED}, saying what to install.
 *
 * <p>Context options: {@code styletts2.model_dir} (required; layout in the module README),
 * and the ONNX Runtime options every local provider reads ({@link io.voicerouter.onnx.OnnxOptions}):
 * {@code styletts2.device} ({@code auto}, {@code cpu}, {@code cuda} or {@code cuda:N}; default cpu),
 * {@code styletts2.intra_op_threads} (default ONNX Runtime's choice; {@code styletts2.threads} is its
 * older name, still read), {@code styletts2.inter_op_threads}, {@code styletts2.optimization},
 * {@code styletts2.spin_wait}.
 */
public final class StyleTts2ProviderFactory implements TtsProviderFactory {
    private static final Logger LOG = LoggerFactory.getLogger(StyleTts2ProviderFactory.class);
    /** The provider id used in {@code voice_config}. */
    public static final String ID = "styletts2";

    private final Phonemizer phonemizer;

    /** Phonemizes with espeak-ng (loaded when a provider is created). */
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
        return new StyleTts2Provider(context, phonemizer != null ? phonemizer : espeak());
    }

    private static Phonemizer espeak() {
        try {
            return EspeakPhonemizer.load();
        } catch (EspeakUnavailableException e) {
            LOG.warn("StyleTTS2 cannot phonemize text: {}", e.getMessage());
            return new MissingPhonemizer("espeak-ng is not available: " + e.getMessage());
        }
    }

    /** Stands in for a phonemizer that could not be loaded: every call says why. */
    record MissingPhonemizer(String reason) implements Phonemizer {
        @Override
        public List<String> phonemize(String text, String voice) {
            throw new ProviderException(ID, ErrorKind.MISCONFIGURED, reason
                    + " (text that is already IPA can still be spoken with the setting input_phonemes)");
        }
    }
}
