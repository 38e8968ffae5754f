package io.voicerouter.samples;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@link SampleFetcher} may fetch. The defaults are safe for URLs typed by end users:
 * http and https to public addresses only, no {@code file:} URLs, 25 MiB, 5 s to connect, 30 s
 * in all, at most 3 redirects and none to another scheme. Immutable; build with {@link #builder()}.
 */
public final class FetchPolicy {
    private final long maxBytes;
    private final Duration connectTimeout;
    private final Duration totalTimeout;
    private final int maxRedirects;
    private final boolean allowPlainHttp;
    private final boolean allowPrivateNetworks;
    private final List<Path> fileRoots;

    private FetchPolicy(Builder b) {
        this.maxBytes = b.maxBytes;
        this.connectTimeout = b.connectTimeout;
        this.totalTimeout = b.totalTimeout;
        this.maxRedirects = b.maxRedirects;
        this.allowPlainHttp = b.allowPlainHttp;
        this.allowPrivateNetworks = b.allowPrivateNetworks;
        this.fileRoots = List.copyOf(b.fileRoots);
    }

    public static FetchPolicy defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public long maxBytes() {
        return maxBytes;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration totalTimeout() {
        return totalTimeout;
    }

    public int maxRedirects() {
        return maxRedirects;
    }

    public boolean allowPlainHttp() {
        return allowPlainHttp;
    }

    public boolean allowPrivateNetworks() {
        return allowPrivateNetworks;
    }

    /** Directories whose files {@code file:} URLs may name; empty means no {@code file:} URL at all. */
    public List<Path> fileRoots() {
        return fileRoots;
    }

    public static final class Builder {
        private long maxBytes = 25L * 1024 * 1024;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration totalTimeout = Duration.ofSeconds(30);
        private int maxRedirects = 3;
        private boolean allowPlainHttp = true;
        private boolean allowPrivateNetworks;
        private final List<Path> fileRoots = new ArrayList<>();

        private Builder() {
        }

        public Builder maxBytes(long maxBytes) {
            if (maxBytes <= 0) {
                throw new IllegalArgumentException("maxBytes must be positive");
            }
            this.maxBytes = maxBytes;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout);
            return this;
        }

        /** Time for the whole fetch, redirects and body included. */
        public Builder totalTimeout(Duration timeout) {
            this.totalTimeout = positive(timeout);
            return this;
        }

        public Builder maxRedirects(int maxRedirects) {
            if (maxRedirects < 0) {
                throw new IllegalArgumentException("maxRedirects must not be negative");
            }
            this.maxRedirects = maxRedirects;
            return this;
        }

        /** Whether plain {@code http:} URLs are fetched (default true; https is always allowed). */
        public Builder allowPlainHttp(boolean allow) {
            this.allowPlainHttp = allow;
            return this;
        }

        /**
         * Whether hosts that resolve to loopback, private, link-local (cloud metadata) or other
         * non-public addresses may be fetched. Off by default: a user-supplied URL must not reach
         * the host's internal services.
         */
        public Builder allowPrivateNetworks(boolean allow) {
            this.allowPrivateNetworks = allow;
            return this;
        }

        /** Lets {@code file:} URLs read files below {@code directory} (symbolic links resolved). */
        public Builder allowFileRoot(Path directory) {
            this.fileRoots.add(Objects.requireNonNull(directory, "directory"));
            return this;
        }

        public FetchPolicy build() {
            return new FetchPolicy(this);
        }

        private static Duration positive(Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            return d;
        }
    }
}
