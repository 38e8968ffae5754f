package io.voicerouter.samples;

import io.voicerouter.spi.SampleRequirements;
import java.util.List;
import java.util.Objects;

/**
 * How well one sample suits one cloning provider.
 *
 * @param providerId     the provider
 * @param requirements   its duration range
 * @param usableSeconds  the duration once leading and trailing silence beyond 0.25 s is trimmed
 * @param durationFit    where that duration falls in the range
 * @param durationFactor 1 in the optimum, down to 0.7 at the range's ends, 0 outside it
 * @param score          recording score x duration factor, in [0, 1]
 * @param findings       duration findings for this provider
 */
public record ProviderAssessment(String providerId, SampleRequirements requirements, double usableSeconds,
                                 DurationFit durationFit, double durationFactor, double score,
                                 List<Finding> findings) {
    public enum DurationFit { TOO_SHORT, ACCEPTABLE, OPTIMAL, TOO_LONG }

    public ProviderAssessment {
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(requirements, "requirements");
        Objects.requireNonNull(durationFit, "durationFit");
        findings = List.copyOf(findings);
    }

    /** Whether the provider accepts the sample's duration at all. */
    public boolean usable() {
        return durationFit == DurationFit.ACCEPTABLE || durationFit == DurationFit.OPTIMAL;
    }
}
