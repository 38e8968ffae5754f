package io.voicerouter.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.voicerouter.audio.AudioData;
import io.voicerouter.config.ProviderConfig;
import io.voicerouter.config.SpeakingRate;
import io.voicerouter.config.VoiceConfig;
import io.voicerouter.encode.EncoderSettings;
import io.voicerouter.encode.OutputFormat;
import io.voicerouter.encode.StreamingEncoder;
import io.voicerouter.error.EncoderUnavailableException;
import io.voicerouter.router.CancelSignal;
import io.voicerouter.router.SpeechCancelledException;
import io.voicerouter.router.SpeechChunk;
import io.voicerouter.router.SpeechRequest;
import io.voicerouter.router.SpeechResult;
import io.voicerouter.router.SpeechSink;
import io.voicerouter.router.StreamFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    static final String PROVIDER_HEADER = "X-Voicerouter-Provider";
    /** Audio encoded and sent at a time, at most: 100 ms, so the first bytes never wait for a whole sentence's encoding. */
    static final double SLICE_SECONDS = 0.1;
    /**
     * The answer's first slice, shorter: the listener waits for its resampling and encoding, which
     * take time in proportion to its length (a 24 kHz pcm slice of 100 ms took 0.5 ms to resample).
     */
    static final double FIRST_SLICE_SECONDS = 0.02;
    /** The status recorded (never sent) for a request whose client went away first, as nginx logs it. */
    static final int CLIENT_CLOSED_REQUEST = 499;
    private static final Logger LOG = LoggerFactory.getLogger(SpeechEndpoint.class);

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
        // From here until the answer's head, a client that goes away cancels the work; one that goes
        // while its request waits for a synthesis slot leaves the queue at once.
        CancelSignal clientGone = new CancelSignal();
        SpeechRequest request = request(p, target, clientGone);
        ClientWatch watch = ClientWatch.start(ex.request(), clientGone);
        try (Admission.Permit ignored = state.admission.enter(watch::whenGone)) {
            if (p.streamFormat().isEmpty()) {
                whole(ex, request, settings, p.format(), watch);
            } else {
                streamed(ex, request, settings, p, p.streamFormat().get().equals("sse"), watch);
            }
        } catch (Admission.ClientLeft e) { // only the queue throws it: no slot was taken
            watch.release(ex.response());
            clientGone(ex, "queued", e);
        } finally {
            watch.release(ex.response()); // before any error answer (a 503 from the queue too) is written
        }
    }

    private void whole(Exchange ex, SpeechRequest request, EncoderSettings settings, OutputFormat format,
                       ClientWatch watch) {
        SpeechResult r;
        try {
            r = state.speech.speak(request);
        } catch (SpeechCancelledException e) {
            if (watch.gone()) {
                clientGone(ex, "before_audio", e);
                return;
            }
            throw e;
        } finally {
            watch.release(ex.response());
        }
        byte[] bytes = state.encoders.encode(r.audio(), settings);
        ex.setHeader(Traces.HEADER, Traces.header(r.attempts()));
        ex.setHeader(PROVIDER_HEADER, r.providerId());
        ex.send(200, contentType(format), bytes);
    }

    /**
     * {@code stream_format} audio or sse: the router's stream, each chunk encoded and sent as it
     * comes. Before the first chunk a failure is an ordinary error answer (the router has already
     * tried the fallback chain); after it, SSE ends with an {@code error} event carrying the trace
     * and chunked audio is cut without its closing chunk, so a client sees the body is incomplete.
     */
    private void streamed(Exchange ex, SpeechRequest request, EncoderSettings settings, Params p, boolean sse,
                          ClientWatch watch) {
        ChunkWriter w = new ChunkWriter(ex, settings, p.format(), sse, watch);
        SpeechResult result;
        try {
            result = state.speech.stream(request, w);
        } catch (RuntimeException e) {
            w.abandon();
            if (e instanceof SpeechCancelledException && watch.gone()) {
                clientGone(ex, w.opened() ? "during_audio" : "before_audio", e);
                return;
            }
            if (!w.opened()) {
                throw e;
            }
            if (e instanceof ClientGone) {
                clientGone(ex, "during_audio", e);
            } else if (sse && w.errorEvent(e)) {
                ex.finishStream();
            } else {
                ex.abort(e);
            }
            return;
        }
        try {
            if (!w.opened()) { // a stream that made no audio at all
                w.open(result.providerId(), Traces.header(result.attempts()));
            }
            w.finish();
            if (sse) {
                w.doneEvent(result, p);
            }
            w.close();
            ex.finishStream();
        } catch (IOException | RuntimeException e) {
            w.abandon();
            ex.abort(e);
        }
    }

    /**
     * The client went away: nothing to answer. Counted ({@code voicerouter_http_client_disconnects_total}
     * by phase: before any audio was sent, or during it) and, when no head went out, recorded under
     * status 499 (nginx's "client closed request"), so an operator sees disconnects apart from errors;
     * the connection is closed without an answer.
     * Not logged above DEBUG: a listener hanging up is not a fault of the server's.
     */
    private void clientGone(Exchange ex, String phase, RuntimeException e) {
        Counter.builder("voicerouter.http.client.disconnects")
                .description("Speech requests whose client went away before the answer was complete")
                .tag("phase", phase).register(state.metrics).increment();
        LOG.debug("POST /v1/audio/speech: the client went away ({}): {}", phase, e.toString());
        ex.clientGone(ex.committed() ? ex.recordedStatus() : CLIENT_CLOSED_REQUEST, e);
    }

    /** The client stopped reading or closed the connection; thrown into the router to stop the provider. */
    static final class ClientGone extends UncheckedIOException {
        ClientGone(IOException cause) {
            super("The client went away", cause);
        }
    }

    /**
     * The router's sink for one streamed answer. At the first chunk it sends the head (provider and
     * the trace up to it) and starts the encoder; each chunk is encoded and pushed out at once. The
     * encoder's bytes go through a {@link Frames} stream, which an external encoder's output thread
     * may write too.
     */
    private final class ChunkWriter implements SpeechSink {
        private final Exchange ex;
        private final EncoderSettings settings;
        private final OutputFormat format;
        private final boolean sse;
        private final ClientWatch watch;
        private Frames frames;
        private StreamingEncoder encoder;

        ChunkWriter(Exchange ex, EncoderSettings settings, OutputFormat format, boolean sse, ClientWatch watch) {
            this.ex = ex;
            this.settings = settings;
            this.format = format;
            this.sse = sse;
            this.watch = watch;
        }

        boolean opened() {
            return frames != null;
        }

        @Override
        public void accept(SpeechChunk chunk) {
            if (chunk.first()) {
                open(chunk.providerId(), Traces.streamHeader(chunk.attempts(), chunk.providerId(),
                        chunk.sinceStart(), chunk.cached()));
            }
            AudioData audio = chunk.audio();
            int step = Math.max(1, (int) (audio.sampleRate() * SLICE_SECONDS));
            int firstStep = chunk.first() ? Math.max(1, (int) (audio.sampleRate() * FIRST_SLICE_SECONDS)) : step;
            if (audio.frames() <= firstStep) {
                send(audio);
                return;
            }
            // A provider's chunk is often a whole sentence (seconds of audio): encoded in slices, its
            // first bytes leave after one slice's work instead of the sentence's (resampling and an
            // external encoder take time in proportion to the audio).
            float[] samples = audio.samples();
            int ch = audio.channels();
            for (int start = 0, end; start < audio.frames(); start = end) {
                end = Math.min(audio.frames(), start + (start == 0 ? firstStep : step));
                send(AudioData.wrap(java.util.Arrays.copyOfRange(samples, start * ch, end * ch), audio.sampleRate(), ch));
            }
        }

        private void send(AudioData slice) {
            encoder.accept(slice);
            try {
                frames.flush();
            } catch (IOException e) {
                throw new ClientGone(e);
            }
        }

        void open(String providerId, String trace) {
            watch.release(ex.response()); // from the head on, the answer's writes notice a client that left
            ex.setHeader(Traces.HEADER, trace);
            ex.setHeader(PROVIDER_HEADER, providerId);
            if (sse) {
                ex.setHeader("Cache-Control", "no-cache");
            }
            frames = new Frames(ex.stream(200, sse ? "text/event-stream" : contentType(format)), sse);
            encoder = state.encoders.stream(settings, frames);
        }

        void finish() throws IOException {
            encoder.finish();
            frames.flush();
        }

        void doneEvent(SpeechResult result, Params p) throws IOException {
            Map<String, Object> done = new LinkedHashMap<>();
            done.put("type", "speech.audio.done");
            // Local synthesis has no tokens; the fields are there because OpenAI's clients read them.
            done.put("usage", Map.of("input_tokens", 0, "output_tokens", 0, "total_tokens", 0));
            Map<String, Object> vr = new LinkedHashMap<>();
            vr.put("provider", result.providerId());
            vr.put("cached", result.cached());
            vr.put("characters", p.input().codePointCount(0, p.input().length()));
            vr.put("audio_seconds", result.audio().durationSeconds());
            vr.put("trace", Traces.json(result.attempts()));
            done.put("voicerouter", vr);
            frames.event(done);
        }

        /** SSE after audio went out: an error event (OpenAI's clients raise on its {@code error}); false when it could not be sent. */
        boolean errorEvent(RuntimeException e) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("message", e.getMessage());
            error.put("type", "server_error");
            error.put("code", e instanceof StreamFailedException ? "stream_failed" : "internal_error");
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("type", "error");
            event.put("error", error);
            if (e instanceof StreamFailedException f) {
                event.put("voicerouter", Map.of("provider", f.providerId(), "chunks_delivered", f.chunksDelivered(),
                        "trace", Traces.json(f.attempts())));
            }
            try {
                frames.event(event);
                frames.close();
                return true;
            } catch (IOException | RuntimeException ignored) {
                return false;
            }
        }

        void close() throws IOException {
            encoder.close();
            frames.close();
        }

        /** Stops the encoder (an external one is killed); the response is the caller's to end. */
        void abandon() {
            if (encoder != null) {
                encoder.close();
            }
        }
    }

    /**
     * The response body as the encoder sees it: bytes are gathered and sent at each {@link #flush()},
     * as one HTTP chunk (audio) or one {@code speech.audio.delta} event (SSE). Synchronized, because
     * an external encoder's output thread writes and flushes while the request's thread flushes
     * after each chunk; a write failure is kept, so whichever thread comes next learns the client is gone.
     */
    private static final class Frames extends OutputStream {
        private final OutputStream body;
        private final boolean sse;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream(8192);
        private IOException failure;
        private boolean closed;

        Frames(OutputStream body, boolean sse) {
            this.body = body;
            this.sse = sse;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            check();
            pending.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            check();
            pending.write(b, off, len);
        }

        /** Sends what is pending (the head alone, the first time, when the encoder has nothing yet). */
        @Override
        public synchronized void flush() throws IOException {
            check();
            try {
                if (pending.size() > 0) {
                    if (sse) {
                        body.write(eventBytes(Map.of("type", "speech.audio.delta",
                                "audio", Base64.getEncoder().encodeToString(pending.toByteArray()))));
                    } else {
                        pending.writeTo(body);
                    }
                    pending.reset();
                }
                body.flush();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        synchronized void event(Map<String, Object> data) throws IOException {
            flush();
            try {
                body.write(eventBytes(data));
                body.flush();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        /** Ends the body cleanly (the closing chunk). */
        @Override
        public synchronized void close() throws IOException {
            if (closed) {
                return;
            }
            flush();
            closed = true;
            body.close();
        }

        private void check() throws IOException {
            if (failure != null) {
                throw new IOException("The client went away", failure);
            }
            if (closed) {
                throw new IOException("The response is complete");
            }
        }

        private static byte[] eventBytes(Map<String, Object> data) throws IOException {
            return ("data: " + Exchange.JSON.writeValueAsString(data) + "\n\n").getBytes(StandardCharsets.UTF_8);
        }
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

    private SpeechRequest request(Params p, Target target, CancelSignal clientGone) {
        VoiceConfig config = target.config();
        String forced = null;
        if (p.model().equals("tts-1")) {
            forced = fastProvider(config);
            if (config.provider(forced).isEmpty()) {
                config = config.withProvider(forced, ProviderConfig.enabledDefault());
            }
        }
        config = SpeakingRate.apply(config, p.speed(), state.installed.values(), SpeakingRate.OutOfRange.CLAMP);
        SpeechRequest.Builder b = SpeechRequest.builder(p.input(), config).timeout(state.config.requestTimeout())
                .cancelledBy(clientGone);
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
