package io.voicerouter.samples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The quality report for one sample: what was measured, how well it suits each target provider,
 * and what to fix. {@link #qualityScore()} is the best provider score (the value to store in
 * {@code voice_samples[].quality_score}); {@link #recordingScore()} ignores duration.
 */
public record SampleQualityReport(SourceFormat format, double durationSeconds, SampleMetrics metrics,
                                  double recordingScore, double qualityScore, List<ProviderAssessment> providers,
                                  List<Finding> findings) {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT).enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

    public SampleQualityReport {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(metrics, "metrics");
        providers = List.copyOf(providers);
        findings = List.copyOf(findings);
    }

    public Optional<ProviderAssessment> provider(String providerId) {
        return providers.stream().filter(p -> p.providerId().equals(providerId)).findFirst();
    }

    /** Recording findings followed by every provider's duration findings. */
    public List<Finding> allFindings() {
        List<Finding> all = new ArrayList<>(findings);
        providers.forEach(p -> all.addAll(p.findings()));
        return all;
    }

    /** The report as snake_case JSON, numbers rounded to three decimals. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(toMap());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("report is plain maps and numbers; cannot fail", e);
        }
    }

    /** The JSON tree as ordered maps, lists, strings and numbers. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("quality_score", r(qualityScore));
        m.put("recording_score", r(recordingScore));
        m.put("duration", r(durationSeconds));
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("container", format.container());
        f.put("codec", format.codec());
        f.put("sample_rate", format.sampleRate());
        f.put("channels", format.channels());
        f.put("bits_per_sample", format.bitsPerSample());
        f.put("bitrate_kbps", format.bitrateKbps());
        m.put("format", f);
        SampleMetrics x = metrics;
        Map<String, Object> noise = new LinkedHashMap<>();
        noise.put("snr_db", r(x.snrDb()));
        noise.put("wada_snr_db", r(x.wadaSnrDb()));
        m.put("noise", noise);
        Map<String, Object> clip = new LinkedHashMap<>();
        clip.put("clipped_samples", x.clippedSamples());
        clip.put("clip_runs", x.clipRuns());
        clip.put("longest_run", x.longestClipRun());
        clip.put("peak_dbfs", r(x.peakDbfs()));
        m.put("clipping", clip);
        Map<String, Object> loud = new LinkedHashMap<>();
        loud.put("integrated_lufs", r(x.integratedLufs()));
        loud.put("loudness_range_lu", r(x.loudnessRangeLu()));
        loud.put("too_quiet_share", r(x.tooQuietShare()));
        loud.put("too_loud_share", r(x.tooLoudShare()));
        loud.put("loud_segments", ranges(x.loudSegments()));
        loud.put("quiet_segments", ranges(x.quietSegments()));
        m.put("loudness", loud);
        Map<String, Object> speech = new LinkedHashMap<>();
        speech.put("speech_ratio", r(x.speechRatio()));
        speech.put("speech_seconds", r(x.speechSeconds()));
        speech.put("leading_silence", r(x.leadingSilenceSeconds()));
        speech.put("trailing_silence", r(x.trailingSilenceSeconds()));
        speech.put("longest_pause", r(x.longestPauseSeconds()));
        m.put("speech", speech);
        m.put("dc_offset", r(x.dcOffset()));
        List<Object> ps = new ArrayList<>();
        for (ProviderAssessment p : providers) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("provider", p.providerId());
            pm.put("score", r(p.score()));
            pm.put("usable", p.usable());
            pm.put("usable_seconds", r(p.usableSeconds()));
            pm.put("duration_fit", p.durationFit().name().toLowerCase(java.util.Locale.ROOT));
            pm.put("duration_range", List.of(p.requirements().minSeconds(), p.requirements().maxSeconds()));
            pm.put("duration_optimal", List.of(p.requirements().optimalMinSeconds(),
                    p.requirements().optimalMaxSeconds()));
            pm.put("findings", findingMaps(p.findings()));
            ps.add(pm);
        }
        m.put("providers", ps);
        m.put("findings", findingMaps(findings));
        return m;
    }

    private static List<Object> findingMaps(List<Finding> findings) {
        List<Object> out = new ArrayList<>();
        for (Finding fd : findings) {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("severity", fd.severity().name().toLowerCase(java.util.Locale.ROOT));
            fm.put("code", fd.code());
            fm.put("message", fd.message());
            fm.put("fix", fd.fix());
            out.add(fm);
        }
        return out;
    }

    private static List<Object> ranges(List<TimeRange> ranges) {
        List<Object> out = new ArrayList<>();
        ranges.forEach(t -> out.add(List.of(r(t.startSeconds()), r(t.endSeconds()))));
        return out;
    }

    private static Object r(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return null;
        }
        return BigDecimal.valueOf(v).setScale(3, RoundingMode.HALF_EVEN).stripTrailingZeros();
    }
}
