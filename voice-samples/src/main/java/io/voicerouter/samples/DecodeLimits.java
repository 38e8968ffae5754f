package io.voicerouter.samples;

/**
 * Bounds that keep a hostile or broken file from exhausting memory: decoding stops with a
 * {@link SampleTooLargeException} past {@code maxSeconds} of audio.
 */
public record DecodeLimits(double maxSeconds, int maxChannels) {
    /** Ten minutes, eight channels: far beyond any reference sample, far below any memory trouble. */
    public static final DecodeLimits DEFAULT = new DecodeLimits(600, 8);

    public DecodeLimits {
        if (!(maxSeconds > 0) || maxChannels < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    long maxFrames(int sampleRate) {
        return (long) Math.ceil(maxSeconds * sampleRate);
    }
}
