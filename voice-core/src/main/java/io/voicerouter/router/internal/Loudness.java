package io.voicerouter.router.internal;

import io.voicerouter.audio.AudioData;

/**
 * RMS loudness levelling: scales each result so its RMS level is {@code targetDbfs}, so that a
 * fallback to another engine does not jump in volume. The gain is limited so the peak stays at or
 * below -0.1 dBFS (no clipping) and to at most +20 dB (near-silence is not blown up into noise);
 * silent audio is returned as is. RMS is a rough loudness measure (no K-weighting, no gating), good
 * enough to even out engines whose levels differ by several dB.
 */
public final class Loudness {
    private static final double MAX_GAIN = 10.0;
    private static final double PEAK_CEILING = 0.9886; // -0.1 dBFS

    private Loudness() {
    }

    public static AudioData level(AudioData audio, double targetDbfs) {
        double rms = audio.rms();
        if (rms <= 1e-6) {
            return audio;
        }
        double gain = Math.pow(10, targetDbfs / 20) / rms;
        double peak = audio.peak();
        gain = Math.min(gain, MAX_GAIN);
        if (peak * gain > PEAK_CEILING) {
            gain = PEAK_CEILING / peak;
        }
        return Math.abs(gain - 1) < 1e-4 ? audio : audio.withGain(gain);
    }

    public static double dbfs(double rms) {
        return 20 * Math.log10(rms);
    }
}
