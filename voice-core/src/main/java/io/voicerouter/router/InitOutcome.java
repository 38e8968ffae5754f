package io.voicerouter.router;

import java.time.Duration;
import java.util.Objects;

/**
 * How one provider's {@code initialize()} went.
 *
 * @param state   READY, FAILED (the provider is skipped as UNAVAILABLE with {@code detail}), or PENDING
 *                (still running when {@link VoiceRouter#initialize()} stopped waiting; it becomes usable
 *                by itself once it finishes)
 * @param detail  why it failed, or empty
 * @param elapsed how long it took, or had taken when the router stopped waiting
 */
public record InitOutcome(State state, String detail, Duration elapsed) {
    public enum State { READY, FAILED, PENDING }

    public InitOutcome {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(elapsed, "elapsed");
    }

    public boolean ready() {
        return state == State.READY;
    }
}
