package io.voicerouter.stats;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Renders the seed's "Model Performance Dashboard" as plain text: one row per provider, then one
 * line per free-tier quota with this month's usage. Formatting ignores the default locale, so the
 * output is the same on every machine (groups of three digits with commas, a dot for decimals).
 *
 * <pre>
 * Voice Model Performance
 * Model       Requests  Success  Avg Latency  Cache
 * Piper          3,456    99.9%        800ms    52%
 * StyleTTS2      1,234    99.5%         2.3s    45%
 *
 * Quota usage 2026-11
 * Google Cloud: 12,345 / 100,000 (12.3% used)
 * </pre>
 *
 * Rows are sorted by requests, busiest first. Success is successes over calls that reached the
 * provider, rounded down so that 100% means no failure at all; a dash marks a column without data.
 * Once any provider has streamed, a "First Audio" column follows "Avg Latency": the average time
 * from calling it to its first chunk of audio. Quota usage is read from {@code monthlyCharacters} entries keyed {@code "YYYY-MM:<bucket>"},
 * summed over every provider.
 */
public final class StatsDashboard {
    private static final String[] HEADERS = {"Model", "Requests", "Success", "Avg Latency", "Cache"};
    private static final String[] STREAMED_HEADERS = {"Model", "Requests", "Success", "Avg Latency", "First Audio", "Cache"};

    private final Map<String, String> displayNames;
    private final Map<String, Long> quotaLimits;
    private final YearMonth month;

    private StatsDashboard(Builder b) {
        this.displayNames = Map.copyOf(b.displayNames);
        this.quotaLimits = new TreeMap<>(b.quotaLimits);
        this.month = b.month;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The dashboard for {@code stats} (provider id to snapshot), ending with a line break. */
    public String render(Map<String, ProviderStatsSnapshot> stats) {
        YearMonth shown = month != null ? month : YearMonth.now(ZoneOffset.UTC);
        StringBuilder out = new StringBuilder("Voice Model Performance\n");
        List<ProviderStatsSnapshot> rows = new ArrayList<>(stats.values());
        rows.sort(Comparator.comparingLong(ProviderStatsSnapshot::requests).reversed()
                .thenComparing(s -> nameOf(s.providerId())));
        List<String[]> cells = new ArrayList<>();
        boolean streamed = rows.stream().anyMatch(s -> s.avgFirstAudioMs() > 0);
        cells.add(streamed ? STREAMED_HEADERS : HEADERS);
        for (ProviderStatsSnapshot s : rows) {
            cells.add(streamed
                    ? new String[] {nameOf(s.providerId()), grouped(s.requests()), success(s), latency(s), firstAudio(s), cache(s)}
                    : new String[] {nameOf(s.providerId()), grouped(s.requests()), success(s), latency(s), cache(s)});
        }
        appendTable(out, cells);
        if (rows.isEmpty()) {
            out.append("(no requests yet)\n");
        }
        if (!quotaLimits.isEmpty()) {
            out.append('\n').append("Quota usage ").append(shown).append('\n');
            quotaLimits.forEach((bucket, limit) -> out.append(quotaLine(bucket, limit, stats, shown)).append('\n'));
        }
        return out.toString();
    }

    private String quotaLine(String bucket, long limit, Map<String, ProviderStatsSnapshot> stats, YearMonth month) {
        String key = month + ":" + bucket;
        long used = stats.values().stream().mapToLong(s -> s.monthlyCharacters().getOrDefault(key, 0L)).sum();
        String share = limit == 0 ? "no free allowance"
                : percent(100.0 * used / limit, 1, RoundingMode.HALF_UP) + "% used";
        return nameOf(bucket) + ": " + grouped(used) + " / " + grouped(limit) + " (" + share + ")";
    }

    private static void appendTable(StringBuilder out, List<String[]> cells) {
        int[] widths = new int[cells.get(0).length];
        for (String[] row : cells) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        for (String[] row : cells) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                if (c > 0) {
                    line.append("  ");
                }
                String pad = " ".repeat(widths[c] - row[c].length());
                // names read from the left, numbers line up on their last digit
                line.append(c == 0 ? row[c] + pad : pad + row[c]);
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }

    private String nameOf(String id) {
        return displayNames.getOrDefault(id, id);
    }

    private static String success(ProviderStatsSnapshot s) {
        return s.successes() + s.failures() == 0 ? "-"
                : percent(100.0 * s.successRate(), 1, RoundingMode.DOWN) + "%";
    }

    private static String latency(ProviderStatsSnapshot s) {
        if (s.successes() == 0) {
            return "-";
        }
        double ms = s.avgLatencyMs();
        return ms < 999.5 ? Math.round(ms) + "ms" : String.format(Locale.ROOT, "%.1fs", ms / 1000);
    }

    private static String firstAudio(ProviderStatsSnapshot s) {
        return s.avgFirstAudioMs() <= 0 ? "-" : millis(s.avgFirstAudioMs());
    }

    private static String millis(double ms) {
        return ms < 999.5 ? Math.round(ms) + "ms" : String.format(Locale.ROOT, "%.1fs", ms / 1000);
    }

    private static String cache(ProviderStatsSnapshot s) {
        return s.cacheHits() + s.cacheMisses() == 0 ? "-"
                : percent(100.0 * s.cacheHitRate(), 0, RoundingMode.HALF_UP) + "%";
    }

    /** {@code value} with at most {@code decimals} decimals and no trailing zeros: 99.5, 100, 12.3. */
    private static String percent(double value, int decimals, RoundingMode mode) {
        return new BigDecimal(Double.toString(value)).setScale(decimals, mode).stripTrailingZeros().toPlainString();
    }

    private static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Options of a {@link StatsDashboard}. */
    public static final class Builder {
        private final Map<String, String> displayNames = new TreeMap<>();
        private final Map<String, Long> quotaLimits = new TreeMap<>();
        private YearMonth month;

        private Builder() {
        }

        /** Names to show for provider ids and quota bucket names; ids without one are shown as they are. */
        public Builder displayNames(Map<String, String> names) {
            names.forEach((id, name) -> displayNames.put(Objects.requireNonNull(id), Objects.requireNonNull(name)));
            return this;
        }

        /** Monthly character limits per quota bucket name (such as {@code google_tts/standard}), one line each. */
        public Builder quotaLimits(Map<String, Long> limits) {
            limits.forEach((bucket, limit) -> {
                if (limit < 0) {
                    throw new IllegalArgumentException("quota for " + bucket + " must not be negative: " + limit);
                }
                quotaLimits.put(Objects.requireNonNull(bucket), limit);
            });
            return this;
        }

        /** The month whose quota usage is shown; by default the current UTC month at each render. */
        public Builder month(YearMonth month) {
            this.month = Objects.requireNonNull(month, "month");
            return this;
        }

        public StatsDashboard build() {
            return new StatsDashboard(this);
        }
    }
}
