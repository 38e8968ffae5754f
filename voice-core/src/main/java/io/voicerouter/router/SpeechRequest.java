package io.voicerouter.router;

import io.voicerouter.config.VoiceConfig;
import io.voicerouter.error.InvalidRequestException;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of text for one personality. Build with {@link #builder(String, VoiceConfig)}.
 * Without a language, the config's primary language is used; without a forced provider, the
 * config's active provider and then its fallback chain.
 */
public final class SpeechRequest {
    private final String text;
    private final VoiceConfig config;
    private final String language;
    private final String forcedProvider;
    private final Duration timeout;
    private final String personalityId;
    private final CancelSignal cancelSignal;

    private SpeechRequest(Builder b) {
        this.text = b.text;
        this.config = b.config;
        this.language = b.language;
        this.forcedProvider = b.forcedProvider;
        this.timeout = b.timeout;
        this.personalityId = b.personalityId;
        this.cancelSignal = b.cancelSignal;
    }

    public static Builder builder(String text, VoiceConfig config) {
        return new Builder(text, config);
    }

    public static SpeechRequest of(String text, VoiceConfig config) {
        return builder(text, config).build();
    }

    public String text() {
        return text;
    }

    public VoiceConfig config() {
        return config;
    }

    /** The language as given (not yet normalized), when one was given. */
    public Optional<String> language() {
        return Optional.ofNullable(language);
    }

    public Optional<String> forcedProvider() {
        return Optional.ofNullable(forcedProvider);
    }

    /** The whole request's time budget, across every provider tried, when one was given. */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** Whose line this is, when given: stats stores keep counts per personality under this id. */
    public Optional<String> personalityId() {
        return Optional.ofNullable(personalityId);
    }

    /** The signal that stops this request from another thread, when one was given. */
    public Optional<CancelSignal> cancelSignal() {
        return Optional.ofNullable(cancelSignal);
    }

    @Override
    public String toString() {
        return "SpeechRequest[" + text.length() + " chars, language=" + language + ", forced=" + forcedProvider
                + (personalityId == null ? "" : ", personality=" + personalityId) + "]";
    }

    public static final class Builder {
        private final String text;
        private final VoiceConfig config;
        private String language;
        private String forcedProvider;
        private Duration timeout;
        private String personalityId;
        private CancelSignal cancelSignal;

        private Builder(String text, VoiceConfig config) {
            this.text = Objects.requireNonNull(text, "text");
            this.config = Objects.requireNonNull(config, "config");
        }

        public Builder language(String language) {
            this.language = Objects.requireNonNull(language);
            return this;
        }

        /** Tries this provider first instead of the active one; the fallback chain still follows. */
        public Builder forceProvider(String providerId) {
            this.forcedProvider = Objects.requireNonNull(providerId);
            return this;
        }

        /** @throws InvalidRequestException when {@code timeout} is zero, negative or beyond 292 years */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new InvalidRequestException("timeout must be positive, got " + timeout);
            }
            try {
                timeout.toNanos(); // the router's timer counts in nanoseconds: about 292 years at most
            } catch (ArithmeticException e) {
                throw new InvalidRequestException("timeout is too long to schedule: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * The personality this line belongs to (e.g. the host's {@code ai_personalities.id}), so stats
         * are kept per personality as well as router-wide. 1 to 200 characters, no control characters.
         */
        public Builder personality(String personalityId) {
            Objects.requireNonNull(personalityId, "personalityId");
            if (personalityId.isEmpty() || personalityId.length() > 200
                    || personalityId.chars().anyMatch(Character::isISOControl)) {
                throw new InvalidRequestException("personality id must be 1 to 200 characters without control characters");
            }
            this.personalityId = personalityId;
            return this;
        }

        /**
         * Lets {@code signal} stop the request from another thread (see {@link CancelSignal}): a
         * blocking call then ends with {@link SpeechCancelledException}, an async one's future is cancelled.
         */
        public Builder cancelledBy(CancelSignal signal) {
            this.cancelSignal = Objects.requireNonNull(signal, "signal");
            return this;
        }

        /** @throws InvalidRequestException when the text is empty or only white space */
        public SpeechRequest build() {
            if (text.isBlank()) {
                throw new InvalidRequestException("nothing to speak: the text is blank");
            }
            return new SpeechRequest(this);
        }
    }
}
