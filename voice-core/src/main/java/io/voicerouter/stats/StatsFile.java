package io.voicerouter.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The JSON document of {@link JsonFileStatsStore}, kept apart from {@link ProviderStatsSnapshot} so
 * the public record can grow without breaking old files: a field missing from an older file reads
 * as zero, empty or the epoch instead of failing. A field that is present but impossible (a null
 * entry, a negative count, a month key that is no month) is a problem: {@link #problems()} lists
 * them for a strict load, {@link #salvage} drops or clamps them for an operator's repair.
 */
record StatsFile(int formatVersion, Map<String, Entry> providers) {
    static final int VERSION = 1;
    /** {@code "2026-11"} or {@code "2026-11:google_tts/standard"}. */
    private static final Pattern MONTH_KEY = Pattern.compile("\\d{4}-(0[1-9]|1[0-2])(:.+)?");

    static StatsFile of(Map<String, ProviderStatsSnapshot> snapshot) {
        Map<String, Entry> out = new TreeMap<>();
        snapshot.forEach((id, s) -> out.put(id, new Entry(s.providerId(), s.requests(), s.successes(),
                s.failures(), s.skips(), s.totalCharacters(), s.audioSeconds(), s.avgLatencyMs(),
                s.p50LatencyMs(), s.p95LatencyMs(), s.cacheHits(), s.cacheMisses(), s.lastUsed(),
                new TreeMap<>(s.monthlyCharacters()), s.avgFirstAudioMs(), s.p50FirstAudioMs(),
                s.p95FirstAudioMs())));
        return new StatsFile(VERSION, out);
    }

    /** Everything that makes these counters untrustworthy; empty when they can be loaded as they are. */
    List<String> problems() {
        List<String> out = new ArrayList<>();
        if (formatVersion != VERSION) {
            out.add("unsupported format_version " + formatVersion);
        }
        if (providers != null) {
            providers.forEach((id, e) -> {
                if (e == null) {
                    out.add("providers." + id + " is null");
                } else {
                    e.problems("providers." + id, out);
                }
            });
        }
        return out;
    }

    /**
     * Counters written as {@code null}, which binding would read as 0: a missing field is an older
     * file, an explicit null is damage. {@code provider_id} and {@code last_used} may be null.
     */
    static List<String> nullCounters(JsonNode root) {
        List<String> out = new ArrayList<>();
        JsonNode providers = root.path("providers");
        for (Iterator<Map.Entry<String, JsonNode>> it = providers.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            for (Iterator<Map.Entry<String, JsonNode>> f = p.getValue().fields(); f.hasNext(); ) {
                Map.Entry<String, JsonNode> field = f.next();
                if (field.getValue().isNull() && !field.getKey().equals("provider_id") && !field.getKey().equals("last_used")) {
                    out.add("providers." + p.getKey() + "." + field.getKey() + " is null");
                }
            }
        }
        return out;
    }

    /** Call only when {@link #problems()} is empty. */
    Map<String, ProviderStatsSnapshot> toSnapshots() {
        Map<String, ProviderStatsSnapshot> out = new LinkedHashMap<>();
        if (providers != null) {
            providers.forEach((id, e) -> out.put(id, e.toSnapshot(id)));
        }
        return out;
    }

    /**
     * What can be kept of a damaged document, for {@code voice stats repair}: entries that do not
     * bind are dropped, negative or non-finite numbers become 0, bad month keys are dropped, and
     * {@code requests} is raised to cover successes and failures. Each change is described in
     * {@code changes}.
     *
     * @throws IllegalArgumentException when the document is not a stats file at all
     */
    static Map<String, ProviderStatsSnapshot> salvage(ObjectMapper json, JsonNode root, List<String> changes) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the file holds no JSON object");
        }
        JsonNode version = root.get("format_version");
        if (version == null || !version.isInt() || version.intValue() != VERSION) {
            throw new IllegalArgumentException("format_version is " + version + ", not " + VERSION);
        }
        Map<String, ProviderStatsSnapshot> out = new TreeMap<>();
        JsonNode providers = root.get("providers");
        if (providers == null || providers.isNull()) {
            return out;
        }
        if (!providers.isObject()) {
            changes.add("providers is not an object: dropped");
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = providers.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String where = "providers." + f.getKey();
            if (!f.getValue().isObject()) {
                changes.add(where + " is " + f.getValue().getNodeType().toString().toLowerCase() + ": dropped");
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = f.getValue().fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue().isNull() && !field.getKey().equals("provider_id") && !field.getKey().equals("last_used")) {
                    changes.add(where + "." + field.getKey() + " was null: set to 0");
                }
            }
            Entry entry;
            try {
                entry = json.treeToValue(f.getValue(), Entry.class);
            } catch (Exception e) {
                changes.add(where + " cannot be read (" + firstLine(e.getMessage()) + "): dropped");
                continue;
            }
            out.put(f.getKey(), entry.repaired(where, changes).toSnapshot(f.getKey()));
        }
        return out;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    record Entry(String providerId, long requests, long successes, long failures, long skips,
                 long totalCharacters, double audioSeconds, double avgLatencyMs, double p50LatencyMs,
                 double p95LatencyMs, long cacheHits, long cacheMisses, Instant lastUsed,
                 Map<String, Long> monthlyCharacters, double avgFirstAudioMs, double p50FirstAudioMs,
                 double p95FirstAudioMs) {

        private long[] counts() {
            return new long[] {requests, successes, failures, skips, totalCharacters, cacheHits, cacheMisses};
        }

        private double[] amounts() {
            return new double[] {audioSeconds, avgLatencyMs, p50LatencyMs, p95LatencyMs};
        }

        private static final String[] COUNT_NAMES = {"requests", "successes", "failures", "skips",
                "total_characters", "cache_hits", "cache_misses"};
        private static final String[] AMOUNT_NAMES = {"audio_seconds", "avg_latency_ms", "p50_latency_ms",
                "p95_latency_ms"};

        void problems(String where, List<String> out) {
            long[] counts = counts();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] < 0) {
                    out.add(where + "." + COUNT_NAMES[i] + " is negative (" + counts[i] + ")");
                }
            }
            double[] amounts = amounts();
            for (int i = 0; i < amounts.length; i++) {
                if (!(amounts[i] >= 0) || Double.isInfinite(amounts[i])) {
                    out.add(where + "." + AMOUNT_NAMES[i] + " is not a finite non-negative number (" + amounts[i] + ")");
                }
            }
            if (successes >= 0 && failures >= 0 && requests < successes + failures) {
                out.add(where + ".requests (" + requests + ") is less than successes and failures together ("
                        + (successes + failures) + ")");
            }
            if (monthlyCharacters != null) {
                monthlyCharacters.forEach((k, v) -> {
                    if (!MONTH_KEY.matcher(k).matches()) {
                        out.add(where + ".monthly_characters has a key that is no month: \"" + k + "\"");
                    } else if (v == null || v < 0) {
                        out.add(where + ".monthly_characters." + k + " is " + (v == null ? "null" : "negative (" + v + ")"));
                    }
                });
            }
        }

        Entry repaired(String where, List<String> changes) {
            long[] c = counts();
            for (int i = 0; i < c.length; i++) {
                if (c[i] < 0) {
                    changes.add(where + "." + COUNT_NAMES[i] + " was " + c[i] + ": set to 0");
                    c[i] = 0;
                }
            }
            double[] a = amounts();
            for (int i = 0; i < a.length; i++) {
                if (!(a[i] >= 0) || Double.isInfinite(a[i])) {
                    changes.add(where + "." + AMOUNT_NAMES[i] + " was " + a[i] + ": set to 0");
                    a[i] = 0;
                }
            }
            if (c[0] < c[1] + c[2]) {
                changes.add(where + ".requests was " + c[0] + ": raised to successes + failures, " + (c[1] + c[2]));
                c[0] = c[1] + c[2];
            }
            Map<String, Long> monthly = new TreeMap<>();
            if (monthlyCharacters != null) {
                monthlyCharacters.forEach((k, v) -> {
                    if (!MONTH_KEY.matcher(k).matches()) {
                        changes.add(where + ".monthly_characters \"" + k + "\" is no month: dropped");
                    } else if (v == null || v < 0) {
                        changes.add(where + ".monthly_characters." + k + " was " + v + ": dropped");
                    } else {
                        monthly.put(k, v);
                    }
                });
            }
            return new Entry(providerId, c[0], c[1], c[2], c[3], c[4], a[0], a[1], a[2], a[3], c[5], c[6],
                    lastUsed, monthly, sane(avgFirstAudioMs), sane(p50FirstAudioMs), sane(p95FirstAudioMs));
        }

        /** A time to first audio from the file, or 0 (no figure) when it is not a finite non-negative number. */
        private static double sane(double ms) {
            return ms >= 0 && !Double.isInfinite(ms) ? ms : 0;
        }

        ProviderStatsSnapshot toSnapshot(String id) {
            Map<String, Long> monthly = new TreeMap<>();
            if (monthlyCharacters != null) {
                monthlyCharacters.forEach((k, v) -> {
                    if (v != null && v != 0) {
                        monthly.put(k, v);
                    }
                });
            }
            return new ProviderStatsSnapshot(providerId == null ? id : providerId, requests, successes, failures,
                    skips, totalCharacters, audioSeconds, avgLatencyMs, p50LatencyMs, p95LatencyMs, cacheHits,
                    cacheMisses, lastUsed == null ? Instant.EPOCH : lastUsed, monthly, avgFirstAudioMs,
                    p50FirstAudioMs, p95FirstAudioMs);
        }
    }
}
