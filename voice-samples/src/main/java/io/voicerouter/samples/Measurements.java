package io.voicerouter.samples;

import io.voicerouter.audio.AudioData;
import java.util.ArrayList;
import java.util.List;

/** The signal measurements behind {@link SampleMetrics}; each method is one measurement. */
final class Measurements {
    /** Pauses shorter than this inside speech are part of the speech (stops, breaths between words). */
    static final double MIN_PAUSE_SECONDS = 0.2;
    static final double SPEECH_ON = 0.5;
    static final double SPEECH_OFF = 0.35;
    static final double TOO_LOUD_LU = 8;
    static final double TOO_QUIET_LU = 10;

    private Measurements() {
    }

    record Clipping(int clipped, int runs, int longestRun) {
    }

    /** Full scale is the largest code the format holds: 32767/32768 for 16-bit, 1.0 for float. */
    static Clipping clipping(AudioData audio, int bitsPerSample) {
        double fullScale = bitsPerSample >= 2 && bitsPerSample < 24
                ? (Math.pow(2, bitsPerSample - 1) - 1) / Math.pow(2, bitsPerSample - 1) : 0.999;
        fullScale = Math.min(fullScale, 0.999) - 1e-6;
        int ch = audio.channels();
        int clipped = 0;
        int runs = 0;
        int longest = 0;
        for (int c = 0; c < ch; c++) {
            int run = 0;
            for (int f = 0; f <= audio.frames(); f++) {
                boolean full = f < audio.frames() && Math.abs(audio.sampleAt(f * ch + c)) >= fullScale;
                if (full) {
                    clipped++;
                    run++;
                } else {
                    if (run >= 3) {
                        runs++;
                    }
                    longest = Math.max(longest, run);
                    run = 0;
                }
            }
        }
        return new Clipping(clipped, runs, longest);
    }

    static double dcOffset(AudioData mono) {
        double sum = 0;
        for (int i = 0; i < mono.frames(); i++) {
            sum += mono.sampleAt(i);
        }
        return mono.frames() == 0 ? 0 : sum / mono.frames();
    }

    static double peakDbfs(AudioData audio) {
        double peak = audio.peak();
        return peak <= 0 ? -Double.MAX_VALUE : 20 * Math.log10(peak);
    }

    /** Speech segments from VAD probabilities, with hysteresis and short pauses bridged. */
    static List<TimeRange> speechSegments(float[] probabilities, double windowSeconds, double duration) {
        List<TimeRange> raw = new ArrayList<>();
        boolean speaking = false;
        int start = 0;
        for (int w = 0; w <= probabilities.length; w++) {
            double p = w < probabilities.length ? probabilities[w] : 0;
            if (!speaking && p >= SPEECH_ON) {
                speaking = true;
                start = w;
            } else if (speaking && p < SPEECH_OFF) {
                speaking = false;
                raw.add(new TimeRange(start * windowSeconds, Math.min(duration, w * windowSeconds)));
            }
        }
        List<TimeRange> merged = new ArrayList<>();
        for (TimeRange t : raw) {
            if (!merged.isEmpty() && t.startSeconds() - merged.get(merged.size() - 1).endSeconds() < MIN_PAUSE_SECONDS) {
                TimeRange last = merged.remove(merged.size() - 1);
                merged.add(new TimeRange(last.startSeconds(), t.endSeconds()));
            } else {
                merged.add(t);
            }
        }
        // a lone window over the threshold is a click or a breath, not speech
        merged.removeIf(t -> t.seconds() < 2 * windowSeconds && merged.size() > 1);
        return merged;
    }

    record Consistency(double tooQuietShare, double tooLoudShare, List<TimeRange> quiet, List<TimeRange> loud) {
    }

    /**
     * 1 s windows every 0.5 s. The reference is the median loudness of the windows that are mostly
     * speech; a speech window 10 LU below it is too quiet, any window 8 LU above it is too loud (a
     * bang in a pause counts, a quiet pause does not).
     */
    static Consistency consistency(Loudness loudness, List<TimeRange> speech) {
        double win = 1.0;
        double hop = 0.5;
        double[] l = loudness.windows(win, hop);
        List<Double> speechLevels = new ArrayList<>();
        boolean[] isSpeech = new boolean[l.length];
        for (int i = 0; i < l.length; i++) {
            double s = i * hop;
            isSpeech[i] = overlap(speech, s, s + win) >= win / 2 && l[i] > -70;
            if (isSpeech[i]) {
                speechLevels.add(l[i]);
            }
        }
        if (speechLevels.isEmpty()) {
            return new Consistency(0, 0, List.of(), List.of());
        }
        double[] sorted = speechLevels.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = sorted[sorted.length / 2];
        int quiet = 0;
        int loud = 0;
        List<TimeRange> quietRanges = new ArrayList<>();
        List<TimeRange> loudRanges = new ArrayList<>();
        int counted = 0;
        for (int i = 0; i < l.length; i++) {
            boolean tooLoud = l[i] > median + TOO_LOUD_LU;
            boolean tooQuiet = isSpeech[i] && l[i] < median - TOO_QUIET_LU;
            if (isSpeech[i] || tooLoud) {
                counted++;
            }
            if (tooLoud) {
                loud++;
                addRange(loudRanges, i * hop, i * hop + win);
            } else if (tooQuiet) {
                quiet++;
                addRange(quietRanges, i * hop, i * hop + win);
            }
        }
        return new Consistency((double) quiet / counted, (double) loud / counted, quietRanges, loudRanges);
    }

    private static void addRange(List<TimeRange> ranges, double start, double end) {
        if (!ranges.isEmpty() && ranges.get(ranges.size() - 1).endSeconds() >= start) {
            TimeRange last = ranges.remove(ranges.size() - 1);
            ranges.add(new TimeRange(last.startSeconds(), Math.max(end, last.endSeconds())));
        } else {
            ranges.add(new TimeRange(start, end));
        }
    }

    static double overlap(List<TimeRange> ranges, double start, double end) {
        double total = 0;
        for (TimeRange t : ranges) {
            total += Math.max(0, Math.min(end, t.endSeconds()) - Math.max(start, t.startSeconds()));
        }
        return total;
    }

    static TimeRange longestPause(List<TimeRange> speech) {
        TimeRange best = new TimeRange(0, 0);
        for (int i = 1; i < speech.size(); i++) {
            TimeRange gap = new TimeRange(speech.get(i - 1).endSeconds(), speech.get(i).startSeconds());
            if (gap.seconds() > best.seconds()) {
                best = gap;
            }
        }
        return best;
    }
}
