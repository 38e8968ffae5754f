package io.voicerouter.server.internal;

import io.micrometer.core.instrument.Timer;
import io.voicerouter.error.AudioFormatException;
import io.voicerouter.error.EncoderUnavailableException;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.InvalidConfigException;
import io.voicerouter.error.InvalidRequestException;
import io.voicerouter.error.InvalidSettingException;
import io.voicerouter.error.UnsupportedLanguageException;
import io.voicerouter.error.VoiceException;
import io.voicerouter.router.AllProvidersFailedException;
import io.voicerouter.router.Attempt;
import io.voicerouter.samples.SampleRejectedException;
import io.voicerouter.samples.SampleTooLargeException;
import io.voicerouter.state.StateStoreException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The server's one handler: routes by method and path, checks the bearer key and its scope, the
 * per-key rate limit, and turns every failure into a JSON error with the right status. Handlers
 * block (they run on worker threads, virtual where the JVM has them). Keys never reach a log line:
 * only a key's id is ever logged.
 */
public final class Routes extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(Routes.class);

    private final ServerState state;
    private final SpeechEndpoint speech;
    private final Personalities personalities;
    private final SampleEndpoint samples;
    private final AdminEndpoints admin;
    private final ConsoleFiles consoleFiles = new ConsoleFiles();
    private final ConsoleEndpoints console;
    private final SampleFiles sampleFiles;

    public Routes(ServerState state, LatencyHistory history) {
        this.state = state;
        this.speech = new SpeechEndpoint(state);
        this.personalities = new Personalities(state);
        this.samples = new SampleEndpoint(state);
        this.admin = new AdminEndpoints(state);
        this.console = new ConsoleEndpoints(state, history);
        this.sampleFiles = new SampleFiles(state);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Exchange ex = new Exchange(request, response, callback);
        long start = System.nanoTime();
        // The connection's idle timeout is for clients that stop sending or reading: Jetty consults this
        // listener only while no read or write is pending, that is while the server itself is working
        // (waiting for the store, a synthesis slot, a provider). That time is bounded by the queue's
        // wait, the router's request timeout and the store's connection timeout instead; cutting the
        // connection there would leave the client with no answer at all.
        request.addIdleTimeoutListener(t -> false);
        try {
            dispatch(ex);
        } catch (ApiError e) {
            fail(ex, e);
        } catch (RuntimeException e) {
            fail(ex, translate(e, ex));
        } catch (Error e) {
            LOG.error("{} {} failed: {}", ex.method(), ex.path(), e.toString());
            fail(ex, new ApiError(500, "internal_error", "The server ran into an error"));
        }
        int status = ex.recordedStatus();
        state.countResponse(status);
        Timer.builder("voicerouter.http.requests").tag("route", ex.route()).tag("method", ex.method())
                .tag("status", String.valueOf(status)).register(state.metrics)
                .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        return true;
    }

    private void fail(Exchange ex, ApiError e) {
        if (ex.completed()) {
            return;
        }
        if (ex.committed()) {
            ex.abort(e);
            return;
        }
        drainSmallBody(ex);
        ex.error(e);
    }

    /**
     * Reads what is left of a small request body before an early answer (401, 429...), so the
     * connection stays usable: a client still sending would otherwise see the connection closed
     * under it instead of the answer. Large or unknown-length bodies are left, and Jetty closes.
     */
    private void drainSmallBody(Exchange ex) {
        long length = ex.request().getLength();
        if (length > 0 && length <= state.config.maxJsonBytes()) {
            try {
                org.eclipse.jetty.io.Content.Source.consumeAll(ex.request());
            } catch (Exception ignored) {
                // the body was read already, or the client is gone: nothing to keep in sync
            }
        }
    }

    /** Routes the request; names its route on the exchange first, so metrics tag failures by route too. */
    private void dispatch(Exchange ex) {
        String m = ex.method();
        String p = ex.path();
        if (ConsoleFiles.owns(p)) { // the console's page and modules: static, no key (they hold no data)
            ex.route(p.startsWith("/console/") ? "/console/{file}" : "/");
            only(m, "GET");
            consoleFiles.serve(ex);
            return;
        }
        if (dispatchConsole(ex, m, p)) {
            return;
        }
        if (p.equals("/health")) {
            ex.route("/health");
            only(m, "GET");
            ex.json(200, Map.of("status", "ok"));
            return;
        }
        if (p.equals("/ready")) {
            ex.route("/ready");
            only(m, "GET");
            boolean ready = state.router.health().values().stream().anyMatch(h -> h.isUsable());
            ex.json(ready ? 200 : 503, Map.of("status", ready ? "ready" : "no provider is usable yet"));
            return;
        }
        if (p.equals("/v1/audio/speech")) {
            ex.route("/v1/audio/speech");
            only(m, "POST");
            authorize(ex, ApiKeyStore.Scope.SPEAK);
            speech.handle(ex);
            return;
        }
        if (p.equals("/v1/models") || p.equals("/v1/audio/models") || p.equals("/v1/audio/voices")) {
            ex.route(p);
            only(m, "GET");
            authorize(ex, ApiKeyStore.Scope.SPEAK);
            switch (p) {
                case "/v1/models" -> admin.models(ex);
                case "/v1/audio/models" -> admin.audioModels(ex);
                default -> admin.voices(ex);
            }
            return;
        }
        if (p.equals("/metrics")) {
            ex.route("/metrics");
            only(m, "GET");
            authorize(ex, ApiKeyStore.Scope.ADMIN);
            ex.send(200, "text/plain; version=0.0.4; charset=utf-8",
                    state.metrics.scrape().getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (p.equals("/api/providers") || p.equals("/api/stats")) {
            ex.route(p);
            only(m, "GET");
            authorize(ex, ApiKeyStore.Scope.ADMIN);
            if (p.equals("/api/providers")) {
                admin.providers(ex);
            } else {
                admin.stats(ex);
            }
            return;
        }
        if (p.equals("/api/keys")) {
            ex.route("/api/keys");
            authorize(ex, ApiKeyStore.Scope.ADMIN);
            switch (m) {
                case "GET" -> admin.listKeys(ex);
                case "POST" -> admin.createKey(ex);
                default -> throw notAllowed("GET, POST");
            }
            return;
        }
        if (p.startsWith("/api/keys/")) {
            ex.route("/api/keys/{id}");
            authorize(ex, ApiKeyStore.Scope.ADMIN);
            only(m, "DELETE");
            admin.deleteKey(ex, p.substring("/api/keys/".length()));
            return;
        }
        if (p.equals("/api/personalities")) {
            ex.route("/api/personalities");
            only(m, "GET");
            authorize(ex, ApiKeyStore.Scope.ADMIN);
            personalities.list(ex);
            return;
        }
        if (p.startsWith("/api/personalities/")) {
            authorize(ex, ApiKeyStore.Scope.ADMIN);
            String rest = p.substring("/api/personalities/".length());
            ex.route(rest.endsWith("/samples") ? "/api/personalities/{id}/samples" : "/api/personalities/{id}");
            if (rest.endsWith("/samples")) {
                only(m, "POST");
                samples.handle(ex, rest.substring(0, rest.length() - "/samples".length()));
            return;
            }
            switch (m) {
                case "GET" -> personalities.get(ex, rest);
                case "PUT" -> personalities.put(ex, rest, false);
                case "POST" -> personalities.put(ex, rest, true);
                case "DELETE" -> personalities.delete(ex, rest);
                default -> throw notAllowed("GET, PUT, POST, DELETE");
            }
            return;
        }
        throw ApiError.notFound("No such endpoint: " + m + " " + p);
    }

    /** The console's own endpoints (admin scope); false when {@code p} is not one of them. */
    private boolean dispatchConsole(Exchange ex, String m, String p) {
        if (p.equals("/api/languages") || p.equals("/api/stats/history")) {
            ex.route(p);
            only(m, "GET");
            authorize(ex, ApiKeyStore.Scope.ADMIN);
            if (p.equals("/api/languages")) {
                console.languages(ex);
            } else {
                console.history(ex);
            }
            return true;
        }
        java.util.regex.Matcher measure = MEASURE_PATH.matcher(p);
        if (measure.matches()) {
            ex.route("/api/providers/{id}/measure");
            only(m, "POST");
            authorize(ex, ApiKeyStore.Scope.ADMIN);
            console.measure(ex, measure.group(1));
            return true;
        }
        java.util.regex.Matcher sample = SAMPLE_PATH.matcher(p);
        if (!sample.matches()) {
            return false;
        }
        String id = sample.group(1);
        String sampleId = sample.group(2);
        String what = sample.group(3);
        authorize(ex, ApiKeyStore.Scope.ADMIN);
        if (what == null) {
            ex.route("/api/personalities/{id}/samples/{sample}");
            only(m, "DELETE");
            sampleFiles.delete(ex, id, sampleId);
        } else {
            ex.route("/api/personalities/{id}/samples/{sample}/" + what);
            only(m, "GET");
            if (what.equals("peaks")) {
                sampleFiles.peaks(ex, id, sampleId);
            } else {
                sampleFiles.audio(ex, id, sampleId);
            }
        }
        return true;
    }

    private static final java.util.regex.Pattern MEASURE_PATH =
            java.util.regex.Pattern.compile("/api/providers/([A-Za-z0-9_.-]{1,64})/measure");
    private static final java.util.regex.Pattern SAMPLE_PATH =
            java.util.regex.Pattern.compile("/api/personalities/([^/]+)/samples/([^/]+)(?:/(peaks|audio))?");

    private static void only(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw notAllowed(allowed);
        }
    }

    private static ApiError notAllowed(String allowed) {
        return new ApiError(405, "method_not_allowed", "Use " + allowed, null, List.of(), Map.of("Allow", allowed), null);
    }

    private void authorize(Exchange ex, ApiKeyStore.Scope scope) {
        String auth = ex.header("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7) || auth.length() <= 7) {
            throw new ApiError(401, "missing_api_key", "Send an API key as 'Authorization: Bearer <key>'", null,
                    List.of(), Map.of("WWW-Authenticate", "Bearer"), null);
        }
        ApiKeyStore.ApiKey key = state.keys.authenticate(auth.substring(7).strip())
                .orElseThrow(() -> new ApiError(401, "invalid_api_key", "The API key is not valid", null,
                        List.of(), Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""), null));
        if (!key.allows(scope)) {
            throw new ApiError(403, "insufficient_scope", "This key may not use " + ex.path() + ": it needs the '"
                    + scope.id() + "' scope", null, List.of(), Map.of(), null);
        }
        ex.key(key);
        long wait = state.rateLimiter.acquire(key.id());
        if (wait > 0) {
            throw new ApiError(429, "rate_limit_exceeded", "Too many requests for this key; retry after " + wait
                    + " s", null, List.of(), Map.of("Retry-After", String.valueOf(wait)), null);
        }
    }

    private ApiError translate(RuntimeException e, Exchange ex) {
        if (e instanceof AllProvidersFailedException f) {
            boolean timedOut = f.attempts().stream().anyMatch(a -> a instanceof Attempt.Failed af
                    && af.kind() == ErrorKind.TIMEOUT || a instanceof Attempt.Skipped sk
                    && sk.reason() == io.voicerouter.router.SkipReason.DEADLINE_EXCEEDED);
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            headers.put(Traces.HEADER, Traces.header(f.attempts()));
            if (!timedOut) {
                headers.put("Retry-After", "5");
            }
            return new ApiError(timedOut ? 504 : 503, timedOut ? "synthesis_timeout" : "no_provider_available",
                    f.getMessage(), null, List.of(), headers, Map.of("trace", Traces.json(f.attempts())));
        }
        if (e instanceof InvalidConfigException c) {
            return new ApiError(422, "invalid_voice_config", c.getMessage(), null, c.problems(), Map.of(), null);
        }
        if (e instanceof InvalidRequestException || e instanceof UnsupportedLanguageException
                || e instanceof InvalidSettingException) {
            return new ApiError(400, "invalid_request", e.getMessage());
        }
        if (e instanceof EncoderUnavailableException) {
            return new ApiError(501, "format_unavailable", e.getMessage());
        }
        if (e instanceof SampleTooLargeException) {
            return new ApiError(413, "sample_too_large", e.getMessage());
        }
        if (e instanceof AudioFormatException) {
            return new ApiError(415, "not_audio", "The file could not be read as WAV or MP3: " + e.getMessage());
        }
        if (e instanceof SampleRejectedException) {
            return new ApiError(422, "sample_rejected", e.getMessage());
        }
        if (e instanceof StateStoreException) {
            LOG.warn("{} {}: the store failed: {}", ex.method(), ex.path(), e.getMessage());
            return new ApiError(503, "store_unavailable", "The database could not be reached", null, List.of(),
                    Map.of("Retry-After", "5"), null);
        }
        if (e instanceof VoiceException) {
            LOG.warn("{} {}: {}", ex.method(), ex.path(), e.getMessage());
            return new ApiError(503, "unavailable", e.getMessage(), null, List.of(), Map.of("Retry-After", "1"), null);
        }
        LOG.error("{} {} failed", ex.method(), ex.path(), e);
        return new ApiError(500, "internal_error", "The server ran into an error");
    }
}
