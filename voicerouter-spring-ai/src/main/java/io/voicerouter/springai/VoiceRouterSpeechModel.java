package io.voicerouter.springai;

import io.voicerouter.config.NamedVoices;
import io.voicerouter.config.SpeakingRate;
import io.voicerouter.config.VoiceConfig;
import io.voicerouter.encode.AudioEncoders;
import io.voicerouter.encode.EncoderSettings;
import io.voicerouter.encode.OutputFormat;
import io.voicerouter.encode.StreamingEncoder;
import io.voicerouter.router.SpeechChunk;
import io.voicerouter.router.SpeechRequest;
import io.voicerouter.router.SpeechResult;
import io.voicerouter.router.VoiceRouter;
import org.springframework.ai.audio.tts.Speech;
import org.springframework.ai.audio.tts.TextToSpeechModel;
import org.springframework.ai.audio.tts.TextToSpeechOptions;
import org.springframework.ai.audio.tts.TextToSpeechPrompt;
import org.springframework.ai.audio.tts.TextToSpeechResponse;
import org.springframework.ai.audio.tts.TextToSpeechResponseMetadata;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Spring AI's {@link TextToSpeechModel} (and so {@code StreamingTextToSpeechModel}) over a
 * {@link VoiceRouter}: every call goes through the personality's fallback chain, cache, quotas and
 * stats.
 *
 * <p>How a prompt's {@link TextToSpeechOptions} map (each field of the prompt's options overrides
 * the model's defaults):
 * <ul>
 *   <li>{@code voice}: a personality registered with {@link Builder#voice}; none means the default
 *       personality; an unknown one is an {@link io.voicerouter.error.InvalidSettingException};</li>
 *   <li>{@code model}: {@code voicerouter} (or none) walks the personality's chain from its active
 *       provider; a provider id such as {@code piper} is tried first instead (the seed's
 *       {@code force_provider}), and the chain still follows it;</li>
 *   <li>{@code format}: an {@link OutputFormat} id ({@code wav} by default; {@code pcm}, {@code mp3},
 *       {@code opus}, {@code aac}, {@code flac}, {@code mulaw}, {@code alaw}), encoded by the installed
 *       {@link AudioEncoders} (the voice-encoders module; the starter brings it). A format without an
 *       encoder is refused with the reason, before any synthesis;</li>
 *   <li>{@code speed}: a speaking-rate factor applied to every provider ({@link SpeakingRate}).</li>
 * </ul>
 * The response's metadata carries {@code provider}, {@code cached}, {@code latencyMs},
 * {@code sampleRate} (of the encoded audio) and {@code attempts} (the trace, one line per provider considered).
 *
 * <p>The router belongs to the caller (or to the Spring context); this model never closes it.
 */
public final class VoiceRouterSpeechModel implements TextToSpeechModel {
    /** The {@code model} option value that means "the personality's own chain". */
    public static final String MODEL = "voicerouter";

    private final VoiceRouter router;
    private final NamedVoices voices;
    private final TextToSpeechOptions defaults;
    private final Optional<String> language;
    private final Optional<Duration> timeout;
    private final AudioEncoders encoders;

    private VoiceRouterSpeechModel(Builder b) {
        this.router = Objects.requireNonNull(b.router, "router");
        this.voices = Objects.requireNonNull(b.voices, "defaultVoice");
        this.defaults = b.defaults;
        this.language = Optional.ofNullable(b.language);
        this.timeout = Optional.ofNullable(b.timeout);
        this.encoders = b.encoders != null ? b.encoders : AudioEncoders.installed();
        encoders.encoderFor(format(defaults.getFormat()).format()); // a bad default fails at start-up
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public TextToSpeechOptions getDefaultOptions() {
        return defaults;
    }

    @Override
    public TextToSpeechResponse call(TextToSpeechPrompt prompt) {
        Call call = prepare(prompt);
        SpeechResult result = router.synthesize(call.request());
        byte[] bytes = encoders.encode(result.audio(), call.format());
        return new TextToSpeechResponse(List.of(new Speech(bytes)), metadata(result, call.format()));
    }

    /**
     * Streams through the router's own stream ({@link VoiceRouter#streamAsync}): each encoded piece
     * goes out as soon as the encoder has it, the first response carrying the provider and the trace
     * so far. Fallback happens only before the first chunk; a failure after it ends the Flux with the
     * router's {@code StreamFailedException}. Cancelling the subscription stops the provider's work.
     */
    @Override
    public Flux<TextToSpeechResponse> stream(TextToSpeechPrompt prompt) {
        return Flux.create(emitter -> {
            Call call;
            try {
                call = prepare(prompt);
            } catch (RuntimeException e) {
                emitter.error(e);
                return;
            }
            ChunkOut out = new ChunkOut(emitter);
            StreamingEncoder encoder = encoders.stream(call.format(), out);
            CompletableFuture<SpeechResult> running = router.streamAsync(call.request(), chunk -> {
                if (chunk.first()) {
                    out.first(chunk);
                }
                encoder.accept(chunk.audio());
                out.flushPiece();
            });
            emitter.onDispose(() -> running.cancel(true));
            running.whenComplete((result, failure) -> {
                try {
                    if (failure != null) {
                        encoder.close();
                        emitter.error(failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure);
                        return;
                    }
                    encoder.finish();
                    out.flushPiece();
                    emitter.complete();
                } catch (RuntimeException e) {
                    emitter.error(e);
                }
            });
        });
    }

    /** Collects what the encoder writes and hands it on as one response per piece. */
    private static final class ChunkOut extends OutputStream {
        private final FluxSink<TextToSpeechResponse> emitter;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private TextToSpeechResponseMetadata firstMetadata;

        ChunkOut(FluxSink<TextToSpeechResponse> emitter) {
            this.emitter = emitter;
        }

        void first(SpeechChunk chunk) {
            TextToSpeechResponseMetadata m = new TextToSpeechResponseMetadata();
            m.put("provider", chunk.providerId());
            m.put("cached", chunk.cached());
            m.put("timeToFirstAudioMs", chunk.sinceStart().toMillis());
            m.put("sampleRate", chunk.sampleRate());
            m.put("attempts", chunk.attempts().stream().map(Object::toString).toList());
            firstMetadata = m;
        }

        @Override
        public synchronized void write(int b) {
            pending.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            pending.write(b, off, len);
        }

        synchronized void flushPiece() {
            if (pending.size() == 0) {
                return;
            }
            TextToSpeechResponseMetadata m = firstMetadata != null ? firstMetadata : new TextToSpeechResponseMetadata();
            firstMetadata = null;
            emitter.next(new TextToSpeechResponse(List.of(new Speech(pending.toByteArray())), m));
            pending.reset();
        }
    }

    private Call prepare(TextToSpeechPrompt prompt) {
        TextToSpeechOptions asked = prompt.getOptions();
        String voice = pick(asked == null ? null : asked.getVoice(), defaults.getVoice());
        String model = pick(asked == null ? null : asked.getModel(), defaults.getModel());
        String format = pick(asked == null ? null : asked.getFormat(), defaults.getFormat());
        Double speed = asked != null && asked.getSpeed() != null ? asked.getSpeed() : defaults.getSpeed();

        VoiceConfig config = voices.resolve(voice);
        if (speed != null) {
            config = SpeakingRate.apply(config, speed, router.providers());
        }
        SpeechRequest.Builder b = SpeechRequest.builder(prompt.getInstructions().getText(), config);
        if (model != null && !model.isBlank() && !MODEL.equals(model)) {
            b.forceProvider(model);
        }
        language.ifPresent(b::language);
        timeout.ifPresent(b::timeout);
        EncoderSettings encoding = format(format);
        encoders.encoderFor(encoding.format()); // refused before minutes of synthesis are spent
        return new Call(b.build(), encoding);
    }

    private static EncoderSettings format(String name) {
        return EncoderSettings.of(name == null || name.isBlank() ? OutputFormat.WAV : OutputFormat.parse(name));
    }

    private static String pick(String asked, String fallback) {
        return asked != null && !asked.isBlank() ? asked : fallback;
    }

    static TextToSpeechResponseMetadata metadata(SpeechResult result, EncoderSettings format) {
        TextToSpeechResponseMetadata m = new TextToSpeechResponseMetadata();
        m.put("provider", result.providerId());
        m.put("cached", result.cached());
        m.put("latencyMs", result.latency().toMillis());
        // the rate of the bytes returned: opus is always 48 kHz, G.711 8 kHz, the rest the voice's own
        m.put("sampleRate", format.specFor(result.audio().sampleRate(), result.audio().channels()).sampleRate());
        m.put("attempts", result.attempts().stream().map(Object::toString).toList());
        return m;
    }

    private record Call(SpeechRequest request, EncoderSettings format) {
    }

    /** Builder; {@link #router} and {@link #defaultVoice} are required. */
    public static final class Builder {
        private VoiceRouter router;
        private NamedVoices voices;
        private TextToSpeechOptions defaults = TextToSpeechOptions.builder().model(MODEL).format("wav").build();
        private String language;
        private Duration timeout;
        private AudioEncoders encoders;

        private Builder() {
        }

        public Builder router(VoiceRouter router) {
            this.router = Objects.requireNonNull(router, "router");
            return this;
        }

        /** The personality spoken when a prompt names no voice. */
        public Builder defaultVoice(VoiceConfig config) {
            NamedVoices fresh = NamedVoices.of(config);
            if (voices != null) {
                for (var e : voices.named().entrySet()) {
                    fresh = fresh.with(e.getKey(), e.getValue());
                }
            }
            this.voices = fresh;
            return this;
        }

        /** A personality a prompt can name as its {@code voice}; call after {@link #defaultVoice}. */
        public Builder voice(String name, VoiceConfig config) {
            if (voices == null) {
                throw new IllegalStateException("set defaultVoice before adding named voices");
            }
            this.voices = voices.with(name, config);
            return this;
        }

        /** The options a prompt without its own falls back to, field by field. */
        public Builder defaultOptions(TextToSpeechOptions options) {
            this.defaults = Objects.requireNonNull(options, "options");
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

        /** The encoders for {@code format}; by default every one installed ({@link AudioEncoders#installed()}). */
        public Builder encoders(AudioEncoders encoders) {
            this.encoders = Objects.requireNonNull(encoders, "encoders");
            return this;
        }

        public VoiceRouterSpeechModel build() {
            return new VoiceRouterSpeechModel(this);
        }
    }
}
