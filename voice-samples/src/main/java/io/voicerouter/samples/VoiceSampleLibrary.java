package io.voicerouter.samples;

import io.voicerouter.audio.WavCodec;
import io.voicerouter.audio.SampleFormat;
import io.voicerouter.audio.Resampler;
import io.voicerouter.audio.AudioData;
import io.voicerouter.config.ProviderConfig;
import io.voicerouter.config.VoiceConfig;
import io.voicerouter.config.VoiceSample;
import io.voicerouter.spi.SampleRequirements;
import java.net.URI;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A personality's voice samples: adds them to {@code voice_config.voice_samples[]} (stored,
 * analyzed, scored), points providers at them, cleans them up, and picks or joins the best
 * reference for each provider. Stateless apart from the store; {@link VoiceConfig} is immutable,
 * so every change returns a new config for the host to save. Thread-safe.
 */
public final class VoiceSampleLibrary {
    /** Silence between joined samples. */
    public static final double JOIN_GAP_SECONDS = 0.3;
    /** Samples whose recording score is below this are never joined: they would spoil the rest. */
    public static final double MIN_JOIN_SCORE = 0.5;

    private final SampleStore store;
    private final VoiceSampleAnalyzer analyzer;
    private final SampleCleaner cleaner;
    private final Clock clock;

    private VoiceSampleLibrary(SampleStore store, VoiceSampleAnalyzer analyzer, Clock clock) {
        this.store = store;
        this.analyzer = analyzer;
        this.cleaner = SampleCleaner.using(analyzer);
        this.clock = clock;
    }

    public static VoiceSampleLibrary create(SampleStore store, VoiceSampleAnalyzer analyzer) {
        return create(store, analyzer, Clock.systemUTC());
    }

    public static VoiceSampleLibrary create(SampleStore store, VoiceSampleAnalyzer analyzer, Clock clock) {
        return new VoiceSampleLibrary(Objects.requireNonNull(store, "store"),
                Objects.requireNonNull(analyzer, "analyzer"), Objects.requireNonNull(clock, "clock"));
    }

    /**
     * Decodes, analyzes (for every provider the analyzer knows) and stores {@code bytes}, and adds
     * an entry to {@code voice_samples[]}; with {@link AddSampleOptions#assignTo}, also sets those
     * providers' {@code voice_sample_url} and {@code voice_sample_duration}.
     *
     * @throws SampleRejectedException when an assigned provider cannot use the sample; nothing is stored then
     */
    public AddedSample add(VoiceConfig config, byte[] bytes, AddSampleOptions options) {
        DecodedSample decoded = SampleDecoder.decode(bytes);
        SampleQualityReport report = analyzer.analyze(decoded);
        checkAssignable(report, options.assignTo());
        return record(config, store.put(bytes), report, options);
    }

    /**
     * Fetches {@code url} under the fetcher's policy and adds it like {@link #add(VoiceConfig, byte[],
     * AddSampleOptions)}; the entry's URL is {@code url} itself unless the options name another.
     */
    public AddedSample add(VoiceConfig config, URI url, SampleFetcher fetcher, AddSampleOptions options) {
        byte[] bytes = fetcher.fetch(url);
        AddSampleOptions withUrl = options.url().isPresent() ? options : options.withUrl(url.toString());
        return add(config, bytes, withUrl);
    }

    /**
     * Cleans the sample (see {@link SampleCleaner}), stores the result as a new 16-bit WAV sample
     * and adds it like {@link #add}. The original is kept: it is stored too (but not listed in
     * {@code voice_samples[]}), and the entry's
     * {@code extra} names the original's hash under {@code cleaned_from}.
     */
    public AddedSample addCleaned(VoiceConfig config, byte[] original, CleanupOptions cleanup,
                                  AddSampleOptions options) {
        DecodedSample decoded = SampleDecoder.decode(original);
        StoredSample kept = store.put(original);
        AudioData cleaned = cleaner.clean(decoded, cleanup);
        byte[] wav = WavCodec.write(cleaned, SampleFormat.PCM_16);
        DecodedSample cleanedSample = SampleDecoder.decode(wav);
        SampleQualityReport report = analyzer.analyze(cleanedSample);
        checkAssignable(report, options.assignTo());
        AddedSample added = record(config, store.put(wav), report, options);
        VoiceSample s = added.sample();
        Map<String, Object> extra = new java.util.LinkedHashMap<>(s.extra());
        extra.put("cleaned_from", kept.sha256());
        VoiceSample withOrigin = new VoiceSample(s.id(), s.url(), s.duration(), s.language(), s.qualityScore(),
                s.uploadedAt(), s.notes(), extra);
        List<VoiceSample> samples = new ArrayList<>(added.config().voiceSamples());
        samples.set(samples.size() - 1, withOrigin);
        return new AddedSample(added.config().withVoiceSamples(samples), withOrigin, added.stored(), report);
    }

