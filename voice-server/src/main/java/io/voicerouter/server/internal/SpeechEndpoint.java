package io.voicerouter.server.internal;

import io.voicerouter.spi.SpeakingRate;
import com.fasterxml.jackson.databind.JsonNode;
import io.voicerouter.audio.AudioData;
import io.voicerouter.config.ProviderConfig;
import io.voicerouter.config.VoiceConfig;
import io.voicerouter.encode.EncoderSettings;
import io.voicerouter.encode.OutputFormat;
import io.voicerouter.encode.StreamingEncoder;
import io.voicerouter.error.EncoderUnavailableException;
import io.voicerouter.router.Attempt;
import io.voicerouter.router.SpeechRequest;
import io.voicerouter.router.SpeechResult;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /v1/audio/speech}, as OpenAI defines it. Without {@code stream_format} the answer is
 * the whole file with a Content-Length (mp3 with its Xing/LAME frame, flac with a complete
 * STREAMINFO); {@code stream_format: "audio"} sends the encoded bytes chunked as they are made;
 * {@code "sse"} sends {@code speech.audio.delta} events with base64 audio, then
 * {@code speech.audio.done}. The attempt trace is in the {@value Traces#HEADER} header (and in the
 * done event).
 */
public final class SpeechEndpoint {
    /** Local providers that speak fast enough for {@code tts-1}, best first. */
    static final List<String> FAST_LOCAL = List.of("piper", "espeak");
    public static final List<String> MODELS = List.of("tts-1", "tts-1-hd", "gpt-4o-mini-tts");
    /** OpenAI's pcm: 24 kHz, signed 16-bit little-endian, mono. */
    static final int PCM_RATE = 24000;

    private final ServerState state;

    public SpeechEndpoint(ServerState state) {
        this.state = state;
    }

    /** The parsed and checked body. */
    record Params(String model, String input, String voice, OutputFormat format, double speed,
                  Optional<String> language, Optional<String> streamFormat) {
    }

    public void handle(Exchange ex) {
        Params p = parse(ex.jsonBody(state.config.maxJsonBytes()));
        Target target = resolveVoice(p.voice());
        EncoderSettings settings = p.format() == OutputFormat.PCM
                ? EncoderSettings.builder(OutputFormat.PCM).sampleRate(PCM_RATE).build()
                : EncoderSettings.of(p.format());
        try {
            state.encoders.encoderFor(p.format());
        } catch (EncoderUnavailableException e) {
            throw new ApiError(501, "format_unavailable", e.getMessage(), "response_format", List.of(), Map.of(), null);
        }
        SpeechRequest request = request(p, target);
        try (Admission.Permit ignored = state.admission.enter()) {
            if (p.streamFormat().isEmpty()) {
                whole(ex, request, settings, p.format());
            } else if (p.streamFormat().get().equals("audio")) {
                streamAudio(ex, request, settings, p.format());
            } else {
                streamSse(ex, request, settings, p);
            }
        }
    }

    private void whole(Exchange ex, SpeechRequest request, EncoderSettings settings, OutputFormat format) {
        SpeechResult r = state.speech.speak(request, new SpeechSource.Listener() {
            @Override
            public void started(String providerId, List<Attempt> attemptsSoFar) {
            }

            @Override
            public void audio(AudioData chunk) {
            }
        });
        byte[] bytes = state.encoders.encode(r.audio(), settings);
        head(ex, r.providerId(), r.attempts());
        ex.send(200, contentType(format), bytes);
    }

    private void streamAudio(Exchange ex, SpeechRequest request, EncoderSettings settings, OutputFormat format) {
        StreamingListener l = new StreamingListener(ex, settings) {
            @Override
            OutputStream open() {
                return ex.stream(200, contentType(format));
            }

            @Override
            void drain() throws IOException {
                body.flush();
            }
        };
        run(ex, request, l, () -> { });
    }

