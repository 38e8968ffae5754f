package io.voicerouter.cloud;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A list fetched once, on first use, and kept for the life of the provider (a service's voice
 * list). Concurrent first callers share one fetch; a failed fetch is not cached, so the next call
 * tries again. Thread-safe.
 */
final class OnceCache<T> {
    private final Supplier<? extends List<T>> fetch;
    private volatile List<T> cached;

    OnceCache(Supplier<? extends List<T>> fetch) {
        this.fetch = Objects.requireNonNull(fetch, "fetch");
    }

    /** The list, fetching it now if no call has yet; what the fetch throws passes through. */
    List<T> get() {
        List<T> v = cached;
        if (v == null) {
            synchronized (this) {
                v = cached;
                if (v == null) {
                    v = List.copyOf(fetch.get());
                    cached = v;
                }
            }
        }
        return v;
    }

    /** The list if it was fetched already; never fetches. */
    Optional<List<T>> ifFetched() {
        return Optional.ofNullable(cached);
    }
}
