package io.voicerouter.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * What the router asks of one provider: the text, the normalized language code, the voice the
 * personality chose for this provider and its settings resolved against the provider's schema
 * ({@link Settings#isSet} tells a given value from a default). A provider reads nothing else of
 * the personality's config. It should give up with {@code ErrorKind.TIMEOUT} once
 * {@code deadline} has passed.
 */
public record SynthesisRequest(String text, String language, VoiceSelection voice, Settings settings,
                               Instant deadline) {
    public SynthesisRequest {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(voice, "voice");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(deadline, "deadline");
    }

    /** A request with no deadline. */
    public static SynthesisRequest of(String text, String language, VoiceSelection voice, Settings settings) {
        return new SynthesisRequest(text, language, voice, settings, Instant.MAX);
    }

    public SynthesisRequest withText(String newText) {
        return new SynthesisRequest(newText, language, voice, settings, deadline);
    }
}
