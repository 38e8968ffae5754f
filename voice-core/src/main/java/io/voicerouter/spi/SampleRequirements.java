package io.voicerouter.spi;

/**
 * The reference-recording durations a cloning provider accepts, in seconds: a sample outside
 * [min, max] is rejected, one inside [optimalMin, optimalMax] gives the best results.
 */
public record SampleRequirements(double minSeconds, double optimalMinSeconds, double optimalMaxSeconds,
                                 double maxSeconds) {
    public SampleRequirements {
        if (!(0 < minSeconds && minSeconds <= optimalMinSeconds && optimalMinSeconds <= optimalMaxSeconds
                && optimalMaxSeconds <= maxSeconds)) {
            throw new IllegalArgumentException("need 0 < min <= optimalMin <= optimalMax <= max");
        }
    }

    public boolean accepts(double seconds) {
        return seconds >= minSeconds && seconds <= maxSeconds;
    }

    public boolean isOptimal(double seconds) {
        return seconds >= optimalMinSeconds && seconds <= optimalMaxSeconds;
    }
}
