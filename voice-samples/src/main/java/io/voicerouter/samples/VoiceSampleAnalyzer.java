package io.voicerouter.samples;

import io.voicerouter.audio.Resampler;
import io.voicerouter.audio.AudioData;
import io.voicerouter.error.UnknownProviderException;
import io.voicerouter.spi.ProviderCapabilities;
import io.voicerouter.onnx.OnnxSessions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Tells, before any synthesis, whether a reference recording is good enough for each cloning
 * provider and what to fix. Thread-safe: one analyzer serves every request thread. Close it to
 * release the VAD's ONNX Runtime session.
 *
 * <pre>{@code
 * try (VoiceSampleAnalyzer analyzer = VoiceSampleAnalyzer.create()) {
 *     SampleQualityReport report = analyzer.analyze(SampleDecoder.decode(bytes), List.of("xtts_v2"));
 *     System.out.println(report.toJson());
 * }
 * }</pre>
 */
public final class VoiceSampleAnalyzer implements AutoCloseable {
    private final Map<String, SampleProfile> profiles;
    private final SileroVad vad;
    private final OnnxSessions ownedSessions;

    private VoiceSampleAnalyzer(Builder b) {
        this.profiles = Map.copyOf(b.profiles);
        this.ownedSessions = b.sessions == null ? OnnxSessions.create(SileroVad.sessionOptions()) : null;
        OnnxSessions sessions = b.sessions == null ? ownedSessions : b.sessions;
        try {
            this.vad = b.vadModel == null ? SileroVad.bundled(sessions) : SileroVad.open(sessions, b.vadModel);
        } catch (RuntimeException e) {
            if (ownedSessions != null) {
                ownedSessions.close();
            }
            throw e;
        }
    }

    /** An analyzer with the seed's profiles (XTTS v2, StyleTTS2) and the bundled Silero VAD. */
    public static VoiceSampleAnalyzer create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The profiles this analyzer knows, by provider id. */
    public Map<String, SampleProfile> profiles() {
        return profiles;
    }

    /** Analyzes the sample for every known profile. */
    public SampleQualityReport analyze(DecodedSample sample) {
        return analyze(sample, profiles.keySet().stream().sorted().toList());
    }

    /** Decodes and analyzes for the given providers. */
    public SampleQualityReport analyze(byte[] bytes, Collection<String> providerIds) {
        return analyze(SampleDecoder.decode(bytes), providerIds);
    }

    /**
     * Analyzes the sample for the given providers.
     *
     * @throws UnknownProviderException for an id with no profile
     */
    public SampleQualityReport analyze(DecodedSample sample, Collection<String> providerIds) {
        List<SampleProfile> targets = new ArrayList<>();
        for (String id : providerIds) {
            SampleProfile p = profiles.get(id);
            if (p == null) {
                throw new UnknownProviderException(id, profiles.keySet());
            }
            targets.add(p);
        }
        AudioData audio = sample.audio();
        SourceFormat format = sample.format();
        double duration = audio.durationSeconds();
        SampleMetrics metrics = measure(audio, format);
        double recording = Scoring.recordingScore(format, metrics, audio.sampleCount());
        List<ProviderAssessment> assessments = new ArrayList<>();
        for (SampleProfile p : targets) {
            assessments.add(Scoring.assess(p, duration, metrics, recording));
        }
        double best = assessments.stream().mapToDouble(ProviderAssessment::score).max().orElse(recording);
        return new SampleQualityReport(format, duration, metrics, recording, best, assessments,
                Scoring.findings(format, duration, metrics));
    }

    /** Speech segments of a sample, as the VAD sees them; used by clean-up and joining. */
    List<TimeRange> speech(AudioData audio) {
        AudioData mono16k = Resampler.resample(audio.toMono(), SileroVad.SAMPLE_RATE);
        float[] p = vad.speechProbabilities(mono16k);
        return Measurements.speechSegments(p, (double) SileroVad.WINDOW / SileroVad.SAMPLE_RATE,
                audio.durationSeconds());
    }

    private SampleMetrics measure(AudioData audio, SourceFormat format) {
        double duration = audio.durationSeconds();
        Measurements.Clipping clip = Measurements.clipping(audio, format.bitsPerSample());
        AudioData mono = audio.toMono();
        double dc = Measurements.dcOffset(mono);
        Loudness loudness = Loudness.measure(audio);
        List<TimeRange> speech = speech(audio);
        double speechSeconds = speech.stream().mapToDouble(TimeRange::seconds).sum();
        double leading = speech.isEmpty() ? duration : speech.get(0).startSeconds();
        double trailing = speech.isEmpty() ? duration : duration - speech.get(speech.size() - 1).endSeconds();
        TimeRange pause = Measurements.longestPause(speech);
        Measurements.Consistency consistency = Measurements.consistency(loudness, speech);
        double snr = NoiseEstimator.snrDb(mono);
        double wada = NoiseEstimator.wadaSnrDb(mono);
        return new SampleMetrics(snr, wada, clip.clipped(), clip.runs(), clip.longestRun(),
                Measurements.peakDbfs(audio), loudness.integrated(), loudness.range(),
                consistency.tooQuietShare(), consistency.tooLoudShare(), consistency.loud(), consistency.quiet(),
                duration == 0 ? 0 : speechSeconds / duration, speechSeconds, leading, Math.max(0, trailing),
                pause.seconds(), pause, dc);
    }

    @Override
    public void close() {
        vad.close();
        if (ownedSessions != null) {
            ownedSessions.close();
        }
    }

    public static final class Builder {
        private final Map<String, SampleProfile> profiles = new LinkedHashMap<>();
        private Path vadModel;
        private OnnxSessions sessions;

        private Builder() {
            SampleProfile.defaults().forEach(this::profile);
        }

        /** Adds or replaces a provider's profile. */
        public Builder profile(SampleProfile profile) {
            profiles.put(profile.providerId(), Objects.requireNonNull(profile));
            return this;
        }

        /** Uses an installed provider's declared requirements; ignored for providers that do not clone. */
        public Builder provider(ProviderCapabilities capabilities) {
            SampleProfile.of(capabilities).ifPresent(this::profile);
            return this;
        }

        /** A Silero VAD model file to use instead of the bundled one (same inputs and outputs). */
        public Builder vadModel(Path model) {
            this.vadModel = Objects.requireNonNull(model);
            return this;
        }

        /**
         * Opens the VAD through the host's shared sessions (and their device settings) instead of a
         * private CPU, single-thread set; the host keeps ownership and closes them.
         */
        public Builder sessions(OnnxSessions shared) {
            this.sessions = Objects.requireNonNull(shared);
            return this;
        }

        public VoiceSampleAnalyzer build() {
            return new VoiceSampleAnalyzer(this);
        }
    }
}
