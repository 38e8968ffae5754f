package io.voicerouter.router;

import io.voicerouter.error.VoiceException;

import java.util.List;
import java.util.Optional;

/**
 * A blocking {@link VoiceRouter#synthesize} or {@link VoiceRouter#stream} was cancelled by its caller:
 * its {@link CancelSignal} was cancelled, or its thread interrupted. Not a provider's failure: no
 * fallback was tried and the provider was not blamed. {@link #attempts()} are the providers decided
 * before the cancel (skipped or failed ones); {@link #providerAtWork()} the one whose call it stopped.
 */
public class SpeechCancelledException extends VoiceException {
    private final transient List<Attempt> attempts;
    private final String providerAtWork;

    public SpeechCancelledException(String message, List<Attempt> attempts, Optional<String> providerAtWork) {
        super(message + providerAtWork.map(p -> " (while " + p + " was working)").orElse(""));
        this.attempts = List.copyOf(attempts);
        this.providerAtWork = providerAtWork.orElse(null);
    }

    /** The trace before the cancel: providers skipped or failed earlier in the chain. */
    public List<Attempt> attempts() {
        return attempts;
    }

    /** The provider whose call the cancel interrupted; empty when it came before or between calls. */
    public Optional<String> providerAtWork() {
        return Optional.ofNullable(providerAtWork);
    }
}
