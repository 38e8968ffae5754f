package io.voicerouter.provider.styletts2;

import io.voicerouter.spi.SampleRequirements;

import java.util.Locale;
import java.util.Optional;

/** The quality advice for a reference sample's length, in the words the seed's UI shows. */
final class SampleAdvice {
    private SampleAdvice() {
    }

    /** Why the sample is rejected and what to do, or empty when its length is acceptable. */
    static Optional<String> rejection(double seconds, SampleRequirements req) {
        if (req.accepts(seconds)) {
            return Optional.empty();
        }
        String head = String.format(Locale.ROOT, "sample is %.1f s; StyleTTS2 needs %s-%s s, best %s-%s s: ",
                seconds, n(req.minSeconds()), n(req.maxSeconds()), n(req.optimalMinSeconds()),
                n(req.optimalMaxSeconds()));
        if (seconds < req.minSeconds()) {
            long more = Math.max(1, Math.round(req.optimalMinSeconds() - seconds));
            return Optional.of(head + "record about " + more + " more second" + (more == 1 ? "" : "s"));
        }
        long less = Math.max(1, Math.round(seconds - req.optimalMaxSeconds()));
        return Optional.of(head + "cut about " + less + " second" + (less == 1 ? "" : "s")
                + String.format(Locale.ROOT, " (keep the clearest %s s)", n(req.optimalMaxSeconds())));
    }

    /** A hint for an accepted but not optimal sample, or empty. */
    static Optional<String> hint(double seconds, SampleRequirements req) {
        if (!req.accepts(seconds) || req.isOptimal(seconds)) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "sample is %.1f s; StyleTTS2 works best with %s-%s s",
                seconds, n(req.optimalMinSeconds()), n(req.optimalMaxSeconds())));
    }

    private static String n(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
