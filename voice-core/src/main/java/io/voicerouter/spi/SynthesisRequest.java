package io.voicerouter.spi;

import io.voicerouter.config.ProviderConfig;

import java.time.Instant;
import java.util.Objects;

/**
 * What the router asks of one provider: the text, the normalized language code, the personality's
 * entry for this provider (voice id, voice sample, raw settings) and the resolved settings.
 * A provider should give up with {@code ErrorKind.TIMEOUT} once {@code deadline} has passed.
 */
public record SynthesisRequest(String text, String language, ProviderConfig config, Settings settings,
                               Instant deadline) {
    public SynthesisRequest {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(deadline, "deadline");
    }

    /** A request with no deadline. */
    public static SynthesisRequest of(String text, String language, ProviderConfig config, Settings settings) {
        return new SynthesisRequest(text, language, config, settings, Instant.MAX);
    }

    public SynthesisRequest withText(String newText) {
        return new SynthesisRequest(newText, language, config, settings, deadline);
    }
}
