package io.voicerouter.state;

import io.voicerouter.router.Attempt;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link RequestListener} learns of one finished request: whose it was, how many characters
 * its text has (code points), every provider considered in order, how long the whole request took
 * and when it ended. The provider that spoke is the last attempt when it is
 * {@link Attempt.Succeeded}; its {@code cached} flag says whether a synthesis ran.
 */
public record FinishedRequest(Optional<String> personalityId, long characters, String language,
                              List<Attempt> attempts, Duration latency, Instant finishedAt) {
    public FinishedRequest {
        Objects.requireNonNull(personalityId, "personalityId");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(finishedAt, "finishedAt");
        attempts = List.copyOf(attempts);
    }

    /** The successful attempt, when a provider (or the cache on its behalf) produced the audio. */
    public Optional<Attempt.Succeeded> success() {
        return attempts.isEmpty() || !(attempts.get(attempts.size() - 1) instanceof Attempt.Succeeded s)
                ? Optional.empty() : Optional.of(s);
    }
}
