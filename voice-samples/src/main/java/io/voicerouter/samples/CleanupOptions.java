package io.voicerouter.samples;

/**
 * What {@link SampleCleaner} does.
 *
 * @param trimSilence       cut leading and trailing silence down to {@value #KEEP_SECONDS} s
 * @param removeDc          subtract the mean and high-pass below about 15 Hz
 * @param normalizeLoudness bring the integrated loudness to {@code targetLufs}, peaks kept below -1 dBFS
 * @param targetLufs        the loudness target; -20 LUFS by default, a common level for voice references
 */
public record CleanupOptions(boolean trimSilence, boolean removeDc, boolean normalizeLoudness, double targetLufs) {
    public static final double KEEP_SECONDS = 0.25;
    public static final CleanupOptions ALL = new CleanupOptions(true, true, true, -20);

    public CleanupOptions {
        if (!(targetLufs < 0 && targetLufs > -70)) {
            throw new IllegalArgumentException("targetLufs must be between -70 and 0");
        }
    }
}
