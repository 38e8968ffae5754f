package io.voicerouter.samples;

/** A stretch of a sample, in seconds from its start. */
public record TimeRange(double startSeconds, double endSeconds) {
    public TimeRange {
        if (!(startSeconds >= 0 && endSeconds >= startSeconds)) {
            throw new IllegalArgumentException("bad range " + startSeconds + ".." + endSeconds);
        }
    }

    public double seconds() {
        return endSeconds - startSeconds;
    }
}
