package io.voicerouter.router;

import io.voicerouter.error.VoiceException;

import java.util.List;
import java.util.stream.Collectors;

/** No provider in the chain could speak the request; {@link #attempts()} says why for each. */
public class AllProvidersFailedException extends VoiceException {
    private final transient List<Attempt> attempts;

    public AllProvidersFailedException(String language, List<Attempt> attempts) {
        super("No voice provider could speak this request (language " + language + "): "
                + attempts.stream().map(AllProvidersFailedException::describe).collect(Collectors.joining("; ")));
        this.attempts = List.copyOf(attempts);
    }

    public List<Attempt> attempts() {
        return attempts;
    }

    static String describe(Attempt a) {
        if (a instanceof Attempt.Skipped s) {
            return s.providerId() + " skipped (" + s.reason() + (s.detail().isEmpty() ? "" : ": " + s.detail()) + ")";
        }
        if (a instanceof Attempt.Failed f) {
            return f.providerId() + " failed (" + f.kind() + ": " + f.message() + ")";
        }
        return a.providerId() + " succeeded";
    }
}