    /**
     * The reference for one provider: the best-scoring sample whose duration it accepts; failing
     * that, when every sample is too short, the best ones joined (each trimmed and loudness-matched)
     * until the provider's optimal minimum is reached without passing its maximum. Empty when even
     * all usable samples together stay below the provider's minimum.
     */
    public Optional<SampleSelection> select(SampleProfile profile, List<SampleCandidate> candidates) {
        record Scored(SampleCandidate candidate, ProviderAssessment assessment, double recording) {
        }
        List<Scored> scored = new ArrayList<>();
        for (SampleCandidate c : candidates) {
            SampleQualityReport r = analyzer.analyze(c.sample(), List.of(profile.providerId()));
            scored.add(new Scored(c, r.provider(profile.providerId()).orElseThrow(), r.recordingScore()));
        }
        int rate = profile.sampleRates().get(0);
        Optional<Scored> best = scored.stream().filter(s -> s.assessment().usable())
                .max(Comparator.comparingDouble(s -> s.assessment().score()));
        if (best.isPresent()) {
            AudioData audio = prepare(best.get().candidate(), rate, false);
            return Optional.of(new SampleSelection(profile.providerId(), List.of(best.get().candidate().sampleId()),
                    false, best.get().assessment().score(), audio));
        }
        SampleRequirements req = profile.requirements();
        List<Scored> joinable = scored.stream()
                .filter(s -> s.assessment().durationFit() == ProviderAssessment.DurationFit.TOO_SHORT)
                .filter(s -> s.recording() >= MIN_JOIN_SCORE)
                .sorted(Comparator.comparingDouble(Scored::recording).reversed()).toList();
        List<String> ids = new ArrayList<>();
        AudioData joined = null;
        double weighted = 0;
        for (Scored s : joinable) {
            AudioData part = prepare(s.candidate(), rate, true);
            double seconds = (joined == null ? 0 : joined.durationSeconds() + JOIN_GAP_SECONDS) + part.durationSeconds();
            if (seconds > req.maxSeconds()) {
                continue;
            }
            joined = joined == null ? part
                    : joined.concat(AudioData.silence(java.time.Duration.ofMillis((long) (JOIN_GAP_SECONDS * 1000)),
                            rate, 1)).concat(part);
            ids.add(s.candidate().sampleId());
            weighted += s.recording() * part.durationSeconds();
            if (joined.durationSeconds() >= req.optimalMinSeconds()) {
                break;
            }
        }
        if (joined == null || joined.durationSeconds() < req.minSeconds()) {
            return Optional.empty();
        }
        double factor = Scoring.durationFactor(req, joined.durationSeconds());
        double recording = weighted / (joined.durationSeconds() - JOIN_GAP_SECONDS * (ids.size() - 1));
        return Optional.of(new SampleSelection(profile.providerId(), ids, ids.size() > 1,
                Math.min(1, recording) * factor, joined));
    }

    private AudioData prepare(SampleCandidate c, int rate, boolean matchLoudness) {
        AudioData trimmed = cleaner.clean(c.sample(), new CleanupOptions(true, true, matchLoudness, -20));
        return Resampler.resample(trimmed.toMono(), rate);
    }

    private static void checkAssignable(SampleQualityReport report, Set<String> providers) {
        for (String id : providers) {
            ProviderAssessment a = report.provider(id).orElseThrow(() -> new SampleRejectedException(id, report,
                    "no sample requirements are known for provider " + id));
            if (!a.usable()) {
                String why = a.findings().isEmpty() ? a.durationFit().name() : a.findings().get(0).message();
                throw new SampleRejectedException(id, report, "the sample cannot be used for " + id + ": " + why);
            }
        }
    }

    private AddedSample record(VoiceConfig config, StoredSample stored, SampleQualityReport report,
                               AddSampleOptions options) {
        String url = options.url().orElse(stored.uri().toString());
        String id = options.id().orElseGet(() -> nextId(config));
        if (config.voiceSamples().stream().anyMatch(s -> s.id().equals(id))) {
            throw new IllegalArgumentException("voice_samples already has a sample with id " + id);
        }
        VoiceSample sample = new VoiceSample(id, url, Optional.of(round(report.durationSeconds(), 2)),
                Optional.of(options.language().orElse(config.primaryLanguage())),
                Optional.of(round(report.qualityScore(), 2)),
                Optional.of(clock.instant().truncatedTo(ChronoUnit.SECONDS)), options.notes(),
                Map.of("sha256", stored.sha256()));
        List<VoiceSample> samples = new ArrayList<>(config.voiceSamples());
        samples.add(sample);
        VoiceConfig updated = config.withVoiceSamples(samples);
        for (String provider : options.assignTo()) {
            ProviderConfig pc = updated.provider(provider).orElse(ProviderConfig.enabledDefault());
            updated = updated.withProvider(provider, pc.withVoiceSample(url, round(report.durationSeconds(), 2)));
        }
        return new AddedSample(updated, sample, stored, report);
    }

    private static String nextId(VoiceConfig config) {
        Set<String> taken = new HashSet<>();
        config.voiceSamples().forEach(s -> taken.add(s.id()));
        int n = config.voiceSamples().size() + 1;
        while (taken.contains("sample_" + n)) {
            n++;
        }
        return "sample_" + n;
    }

    private static double round(double v, int places) {
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }
}
