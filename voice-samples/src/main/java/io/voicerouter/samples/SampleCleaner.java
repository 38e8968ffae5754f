package io.voicerouter.samples;

import io.voicerouter.audio.AudioData;
import java.util.List;
import java.util.Objects;

/**
 * Optional clean-up of a sample: trim silence, remove DC, normalize loudness. The result is new
 * mono audio at the sample's own rate; the original is never changed (store the result as a new
 * sample, see {@link VoiceSampleLibrary#addCleaned}). Thread-safe.
 */
public final class SampleCleaner {
    private static final double PEAK_CEILING = Math.pow(10, -1.0 / 20);

    private final VoiceSampleAnalyzer analyzer;

    private SampleCleaner(VoiceSampleAnalyzer analyzer) {
        this.analyzer = analyzer;
    }

    /** A cleaner that finds speech with the analyzer's VAD. */
    public static SampleCleaner using(VoiceSampleAnalyzer analyzer) {
        return new SampleCleaner(Objects.requireNonNull(analyzer, "analyzer"));
    }

    public AudioData clean(DecodedSample sample, CleanupOptions options) {
        AudioData audio = sample.audio().toMono();
        float[] x = audio.samples();
        int rate = audio.sampleRate();
        if (options.removeDc()) {
            removeDc(x, rate);
        }
        if (options.trimSilence()) {
            List<TimeRange> speech = analyzer.speech(audio);
            if (!speech.isEmpty()) {
                int keep = (int) Math.round(CleanupOptions.KEEP_SECONDS * rate);
                int from = Math.max(0, (int) Math.floor(speech.get(0).startSeconds() * rate) - keep);
                int to = Math.min(x.length, (int) Math.ceil(speech.get(speech.size() - 1).endSeconds() * rate) + keep);
                x = java.util.Arrays.copyOfRange(x, from, Math.max(from + 1, to));
            }
        }
        AudioData out = AudioData.wrap(x, rate, 1);
        if (options.normalizeLoudness()) {
            out = normalize(out, options.targetLufs());
        }
        return out;
    }

    /** Gain to the target loudness, limited so that the peak stays below -1 dBFS. */
    static AudioData normalize(AudioData audio, double targetLufs) {
        double lufs = Loudness.measure(audio).integrated();
        if (lufs <= Loudness.SILENCE_LUFS) {
            return audio;
        }
        double gain = Math.pow(10, (targetLufs - lufs) / 20);
        double peak = audio.peak();
        if (peak > 0) {
            gain = Math.min(gain, PEAK_CEILING / peak);
        }
        return audio.withGain(gain);
    }

    private static void removeDc(float[] x, int rate) {
        double mean = 0;
        for (float v : x) {
            mean += v;
        }
        mean /= Math.max(1, x.length);
        // one-pole DC blocker at ~15 Hz for offsets that drift
        double r = Math.exp(-2 * Math.PI * 15.0 / rate);
        double prevIn = 0;
        double prevOut = 0;
        for (int i = 0; i < x.length; i++) {
            double in = x[i] - mean;
            double y = in - prevIn + r * prevOut;
            prevIn = in;
            prevOut = y;
            x[i] = (float) y;
        }
    }
}
