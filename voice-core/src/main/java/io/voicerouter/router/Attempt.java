package io.voicerouter.router;

import io.voicerouter.error.ErrorKind;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What happened to one provider the router considered for one request, in order. A fallback is
 * always visible: every provider before the one that succeeded appears as {@link Skipped} or
 * {@link Failed}.
 */
public sealed interface Attempt {
    String providerId();

    /** Time spent on this provider, including retries; zero for skips. */
    Duration elapsed();

    /**
     * The provider made the audio, or the cache had it. {@code tries} is the most calls one piece of
     * the text needed (1: no retry; a paragraph made sentence by sentence is still 1), 0 when the
     * cache or another request's synthesis served it. {@code notes} tell what else happened on the
     * way that did not stop it, e.g. "cache tier redis skipped: connection refused".
     */
    record Succeeded(String providerId, Duration elapsed, boolean cached, int tries, List<String> notes)
            implements Attempt {
        public Succeeded {
            Objects.requireNonNull(providerId);
            Objects.requireNonNull(elapsed);
            notes = List.copyOf(notes);
        }

        public Succeeded(String providerId, Duration elapsed, boolean cached, int tries) {
            this(providerId, elapsed, cached, tries, List.of());
        }
    }

    /** The provider was not called. */
    record Skipped(String providerId, SkipReason reason, String detail) implements Attempt {
        public Skipped {
            Objects.requireNonNull(providerId);
            Objects.requireNonNull(reason);
            Objects.requireNonNull(detail);
        }

        @Override
        public Duration elapsed() {
            return Duration.ZERO;
        }
    }

    /** The provider was called (perhaps more than once) and failed. */
    record Failed(String providerId, ErrorKind kind, String message, Duration elapsed, int tries)
            implements Attempt {
        public Failed {
            Objects.requireNonNull(providerId);
            Objects.requireNonNull(kind);
            Objects.requireNonNull(message);
            Objects.requireNonNull(elapsed);
        }
    }
}
