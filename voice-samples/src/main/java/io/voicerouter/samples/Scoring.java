package io.voicerouter.samples;

import io.voicerouter.samples.Finding.Severity;
import io.voicerouter.samples.ProviderAssessment.DurationFit;
import io.voicerouter.spi.SampleRequirements;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The quality_score formula and the findings; the thresholds are documented in the README. */
final class Scoring {
    static final double SNR_TARGET_DB = 20;
    static final double SNR_BAD_DB = 10;
    static final double SILENCE_KEEP_SECONDS = 0.25;
    static final double SILENCE_WARN_SECONDS = 1.0;
    static final double PAUSE_WARN_SECONDS = 2.0;
    static final double DC_WARN = 0.01;

    private Scoring() {
    }

    /** The provider-independent part of the score: a weighted sum of seven components in [0, 1]. */
    static double recordingScore(SourceFormat format, SampleMetrics m, int totalSamples) {
        double snr = clamp((m.snrDb() - 5) / 20);
        double clippedShare = totalSamples == 0 ? 0 : (double) m.clippedSamples() / totalSamples;
        double clipping = m.clipRuns() == 0 && m.longestClipRun() < 3 ? 1 : clamp(1 - clippedShare / 0.001);
        double loudness = ramp(m.integratedLufs(), -40, -26, -14, -5);
        double consistency = clamp(1 - (m.tooQuietShare() + m.tooLoudShare()) / 0.3);
        double speech = clamp(m.speechRatio() / 0.6);
        double fmt = formatScore(format);
        double dc = clamp(1 - (Math.abs(m.dcOffset()) - DC_WARN) / 0.09);
        return 0.35 * snr + 0.20 * clipping + 0.10 * loudness + 0.10 * consistency + 0.15 * speech
                + 0.05 * fmt + 0.05 * dc;
    }

    static double formatScore(SourceFormat f) {
        double s = f.sampleRate() >= 22_050 ? 1 : f.sampleRate() >= 16_000 ? 0.7 : 0.3;
        if (!f.lossy() && f.bitsPerSample() < 16) {
            s *= 0.7;
        }
        if (f.lossy() && f.bitrateKbps() < 96) {
            s *= 0.8;
        }
        return s;
    }

    static ProviderAssessment assess(SampleProfile profile, double duration, SampleMetrics m, double recording) {
        SampleRequirements req = profile.requirements();
        double usable = usableSeconds(duration, m);
        DurationFit fit = usable < req.minSeconds() ? DurationFit.TOO_SHORT
                : usable > req.maxSeconds() ? DurationFit.TOO_LONG
                : req.isOptimal(usable) ? DurationFit.OPTIMAL : DurationFit.ACCEPTABLE;
        double factor = durationFactor(req, usable);
        List<Finding> findings = new ArrayList<>();
        String id = profile.providerId();
        String range = String.format(Locale.ROOT, "%s takes %s-%s s, best %s-%s s", id, n(req.minSeconds()),
                n(req.maxSeconds()), n(req.optimalMinSeconds()), n(req.optimalMaxSeconds()));
        switch (fit) {
            case TOO_SHORT -> findings.add(new Finding(Severity.ERROR, "duration_too_short",
                    String.format(Locale.ROOT, "%.1f s of usable audio is too short for %s (%s)", usable, id, range),
                    String.format(Locale.ROOT, "record at least %.1f s more speech, or add more samples to join",
                            req.minSeconds() - usable)));
            case TOO_LONG -> findings.add(new Finding(Severity.ERROR, "duration_too_long",
                    String.format(Locale.ROOT, "%.1f s is too long for %s (%s)", usable, id, range),
                    String.format(Locale.ROOT, "trim it to %s-%s s of your best speech",
                            n(req.optimalMinSeconds()), n(req.optimalMaxSeconds()))));
            case ACCEPTABLE -> findings.add(new Finding(Severity.INFO, "duration_not_optimal",
                    String.format(Locale.ROOT, "%.1f s works for %s, but %s", usable, id, range),
                    usable < req.optimalMinSeconds()
                            ? String.format(Locale.ROOT, "add about %.1f s of speech", req.optimalMinSeconds() - usable)
                            : String.format(Locale.ROOT, "trim about %.1f s", usable - req.optimalMaxSeconds())));
            case OPTIMAL -> {
            }
        }
        return new ProviderAssessment(id, req, usable, fit, factor, recording * factor, findings);
    }

