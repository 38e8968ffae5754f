package io.voicerouter.langchain4j;

import dev.langchain4j.data.audio.Audio;
import dev.langchain4j.model.audio.TextToSpeechModel;
import dev.langchain4j.model.audio.TextToSpeechRequest;
import dev.langchain4j.model.audio.TextToSpeechResponse;
import io.voicerouter.config.NamedVoices;
import io.voicerouter.config.SpeakingRate;
import io.voicerouter.config.VoiceConfig;
import io.voicerouter.encode.AudioEncoders;
import io.voicerouter.encode.EncoderSettings;
import io.voicerouter.encode.OutputFormat;
import io.voicerouter.router.SpeechRequest;
import io.voicerouter.router.SpeechResult;
import io.voicerouter.router.VoiceRouter;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * LangChain4j's {@link TextToSpeechModel} over a {@link VoiceRouter}: each call goes through the
 * personality's fallback chain, cache, quotas and stats, and answers audio in the builder's
 * {@link Builder#format format}: a 16-bit PCM WAV ({@code audio/wav}) by default, or any format an
 * installed encoder makes (voice-encoders: pcm, mp3, opus, aac, flac, mulaw, alaw), with its MIME type.
 *
 * <p>The request's {@code voice} names a personality registered on the builder
 * ({@link Builder#voice(String, VoiceConfig)}); none means the default one. An unknown voice, a
 * failed chain or a bad setting surfaces as the router's typed {@link io.voicerouter.error.VoiceException}
 * (an {@code AllProvidersFailedException} carries the whole attempt trace).
 *
 * <p>The router is the caller's: this model never closes it. Thread-safe.
 */
public final class VoiceRouterTextToSpeechModel implements TextToSpeechModel {
    private final VoiceRouter router;
    private final NamedVoices voices;
    private final Optional<String> language;
    private final Optional<Duration> timeout;
    private final double speed;
    private final EncoderSettings encoding;
    private final AudioEncoders encoders;

    private VoiceRouterTextToSpeechModel(Builder b) {
        this.router = Objects.requireNonNull(b.router, "router");
        this.voices = new NamedVoices(Objects.requireNonNull(b.defaultVoice, "defaultVoice"), b.named);
        this.language = Optional.ofNullable(b.language);
        this.timeout = Optional.ofNullable(b.timeout);
        this.speed = b.speed;
        this.encoding = EncoderSettings.of(b.format);
        this.encoders = b.encoders != null ? b.encoders : AudioEncoders.installed();
        encoders.encoderFor(b.format); // a format without an encoder fails here, not on the first call
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public TextToSpeechResponse synthesize(TextToSpeechRequest request) {
        SpeechResult result = router.synthesize(toSpeechRequest(request));
        byte[] bytes = encoders.encode(result.audio(), encoding);
        return TextToSpeechResponse.from(Audio.builder().binaryData(bytes).mimeType(encoding.format().mimeType()).build());
    }

    private SpeechRequest toSpeechRequest(TextToSpeechRequest request) {
        VoiceConfig config = voices.resolve(request.voice());
        config = SpeakingRate.apply(config, speed, router.providers());
        SpeechRequest.Builder b = SpeechRequest.builder(request.text(), config);
        language.ifPresent(b::language);
        timeout.ifPresent(b::timeout);
        return b.build();
    }

    /** Builder; {@link #router} and {@link #defaultVoice} are required. */
    public static final class Builder {
        private VoiceRouter router;
        private VoiceConfig defaultVoice;
        private final Map<String, VoiceConfig> named = new LinkedHashMap<>();
        private String language;
        private Duration timeout;
        private double speed = 1.0;
        private OutputFormat format = OutputFormat.WAV;
        private AudioEncoders encoders;

        private Builder() {
        }

        /** The router every call goes through (not closed by the model). */
        public Builder router(VoiceRouter router) {
            this.router = Objects.requireNonNull(router, "router");
            return this;
        }

        /** The personality used when a request names no voice. */
        public Builder defaultVoice(VoiceConfig config) {
            this.defaultVoice = Objects.requireNonNull(config, "config");
            return this;
        }

        /** A personality a request can name as its {@code voice}. */
        public Builder voice(String name, VoiceConfig config) {
            named.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(config, "config"));
            return this;
        }

        /** The language to speak (BCP 47); absent, each personality's primary language. */
        public Builder language(String language) {
            this.language = Objects.requireNonNull(language, "language");
            return this;
        }

        /** The deadline of one call, fallbacks included. */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Speaking-rate factor applied to every provider (see {@link SpeakingRate}); 1 by default. */
        public Builder speed(double speed) {
            this.speed = speed;
            return this;
        }

        /** The audio format of every answer, by id ({@code wav}, {@code mp3}, {@code opus}, ...); wav by default. */
        public Builder format(String format) {
            this.format = OutputFormat.parse(Objects.requireNonNull(format, "format"));
            return this;
        }

        /** The encoders to use; by default every one installed. */
        public Builder encoders(AudioEncoders encoders) {
            this.encoders = Objects.requireNonNull(encoders, "encoders");
            return this;
        }

        public VoiceRouterTextToSpeechModel build() {
            if (!Double.isFinite(speed) || speed <= 0) {
                throw new IllegalArgumentException("speed must be a finite number greater than 0, got " + speed);
            }
            return new VoiceRouterTextToSpeechModel(this);
        }
    }
}
