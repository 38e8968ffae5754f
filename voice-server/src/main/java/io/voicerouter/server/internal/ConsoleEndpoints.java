package io.voicerouter.server.internal;

import io.voicerouter.config.VoiceConfig;
import io.voicerouter.language.Language;
import io.voicerouter.language.Languages;
import io.voicerouter.spi.ProviderCapabilities;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the console reads beyond the API the SDK's hosts use: the seed's language table with the
 * providers that cover each language, a provider's speed measured now, and the recent latency series
 * for the dashboard's chart. All admin scope. (A sample's peaks, audio and deletion: {@link SampleFiles}.)
 */
final class ConsoleEndpoints {
    /** The module that brings each provider the seed names, for the "not installed" cards. */
    static final Map<String, String> MODULES = orderedModules();

    private final ServerState state;
    private final LatencyHistory history;

    ConsoleEndpoints(ServerState state, LatencyHistory history) {
        this.state = state;
        this.history = history;
    }

    private static Map<String, String> orderedModules() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("xtts_v2", "voice-provider-xtts");
        m.put("styletts2", "voice-provider-styletts2");
        m.put("piper", "voice-provider-piper");
        m.put("espeak", "voice-espeak");
        m.put("google_tts", "voice-provider-google");
        m.put("azure_tts", "voice-provider-azure");
        m.put("ibm_watson", "voice-provider-ibm");
        return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * {@code GET /api/languages}: the seed's 26 rows; for each, the providers the seed lists and the
     * installed providers that speak it (by their capabilities, which may differ from the seed), and
     * the providers known to the console with whether each is installed.
     */
    void languages(Exchange ex) {
        List<ProviderCapabilities> installed = state.router.providers();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Language l : Languages.all()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("code", l.code());
            row.put("name", l.name());
            row.put("seed_providers", l.providers());
            row.put("installed_providers", installed.stream().filter(c -> c.supportsLanguage(l.code()))
                    .map(ProviderCapabilities::id).toList());
            rows.add(row);
        }
        Set<String> known = new LinkedHashSet<>(MODULES.keySet());
        installed.forEach(c -> known.add(c.id()));
        List<Map<String, Object>> providers = new ArrayList<>();
        for (String id : known) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("id", id);
            p.put("installed", state.installed.containsKey(id));
            Optional.ofNullable(MODULES.get(id)).ifPresent(mod -> p.put("module", "io.voicerouter:" + mod));
            // Cloning needs are known without the provider: voice-samples keeps the seed's profiles.
            io.voicerouter.samples.SampleProfile.known(id).ifPresent(sp -> p.put("sample_requirements",
                    Map.of("min_seconds", sp.requirements().minSeconds(),
                            "optimal_min_seconds", sp.requirements().optimalMinSeconds(),
                            "optimal_max_seconds", sp.requirements().optimalMaxSeconds(),
                            "max_seconds", sp.requirements().maxSeconds())));
            providers.add(p);
        }
        ex.json(200, Map.of("object", "list", "data", rows, "providers", providers));
    }

    /**
     * {@code POST /api/providers/{id}/measure}: the provider's speed on this host, now: a short line
     * spoken twice through the router with that provider alone (the first run may load the model;
     * each line differs so the cache cannot answer). Local providers only: measuring a cloud one
     * would spend its quota, and its figures come from real use in /api/stats. The runs count in the
     * stats like any request; they take synthesis slots like any request.
     */
    void measure(Exchange ex, String providerId) {
        ProviderCapabilities caps = state.installed.get(providerId);
        if (caps == null) {
            throw ApiError.notFound("No provider '" + providerId + "' is installed on this server");
        }
        if (caps.kind() != io.voicerouter.spi.ProviderKind.LOCAL) {
            throw new ApiError(409, "cloud_provider", providerId + " is a cloud provider: measuring it would spend its "
                    + "quota; its speed shows in /api/stats once it has spoken");
        }
        String language = caps.languages().isEmpty() || caps.supportsLanguage("en") ? "en"
                : caps.languages().iterator().next();
        List<Map<String, Object>> runs = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            String text = "This is run " + i + " of a speed check, number " + System.nanoTime() % 100000
                    + ", measuring how quickly this voice speaks a sentence of ordinary length.";
            io.voicerouter.router.SpeechResult r;
            try (Admission.Permit ignored = state.admission.enter()) {
                r = state.router.synthesize(io.voicerouter.router.SpeechRequest
                        .builder(text, VoiceConfig.singleProvider(providerId)).language(language).build());
            }
            double ms = r.latency().toNanos() / 1e6;
            double audio = r.audio().durationSeconds();
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("latency_ms", Math.round(ms * 10) / 10.0);
            run.put("audio_seconds", Math.round(audio * 100) / 100.0);
            run.put("real_time_factor", audio > 0 ? Math.round(ms / 1000 / audio * 1000) / 1000.0 : null);
            runs.add(run);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("provider", providerId);
        out.put("language", language);
        out.put("runs", runs);
        out.put("latency_ms", runs.get(runs.size() - 1).get("latency_ms"));
        out.put("real_time_factor", runs.get(runs.size() - 1).get("real_time_factor"));
        ex.json(200, out);
    }

    /** {@code GET /api/stats/history?since=<epoch ms>}: the requests finished since then, oldest first. */
    void history(Exchange ex) {
        long since = longParam(ex, "since", 0);
        List<Map<String, Object>> data = new ArrayList<>();
        for (LatencyHistory.Point p : history.since(since)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", p.atEpochMs());
            m.put("provider", p.provider().orElse(null));
            m.put("personality", p.personality().orElse(null));
            m.put("latency_ms", Math.round(p.latencyMs() * 10) / 10.0);
            m.put("ok", p.ok());
            m.put("cached", p.cached());
            m.put("streaming", p.streaming());
            m.put("audio_seconds", Math.round(p.audioSeconds() * 100) / 100.0);
            data.add(m);
        }
        ex.json(200, Map.of("object", "list", "data", data));
    }

    private static long longParam(Exchange ex, String name, long fallback) {
        Fields fields = Request.extractQueryParameters(ex.request());
        String v = fields.getValue(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(name, name + " must be a whole number, not '" + v + "'");
        }
    }
}
