package io.voicerouter.samples;

import io.voicerouter.error.VoiceException;
import java.util.Objects;

/** A sample that was asked to serve a provider whose requirements it does not meet. */
public class SampleRejectedException extends VoiceException {
    private final String providerId;
    private final transient SampleQualityReport report;

    public SampleRejectedException(String providerId, SampleQualityReport report, String message) {
        super(message);
        this.providerId = Objects.requireNonNull(providerId);
        this.report = Objects.requireNonNull(report);
    }

    public String providerId() {
        return providerId;
    }

    /** The report that explains why, with its fixes. */
    public SampleQualityReport report() {
        return report;
    }
}
