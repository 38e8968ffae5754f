package io.voicerouter.config;

import io.voicerouter.config.ConfigProblem.Severity;
import io.voicerouter.error.InvalidConfigException;
import io.voicerouter.language.LanguageCodes;
import io.voicerouter.spi.EntryProblem;
import io.voicerouter.spi.ProviderCapabilities;
import io.voicerouter.spi.SampleRequirements;
import io.voicerouter.spi.SettingSpec;
import io.voicerouter.spi.Settings;
import io.voicerouter.spi.TtsProvider;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a {@link VoiceConfig} against the providers installed in this process and reports every
 * problem at once, each with a JSON path. Stateless and thread-safe.
 *
 * <p>Errors: provider ids that are neither installed nor one of {@link #KNOWN_PROVIDER_IDS}; an active
 * provider that is missing from {@code providers} or disabled; unknown or repeated ids in
 * {@code fallback_chain}; settings of the wrong type or out of range; malformed language codes;
 * {@code quality_score} outside [0, 1]; durations that are not positive; negative stats counters.
 *
 * <p>Warnings: known providers that are not installed (their settings cannot be checked); setting
 * names the provider's schema does not know; a voice sample duration outside the provider's
 * {@link SampleRequirements}; a cloning provider without a sample; fallback entries that the router
 * will skip; a primary language missing from {@code languages.supported}; languages a provider
 * lists that it does not speak; repeated sample ids.
 */
public final class VoiceConfigValidator {
    /** The provider ids the seed defines, installed here or not. */
    public static final Set<String> KNOWN_PROVIDER_IDS = Set.of("xtts_v2", "styletts2", "piper", "google_tts",
            "azure_tts", "ibm_watson", "espeak");

    private VoiceConfigValidator() {
    }

    public static ValidationReport validate(VoiceConfig config, Map<String, ProviderCapabilities> installed) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(installed, "installed");
        return new Run(installed, Map.of()).check(config);
    }

    /**
     * Validates against {@code providers} as {@link #validate(VoiceConfig, Map)} does against their
     * capabilities, then runs each provider's own {@link TtsProvider#checkConfig} on its entry (when
     * the entry's settings passed the schema): a voice the engine does not have is an error here,
     * not a surprise at the first request.
     */
    public static ValidationReport validate(VoiceConfig config, Collection<? extends TtsProvider> providers) {
        Objects.requireNonNull(config, "config");
        Map<String, ProviderCapabilities> installed = new LinkedHashMap<>();
        Map<String, TtsProvider> byId = new LinkedHashMap<>();
        for (TtsProvider p : providers) {
            installed.put(p.id(), p.capabilities());
            byId.put(p.id(), p);
        }
        return new Run(installed, byId).check(config);
    }

    /**
     * Validates and returns the report when it has no errors (it may have warnings).
     *
     * @throws InvalidConfigException listing every problem, errors and warnings, when there is an error
     */
    public static ValidationReport validateOrThrow(VoiceConfig config, Map<String, ProviderCapabilities> installed) {
        ValidationReport report = validate(config, installed);
        if (!report.isValid()) {
            List<String> lines = report.problems().stream().map(ConfigProblem::toString).toList();
            ConfigProblem first = report.errors().get(0);
            String message = "Invalid voice_config (" + report.errors().size() + " errors, "
                    + report.warnings().size() + " warnings): " + String.join("; ", lines);
            throw new InvalidConfigException(first.path(), -1, -1, message, lines, null);
        }
        return report;
    }

    private static final class Run {
        private final Map<String, ProviderCapabilities> installed;
        private final Map<String, TtsProvider> providers;
        private final List<ConfigProblem> problems = new ArrayList<>();

        Run(Map<String, ProviderCapabilities> installed, Map<String, TtsProvider> providers) {
            this.installed = installed;
            this.providers = providers;
        }

        ValidationReport check(VoiceConfig config) {
            config.providers().forEach(this::provider);
            active(config);
            fallback(config);
            config.languages().ifPresent(this::languages);
            samples(config.voiceSamples());
            config.stats().forEach(this::usage);
            return new ValidationReport(problems);
        }

        private void provider(String id, ProviderConfig p) {
            String path = "providers." + id;
            if (!knowsId(id, path)) {
                return;
            }
            ProviderCapabilities caps = installed.get(id);
            p.voiceSampleDuration().ifPresent(d -> duration(d, path + ".voice_sample_duration", caps));
            for (int i = 0; i < p.supportedLanguages().size(); i++) {
                String lp = path + ".supported_languages[" + i + "]";
                language(p.supportedLanguages().get(i), lp).ifPresent(code -> {
                    if (caps != null && !caps.languages().isEmpty()
                            && !LanguageCodes.matches(code, caps.languages())) {
                        warn(lp, id + " does not speak '" + code + "'");
                    }
                });
            }
            if (caps == null) {
                return;
            }
            int before = errorCount();
            p.settings().forEach((name, value) -> {
                String sp = path + ".settings." + name;
                Optional<SettingSpec> spec = caps.setting(name);
                if (spec.isEmpty()) {
                    warn(sp, "unknown setting for " + id + "; it knows " + caps.settings().stream()
                            .map(SettingSpec::name).toList());
                } else {
                    spec.get().check(value).ifPresent(msg -> error(sp, msg));
                }
            });
            if (p.enabled() && caps.clonesVoices() && p.voiceSampleUrl().isEmpty()) {
                warn(path + ".voice_sample_url", id + " clones a voice from a sample but none is set");
            }
            TtsProvider provider = providers.get(id);
            if (provider != null && errorCount() == before) {
                providerChecks(provider, caps, p, path);
            }
        }

        private void providerChecks(TtsProvider provider, ProviderCapabilities caps, ProviderConfig p, String path) {
            List<EntryProblem> found;
            try {
                // the schema was checked above without errors, so this resolves
                found = provider.checkConfig(p.voice(), Settings.resolve(caps.settings(), p.settings()));
            } catch (RuntimeException e) {
                warn(path, provider.id() + " could not check this entry: " + e.getMessage());
                return;
            }
            for (EntryProblem problem : found) {
                problems.add(new ConfigProblem(ConfigProblem.Severity.valueOf(problem.severity().name()),
                        problem.path().isEmpty() ? path : path + "." + problem.path(), problem.message()));
            }
        }

        private int errorCount() {
            return (int) problems.stream().filter(ConfigProblem::isError).count();
        }

        /** Whether {@code id} names a provider we can say anything about; reports it otherwise. */
        private boolean knowsId(String id, String path) {
            if (installed.containsKey(id)) {
                return true;
            }
            if (KNOWN_PROVIDER_IDS.contains(id)) {
                warn(path, "provider '" + id + "' is not installed; its settings are not checked");
                return true;
            }
            error(path, "unknown provider '" + id + "'; installed: " + sorted(installed.keySet())
                    + ", known: " + sorted(KNOWN_PROVIDER_IDS));
            return false;
        }

        private void active(VoiceConfig config) {
            Optional<String> active = config.activeProvider();
            if (active.isEmpty()) {
                ProviderConfig fallback = config.providers().get(VoiceConfig.DEFAULT_ACTIVE_PROVIDER);
                if (!config.providers().isEmpty() && (fallback == null || !fallback.enabled())) {
                    warn("active_provider", "not set, and the default '" + VoiceConfig.DEFAULT_ACTIVE_PROVIDER
                            + "' is not an enabled provider");
                }
                return;
            }
            String id = active.get();
            ProviderConfig p = config.providers().get(id);
            if (p == null) {
                error("active_provider", "'" + id + "' is not one of the configured providers "
                        + config.providers().keySet());
            } else if (!p.enabled()) {
                error("active_provider", "'" + id + "' is not enabled");
            }
        }

        private void fallback(VoiceConfig config) {
            Set<String> seen = new HashSet<>();
            List<String> chain = config.fallbackChain();
            for (int i = 0; i < chain.size(); i++) {
                String id = chain.get(i);
                String path = "fallback_chain[" + i + "]";
                if (!seen.add(id)) {
                    error(path, "'" + id + "' appears more than once");
                    continue;
                }
                if (!installed.containsKey(id) && !KNOWN_PROVIDER_IDS.contains(id)) {
                    error(path, "unknown provider '" + id + "'");
                    continue;
                }
                ProviderConfig p = config.providers().get(id);
                if (p == null) {
                    warn(path, "'" + id + "' has no entry in providers; the router will skip it");
                } else if (!p.enabled()) {
                    warn(path, "'" + id + "' is disabled; the router will skip it");
                } else if (!installed.containsKey(id)) {
                    warn(path, "'" + id + "' is not installed; the router will skip it");
                }
            }
        }

        private void languages(LanguagePreferences l) {
            Optional<String> primary = language(l.primary(), "languages.primary");
            List<String> supported = new ArrayList<>();
            for (int i = 0; i < l.supported().size(); i++) {
                language(l.supported().get(i), "languages.supported[" + i + "]").ifPresent(supported::add);
            }
            primary.ifPresent(p -> {
                if (!supported.isEmpty() && !LanguageCodes.matches(p, supported)) {
                    warn("languages.primary", "'" + p + "' is not in languages.supported");
                }
            });
        }

        private void samples(List<VoiceSample> samples) {
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < samples.size(); i++) {
                VoiceSample s = samples.get(i);
                String path = "voice_samples[" + i + "]";
                if (!ids.add(s.id())) {
                    warn(path + ".id", "sample id '" + s.id() + "' is used more than once");
                }
                s.duration().ifPresent(d -> duration(d, path + ".duration", null));
                s.language().ifPresent(code -> language(code, path + ".language"));
                s.qualityScore().ifPresent(q -> {
                    if (!(q >= 0 && q <= 1)) {
                        error(path + ".quality_score", "must be between 0 and 1, got " + q);
                    }
                });
            }
        }

        private void usage(String id, ProviderUsage u) {
            String path = "stats." + id;
            nonNegative(u.totalGenerations(), path + ".total_generations");
            nonNegative(u.totalCharacters(), path + ".total_characters");
            nonNegative(u.failures(), path + ".failures");
            if (!(u.avgLatencyMs() >= 0)) {
                error(path + ".avg_latency_ms", "must not be negative, got " + u.avgLatencyMs());
            }
        }

        private void nonNegative(long value, String path) {
            if (value < 0) {
                error(path, "must not be negative, got " + value);
            }
        }

        private void duration(double seconds, String path, ProviderCapabilities caps) {
            if (!(seconds > 0) || Double.isInfinite(seconds)) {
                error(path, "must be a positive number of seconds, got " + seconds);
                return;
            }
            if (caps == null) {
                return;
            }
            caps.sampleRequirements().ifPresent(req -> {
                if (!req.accepts(seconds)) {
                    warn(path, String.format(java.util.Locale.ROOT,
                            "%s wants a sample of %s to %s seconds (best %s to %s), got %s", caps.id(),
                            num(req.minSeconds()), num(req.maxSeconds()), num(req.optimalMinSeconds()),
                            num(req.optimalMaxSeconds()), num(seconds)));
                }
            });
        }

        private Optional<String> language(String code, String path) {
            Optional<String> normalized = LanguageCodes.tryNormalize(code);
            if (normalized.isEmpty()) {
                error(path, "malformed language code '" + code + "'; expected a BCP-47 tag such as en, en-US or zh-CN");
            }
            return normalized;
        }

        private void error(String path, String message) {
            problems.add(new ConfigProblem(Severity.ERROR, path, message));
        }

        private void warn(String path, String message) {
            problems.add(new ConfigProblem(Severity.WARNING, path, message));
        }

        private static List<String> sorted(Set<String> ids) {
            return ids.stream().sorted().toList();
        }

        private static String num(double d) {
            return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
    }
}
