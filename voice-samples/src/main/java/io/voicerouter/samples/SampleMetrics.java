package io.voicerouter.samples;

import java.util.List;

/**
 * Everything measured on one sample; see the module README for how each value is computed.
 *
 * @param snrDb                  noise-floor SNR estimate in dB (100 = no measurable noise)
 * @param wadaSnrDb              WADA-SNR estimate in dB, a second opinion
 * @param clippedSamples         samples at full scale (any channel)
 * @param clipRuns               runs of 3 or more consecutive full-scale samples: real clipping
 * @param longestClipRun         the longest run of consecutive full-scale samples
 * @param peakDbfs               the highest sample, in dB relative to full scale
 * @param integratedLufs         ITU-R BS.1770 integrated loudness (-70 for silence)
 * @param loudnessRangeLu        EBU Tech 3342 loudness range
 * @param tooQuietShare          share of 1 s speech windows more than 10 LU below their median
 * @param tooLoudShare           share of 1 s windows more than 8 LU above the speech median
 * @param loudSegments           where the too-loud windows are
 * @param quietSegments          where the too-quiet windows are
 * @param speechRatio            share of the sample the VAD marks as speech
 * @param speechSeconds          speech time
 * @param leadingSilenceSeconds  time before the first speech
 * @param trailingSilenceSeconds time after the last speech
 * @param longestPauseSeconds    the longest gap between two speech segments
 * @param longestPause           where that gap is (0..0 when there is none)
 * @param dcOffset               mean sample value, as a fraction of full scale
 */
public record SampleMetrics(double snrDb, double wadaSnrDb,
                            int clippedSamples, int clipRuns, int longestClipRun, double peakDbfs,
                            double integratedLufs, double loudnessRangeLu, double tooQuietShare,
                            double tooLoudShare, List<TimeRange> loudSegments, List<TimeRange> quietSegments,
                            double speechRatio, double speechSeconds, double leadingSilenceSeconds,
                            double trailingSilenceSeconds, double longestPauseSeconds, TimeRange longestPause,
                            double dcOffset) {
    public SampleMetrics {
        loudSegments = List.copyOf(loudSegments);
        quietSegments = List.copyOf(quietSegments);
    }
}