    /** 1 in the optimum, falling linearly to 0.7 at the range's ends, 0 outside the range. */
    static double durationFactor(SampleRequirements req, double seconds) {
        if (!req.accepts(seconds)) {
            return 0;
        }
        if (req.isOptimal(seconds)) {
            return 1;
        }
        return seconds < req.optimalMinSeconds()
                ? 0.7 + 0.3 * (seconds - req.minSeconds()) / nonZero(req.optimalMinSeconds() - req.minSeconds())
                : 0.7 + 0.3 * (req.maxSeconds() - seconds) / nonZero(req.maxSeconds() - req.optimalMaxSeconds());
    }

    static double usableSeconds(double duration, SampleMetrics m) {
        return Math.max(0, duration - Math.max(0, m.leadingSilenceSeconds() - SILENCE_KEEP_SECONDS)
                - Math.max(0, m.trailingSilenceSeconds() - SILENCE_KEEP_SECONDS));
    }

    static List<Finding> findings(SourceFormat f, double duration, SampleMetrics m) {
        List<Finding> out = new ArrayList<>();
        if (m.speechSeconds() == 0) {
            out.add(new Finding(Severity.ERROR, "no_speech", "no speech was detected",
                    "record yourself speaking: check that the right microphone is selected and not muted"));
        }
        if (m.snrDb() < SNR_TARGET_DB) {
            out.add(new Finding(m.snrDb() < SNR_BAD_DB ? Severity.ERROR : Severity.WARNING, "noise",
                    String.format(Locale.ROOT, "background noise: SNR about %.0f dB (target above %.0f dB)",
                            m.snrDb(), SNR_TARGET_DB),
                    "record in a quiet room, away from fans and traffic, closer to the microphone"));
        }
        if (m.clipRuns() > 0 || m.longestClipRun() >= 3) {
            out.add(new Finding(m.clipRuns() > 10 ? Severity.ERROR : Severity.WARNING, "clipping",
                    String.format(Locale.ROOT, "%d clipped samples in %d runs (longest %d samples)",
                            m.clippedSamples(), m.clipRuns(), m.longestClipRun()),
                    "lower the input gain or move a little further from the microphone, then record again"));
        }
        if (m.integratedLufs() < -30 && m.speechSeconds() > 0) {
            out.add(new Finding(Severity.WARNING, "too_quiet",
                    String.format(Locale.ROOT, "the recording is quiet: %.1f LUFS", m.integratedLufs()),
                    "record closer to the microphone or raise the input gain (aim for about -20 LUFS)"));
        } else if (m.integratedLufs() > -10) {
            out.add(new Finding(Severity.WARNING, "too_loud",
                    String.format(Locale.ROOT, "the recording is very loud: %.1f LUFS", m.integratedLufs()),
                    "lower the input gain (aim for about -20 LUFS)"));
        }
        if (!m.loudSegments().isEmpty()) {
            TimeRange t = m.loudSegments().get(0);
            out.add(new Finding(Severity.WARNING, "loud_burst",
                    String.format(Locale.ROOT, "%.0f%% of the recording is much louder than the speech, first at %.1f-%.1f s",
                            100 * m.tooLoudShare(), t.startSeconds(), t.endSeconds()),
                    String.format(Locale.ROOT, "cut the noise at %.1f s or record again without it", t.startSeconds())));
        }
        if (m.tooQuietShare() > 0.15) {
            TimeRange t = m.quietSegments().get(0);
            out.add(new Finding(Severity.WARNING, "inconsistent_volume",
                    String.format(Locale.ROOT, "%.0f%% of the speech is much quieter than the rest, first at %.1f s",
                            100 * m.tooQuietShare(), t.startSeconds()),
                    "keep the same distance to the microphone while you speak"));
        }
        if (m.leadingSilenceSeconds() > SILENCE_WARN_SECONDS && m.speechSeconds() > 0) {
            out.add(new Finding(Severity.WARNING, "leading_silence",
                    String.format(Locale.ROOT, "%.1f s of silence at the start", m.leadingSilenceSeconds()),
                    String.format(Locale.ROOT, "trim %.1f s of silence at the start",
                            m.leadingSilenceSeconds() - SILENCE_KEEP_SECONDS)));
        }
        if (m.trailingSilenceSeconds() > SILENCE_WARN_SECONDS && m.speechSeconds() > 0) {
            out.add(new Finding(Severity.WARNING, "trailing_silence",
                    String.format(Locale.ROOT, "%.1f s of silence at the end", m.trailingSilenceSeconds()),
                    String.format(Locale.ROOT, "trim %.1f s of silence at the end",
                            m.trailingSilenceSeconds() - SILENCE_KEEP_SECONDS)));
        }
        if (m.longestPauseSeconds() > PAUSE_WARN_SECONDS) {
            out.add(new Finding(Severity.INFO, "long_pause",
                    String.format(Locale.ROOT, "a %.1f s pause at %.1f s", m.longestPauseSeconds(),
                            m.longestPause().startSeconds()),
                    String.format(Locale.ROOT, "shorten the pause at %.1f s to under a second",
                            m.longestPause().startSeconds())));
        }
        if (m.speechSeconds() > 0 && m.speechRatio() < 0.5) {
            out.add(new Finding(Severity.WARNING, "little_speech",
                    String.format(Locale.ROOT, "only %.0f%% of the recording is speech", 100 * m.speechRatio()),
                    "speak continuously and cut long silences"));
        }
        if (Math.abs(m.dcOffset()) > DC_WARN) {
            out.add(new Finding(Severity.WARNING, "dc_offset",
                    String.format(Locale.ROOT, "DC offset of %.1f%% of full scale", 100 * m.dcOffset()),
                    "remove the DC offset (the SDK's clean-up does this), or check the microphone and sound card"));
        }
        formatFindings(f, out);
        return out;
    }

