package io.voicerouter.router.internal;

import io.voicerouter.audio.AudioData;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Identical streams in flight share one synthesis: the first request for a key leads (calls the
 * provider and publishes each chunk), later ones follow (replay what was published, then get each
 * new chunk as it comes). Keys are cache-key digests, so "identical" means what the cache means.
 */
final class StreamHub {
    private final Map<String, Broadcast> running = new ConcurrentHashMap<>();

    /** The broadcast for {@code key}: {@code leader} is true for the request that must make it. */
    record Membership(Broadcast broadcast, boolean leader) {
    }

    Membership join(String key) {
        Broadcast mine = new Broadcast();
        Broadcast existing = running.putIfAbsent(key, mine);
        return existing == null ? new Membership(mine, true) : new Membership(existing, false);
    }

    void leave(String key, Broadcast b) {
        running.remove(key, b);
    }

    /** How a follower's replay ended. */
    sealed interface Ending {
        record Completed(AudioData audio, Map<String, String> metadata) implements Ending {
        }

        /** The leader's synthesis failed; every follower ends with its error. */
        record Failed(Throwable error) implements Ending {
        }

        /** The leader's own request stopped (cancelled, timed out): not the provider's fault. */
        record Abandoned() implements Ending {
        }
    }

    /** The chunks of one synthesis, kept until it ends, for every follower to replay. Thread-safe. */
    static final class Broadcast {
        private final List<AudioData> chunks = new ArrayList<>();
        private Ending ending;

        synchronized void publish(AudioData chunk) {
            chunks.add(chunk);
            notifyAll();
        }

        synchronized void end(Ending how) {
            if (ending == null) {
                ending = how;
                notifyAll();
            }
        }

        /**
         * Hands every chunk, in order, to {@code out} on the calling thread (outside the lock), until
         * the leader ends. An interrupt of the follower ends its wait.
         */
        Ending follow(Consumer<AudioData> out) throws InterruptedException {
            int next = 0;
            while (true) {
                AudioData chunk;
                synchronized (this) {
                    while (next == chunks.size() && ending == null) {
                        wait();
                    }
                    if (next == chunks.size()) {
                        return ending;
                    }
                    chunk = chunks.get(next);
                }
                next++;
                out.accept(chunk);
            }
        }
    }
}
