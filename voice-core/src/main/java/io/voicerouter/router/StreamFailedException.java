package io.voicerouter.router;

import io.voicerouter.error.VoiceException;

import java.util.List;

/**
 * A stream failed after its first chunk had been delivered. The router never switches voice in the
 * middle of a line, so there is no fallback: the stream ends here. {@link #attempts()} is the trace,
 * its last entry the failure of {@link #providerId()}.
 */
public class StreamFailedException extends VoiceException {
    private final transient List<Attempt> attempts;
    private final String providerId;
    private final int chunksDelivered;

    public StreamFailedException(String language, String providerId, int chunksDelivered, List<Attempt> attempts) {
        super("The stream from " + providerId + " broke after " + chunksDelivered + " chunks (language " + language
                + "); no fallback after audio was heard: " + AllProvidersFailedException.describe(attempts.get(attempts.size() - 1)));
        this.attempts = List.copyOf(attempts);
        this.providerId = providerId;
        this.chunksDelivered = chunksDelivered;
    }

    /** Every provider considered, in order; the last is the one whose stream broke. */
    public List<Attempt> attempts() {
        return attempts;
    }

    public String providerId() {
        return providerId;
    }

    /** How many chunks the caller had received before it broke. */
    public int chunksDelivered() {
        return chunksDelivered;
    }
}