    private static void formatFindings(SourceFormat f, List<Finding> out) {
        if (f.sampleRate() < 16_000) {
            out.add(new Finding(Severity.WARNING, "low_sample_rate",
                    f.sampleRate() + " Hz loses the upper half of the voice's spectrum",
                    "record at 22050 Hz or 48000 Hz"));
        } else if (f.sampleRate() != 22_050 && f.sampleRate() != 48_000) {
            out.add(new Finding(Severity.INFO, "sample_rate", f.sampleRate() + " Hz works; 22050 or 48000 Hz is preferred",
                    "record at 22050 Hz or 48000 Hz"));
        }
        if (!f.lossy() && f.bitsPerSample() < 16) {
            out.add(new Finding(Severity.WARNING, "low_bit_depth", f.bitsPerSample() + "-bit audio is noisy",
                    "record with at least 16 bits per sample"));
        }
        if (f.lossy()) {
            out.add(new Finding(f.bitrateKbps() < 96 ? Severity.WARNING : Severity.INFO, "lossy_format",
                    String.format(Locale.ROOT, "MP3 at %d kbps", f.bitrateKbps()),
                    f.bitrateKbps() < 96 ? "upload a WAV, or an MP3 of at least 128 kbps" : "a WAV file is preferred"));
        }
        if (f.channels() > 1) {
            out.add(new Finding(Severity.INFO, "channels", f.channels() + " channels will be mixed to mono",
                    "record in mono"));
        }
    }

    private static double ramp(double v, double zeroLow, double oneLow, double oneHigh, double zeroHigh) {
        if (v < oneLow) {
            return clamp((v - zeroLow) / (oneLow - zeroLow));
        }
        if (v > oneHigh) {
            return clamp((zeroHigh - v) / (zeroHigh - oneHigh));
        }
        return 1;
    }

    private static double clamp(double v) {
        return Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
    }

    private static double nonZero(double v) {
        return v == 0 ? 1 : v;
    }

    private static String n(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