    private void streamSse(Exchange ex, SpeechRequest request, EncoderSettings settings, Params p) {
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        StreamingListener l = new StreamingListener(ex, settings) {
            @Override
            OutputStream open() {
                ex.setHeader("Cache-Control", "no-cache");
                events = ex.stream(200, "text/event-stream");
                return pending;
            }

            @Override
            void drain() throws IOException {
                if (pending.size() > 0) {
                    event(events, Map.of("type", "speech.audio.delta",
                            "audio", Base64.getEncoder().encodeToString(pending.toByteArray())));
                    pending.reset();
                }
                events.flush();
            }
        };
        run(ex, request, l, () -> {
            Map<String, Object> done = new LinkedHashMap<>();
            done.put("type", "speech.audio.done");
            // Local synthesis has no tokens; the fields are there because OpenAI's clients read them.
            done.put("usage", Map.of("input_tokens", 0, "output_tokens", 0, "total_tokens", 0));
            Map<String, Object> vr = new LinkedHashMap<>();
            vr.put("provider", l.result.providerId());
            vr.put("cached", l.result.cached());
            vr.put("characters", p.input().codePointCount(0, p.input().length()));
            vr.put("audio_seconds", l.result.audio().durationSeconds());
            vr.put("trace", Traces.json(l.result.attempts()));
            done.put("voicerouter", vr);
            try {
                event(l.sseOut(), done);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void event(OutputStream out, Map<String, Object> data) throws IOException {
        out.write(("data: " + Exchange.JSON.writeValueAsString(data) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Runs a streamed synthesis; before the head is sent a failure is an ordinary error answer. */
    private void run(Exchange ex, SpeechRequest request, StreamingListener l, Runnable end) {
        try {
            l.result = state.speech.speak(request, l);
            l.finish();
            end.run();
            l.closeBody();
            ex.finishStream();
        } catch (RuntimeException e) {
            l.abandon();
            if (!l.opened) {
                throw e;
            }
            ex.abort(e);
        } catch (IOException e) {
            l.abandon();
            ex.abort(e);
        }
    }

    /** Encodes chunks into the response as they arrive; opens the body at the first one. */
    private abstract class StreamingListener implements SpeechSource.Listener {
        final Exchange ex;
        final EncoderSettings settings;
        OutputStream body;
        StreamingEncoder encoder;
        SpeechResult result;
        boolean opened;

        StreamingListener(Exchange ex, EncoderSettings settings) {
            this.ex = ex;
            this.settings = settings;
        }

        /** Sends the head and returns where the encoder writes. */
        abstract OutputStream open();

        /** Pushes what the encoder wrote to the client. */
        abstract void drain() throws IOException;

        /** SSE only: the response body the events go to (the encoder writes into a buffer). */
        OutputStream events;

        OutputStream sseOut() {
            return events;
        }

        @Override
        public void started(String providerId, List<Attempt> attemptsSoFar) {
            head(ex, providerId, attemptsSoFar);
            body = open();
            opened = true;
            encoder = state.encoders.stream(settings, body);
        }

        @Override
        public void audio(AudioData chunk) {
            encoder.accept(chunk);
            try {
                drain();
            } catch (IOException e) {
                throw new UncheckedIOException("The client went away", e);
            }
        }

        void finish() throws IOException {
            encoder.finish();
            drain();
        }

        void closeBody() throws IOException {
            encoder.close();
            (events != null ? events : body).close();
        }

        void abandon() {
            if (encoder != null) {
                encoder.close();
            }
        }
    }

    private static void head(Exchange ex, String providerId, List<Attempt> attempts) {
        ex.setHeader(Traces.HEADER, Traces.header(attempts));
        ex.setHeader("X-Voicerouter-Provider", providerId);
    }

    static String contentType(OutputFormat format) {
        return switch (format) {
            case MP3 -> "audio/mpeg";
            case OPUS -> "audio/ogg; codecs=opus";
            case AAC -> "audio/aac";
            case FLAC -> "audio/flac";
            case WAV -> "audio/wav";
            case PCM -> "audio/pcm; rate=" + PCM_RATE + "; channels=1; encoding=s16le";
            default -> format.mimeType();
        };
    }

    // ---- request parsing

    Params parse(JsonNode body) {
        String model = text(body, "model", true);
        boolean knownModel = MODELS.contains(model) || model.startsWith("gpt-4o-mini-tts-");
        if (!knownModel) {
            throw new ApiError(400, "model_not_found", "Unknown model '" + model + "'; this server speaks "
                    + String.join(", ", MODELS), "model", List.of(), Map.of(), null);
        }
        String input = text(body, "input", true);
        if (input.isBlank()) {
            throw ApiError.badRequest("input", "input is empty");
        }
        int chars = input.codePointCount(0, input.length());
        if (chars > state.config.maxInputCharacters()) {
            throw new ApiError(400, "string_above_max_length", "input is " + chars + " characters long; at most "
                    + state.config.maxInputCharacters() + " are spoken per request", "input", List.of(), Map.of(), null);
        }
        String voice;
        JsonNode v = body.get("voice");
        if (v != null && v.isObject() && v.path("id").isTextual()) {
            voice = v.path("id").asText();
        } else {
            voice = text(body, "voice", true);
        }
        String formatName = Optional.ofNullable(text(body, "response_format", false)).orElse("mp3");
        OutputFormat format = switch (formatName) {
            case "mp3" -> OutputFormat.MP3;
            case "opus" -> OutputFormat.OPUS;
            case "aac" -> OutputFormat.AAC;
            case "flac" -> OutputFormat.FLAC;
            case "wav" -> OutputFormat.WAV;
            case "pcm" -> OutputFormat.PCM;
            default -> throw ApiError.badRequest("response_format", "response_format must be one of mp3, opus, aac, "
                    + "flac, wav, pcm; not '" + formatName + "'");
        };
        double speed = 1.0;
        JsonNode s = body.get("speed");
        if (s != null && !s.isNull()) {
            if (!s.isNumber() || !(s.asDouble() >= 0.25 && s.asDouble() <= 4.0)) {
                throw ApiError.badRequest("speed", "speed must be a number from 0.25 to 4.0");
            }
            speed = s.asDouble();
        }
        String instructions = text(body, "instructions", false);
        if (instructions != null && instructions.length() > state.config.maxInputCharacters()) {
            throw ApiError.badRequest("instructions", "instructions are longer than "
                    + state.config.maxInputCharacters() + " characters");
        }
        String stream = text(body, "stream_format", false);
        if (stream != null && !stream.equals("audio") && !stream.equals("sse")) {
            throw ApiError.badRequest("stream_format", "stream_format must be audio or sse, not '" + stream + "'");
        }
        Optional<String> language = Optional.ofNullable(text(body, "language", false));
        return new Params(model, input, voice, format, speed, language, Optional.ofNullable(stream));
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw new ApiError(400, "missing_required_parameter", "'" + field + "' is required", field,
                        List.of(), Map.of(), null);
            }
            return null;
        }
        if (!n.isTextual()) {
            throw ApiError.badRequest(field, "'" + field + "' must be a string");
        }
        return n.asText();
    }

    // ---- voices and models

    /** A config to speak with, and the personality it belongs to (for its stats), if any. */
    record Target(VoiceConfig config, Optional<String> personalityId) {
    }

    Target resolveVoice(String voice) {
        if (Personalities.validId(voice)) {
            Optional<VoiceConfig> p = state.store.personality(voice);
            if (p.isPresent()) {
                return new Target(p.get(), Optional.of(voice));
            }
        }
        String mapped = state.config.voices().get(voice.toLowerCase(Locale.ROOT));
        if (mapped != null) {
            if (!mapped.contains(":")) {
                return state.store.personality(mapped).map(c -> new Target(c, Optional.of(mapped)))
                        .orElseThrow(() -> new ApiError(400, "voice_not_found", "The voice '" + voice
                                + "' is mapped to the personality '" + mapped + "', which does not exist", "voice",
                                List.of(), Map.of(), null));
            }
            return providerVoice(mapped, voice);
        }
        if (voice.contains(":")) {
            return providerVoice(voice, voice);
        }
        throw new ApiError(400, "voice_not_found", "No personality or voice named '" + voice
                + "'; use a personality id, an OpenAI voice name (" + String.join(", ", state.config.voices().keySet())
                + ") or provider:voice", "voice", List.of(), Map.of(), null);
    }

    private Target providerVoice(String spec, String asked) {
        int colon = spec.indexOf(':');
        String provider = spec.substring(0, colon);
        String voiceId = spec.substring(colon + 1);
        if (!state.installed.containsKey(provider)) {
            throw new ApiError(400, "voice_not_found", "The voice '" + asked + "' needs the provider '" + provider
                    + "', which is not installed", "voice", List.of(), Map.of(), null);
        }
        ProviderConfig entry = voiceId.isEmpty() ? ProviderConfig.enabledDefault()
                : ProviderConfig.enabledDefault().withVoiceId(voiceId);
        return new Target(VoiceConfig.singleProvider(provider).withProvider(provider, entry), Optional.empty());
    }

    private SpeechRequest request(Params p, Target target) {
        VoiceConfig config = target.config();
        String forced = null;
        if (p.model().equals("tts-1")) {
            forced = fastProvider(config);
            if (config.provider(forced).isEmpty()) {
                config = config.withProvider(forced, ProviderConfig.enabledDefault());
            }
        }
        config = SpeakingRate.apply(config, p.speed(), state.installed.values(), SpeakingRate.OutOfRange.CLAMP);
        SpeechRequest.Builder b = SpeechRequest.builder(p.input(), config).timeout(state.config.requestTimeout());
        target.personalityId().ifPresent(b::personality);
        p.language().ifPresent(b::language);
        if (forced != null) {
            b.forceProvider(forced);
        }
        return b.build();
    }

    /** tts-1: the personality's own fast local provider when it has one enabled, else the server's. */
    private String fastProvider(VoiceConfig config) {
        for (String id : FAST_LOCAL) {
            if (state.installed.containsKey(id) && config.provider(id).map(ProviderConfig::enabled).orElse(false)) {
                return id;
            }
        }
        return state.config.fastProvider();
    }
}
