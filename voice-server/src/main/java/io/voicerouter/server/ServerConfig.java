package io.voicerouter.server;

import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.TtsProvider;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link VoiceServer} listens, whom it lets in and how much it takes. Immutable; build with
 * {@link #builder(Path)}. The defaults are safe for a single host: loopback only, CORS off, the
 * OpenAI limits on text, and a per-key rate limit.
 */
public final class ServerConfig {
    /** OpenAI's voice names, each mapped to a distinct espeak-ng voice so an unmodified client works out of the box. */
    public static final Map<String, String> DEFAULT_VOICES = defaultVoices();

    private final String host;
    private final int port;
    private final Path dataDirectory;
    private final ProviderContext providerContext;
    private final List<TtsProvider> extraProviders;
    private final boolean discoverProviders;
    private final Optional<String> storeUrl;
    private final Map<String, String> voices;
    private final String fastProvider;
    private final Optional<String> initialAdminKey;
    private final int maxInputCharacters;
    private final long maxJsonBytes;
    private final long maxSampleBytes;
    private final double maxSampleSeconds;
    private final double ratePerSecond;
    private final int rateBurst;
    private final int maxConcurrentSyntheses;
    private final int maxQueuedSyntheses;
    private final Duration queueTimeout;
    private final Duration requestTimeout;
    private final Duration idleTimeout;
    private final List<String> corsOrigins;

    private ServerConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.dataDirectory = b.dataDirectory;
        this.providerContext = b.providerContext != null ? b.providerContext
                : ProviderContext.builder().dataDirectory(b.dataDirectory).build();
        this.extraProviders = List.copyOf(b.extraProviders);
        this.discoverProviders = b.discoverProviders;
        this.storeUrl = Optional.ofNullable(b.storeUrl);
        this.voices = Map.copyOf(b.voices);
        this.fastProvider = b.fastProvider;
        this.initialAdminKey = Optional.ofNullable(b.initialAdminKey);
        this.maxInputCharacters = b.maxInputCharacters;
        this.maxJsonBytes = b.maxJsonBytes;
        this.maxSampleBytes = b.maxSampleBytes;
        this.maxSampleSeconds = b.maxSampleSeconds;
        this.ratePerSecond = b.ratePerSecond;
        this.rateBurst = b.rateBurst;
        this.maxConcurrentSyntheses = b.maxConcurrentSyntheses;
        this.maxQueuedSyntheses = b.maxQueuedSyntheses;
        this.queueTimeout = b.queueTimeout;
        this.requestTimeout = b.requestTimeout;
        this.idleTimeout = b.idleTimeout;
        this.corsOrigins = List.copyOf(b.corsOrigins);
    }

    public static Builder builder(Path dataDirectory) {
        return new Builder(dataDirectory);
    }

    public String host() { return host; }
    public int port() { return port; }
    public Path dataDirectory() { return dataDirectory; }
    public ProviderContext providerContext() { return providerContext; }
    /** Providers given to {@link Builder#provider}, registered after those found on the classpath. */
    public List<TtsProvider> extraProviders() { return extraProviders; }
    /** Whether the providers on the classpath are loaded (their {@code TtsProviderFactory}s); default true. */
    public boolean discoverProviders() { return discoverProviders; }
    /**
     * The database for personalities, stats and quotas (voice-store-jdbc's URL forms, credentials
     * included); empty: SQLite in the data directory. Never shown by {@link #toString()}.
     */
    public Optional<String> storeUrl() { return storeUrl; }
    /** OpenAI voice name (lower case) to a personality id or {@code provider:voice}. */
    public Map<String, String> voices() { return voices; }
    /** The local provider {@code tts-1} uses when a personality has no fast local provider of its own. */
    public String fastProvider() { return fastProvider; }
    public Optional<String> initialAdminKey() { return initialAdminKey; }
    public int maxInputCharacters() { return maxInputCharacters; }
    public long maxJsonBytes() { return maxJsonBytes; }
    public long maxSampleBytes() { return maxSampleBytes; }
    public double maxSampleSeconds() { return maxSampleSeconds; }
    public double ratePerSecond() { return ratePerSecond; }
    public int rateBurst() { return rateBurst; }
    public int maxConcurrentSyntheses() { return maxConcurrentSyntheses; }
    public int maxQueuedSyntheses() { return maxQueuedSyntheses; }
    public Duration queueTimeout() { return queueTimeout; }
    public Duration requestTimeout() { return requestTimeout; }
    public Duration idleTimeout() { return idleTimeout; }
    /** Origins allowed to call from a browser; empty (the default) sends no CORS headers at all. */
    public List<String> corsOrigins() { return corsOrigins; }

    /** Never shows the admin key. */
    @Override
    public String toString() {
        return "ServerConfig[" + host + ":" + port + ", data " + dataDirectory + ", store "
                + (storeUrl.isPresent() ? "by URL" : "SQLite in the data directory") + ", admin key "
                + (initialAdminKey.isPresent() ? "from the environment" : "generated or stored") + "]";
    }

    private static Map<String, String> defaultVoices() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("alloy", "espeak:en-us+f3");
        m.put("ash", "espeak:en-us+m3");
        m.put("ballad", "espeak:en-gb+m2");
        m.put("coral", "espeak:en-us+f4");
        m.put("echo", "espeak:en-us+m1");
        m.put("fable", "espeak:en-gb+m3");
        m.put("nova", "espeak:en-us+f2");
        m.put("onyx", "espeak:en-us+m7");
        m.put("sage", "espeak:en-us+f1");
        m.put("shimmer", "espeak:en-us+f5");
        m.put("verse", "espeak:en-us+m2");
        m.put("marin", "espeak:en-us+f2");
        m.put("cedar", "espeak:en-us+m4");
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Not thread-safe; build once. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8080;
        private final Path dataDirectory;
        private ProviderContext providerContext;
        private final List<TtsProvider> extraProviders = new java.util.ArrayList<>();
        private boolean discoverProviders = true;
        private String storeUrl;
        private final Map<String, String> voices = new LinkedHashMap<>(DEFAULT_VOICES);
        private String fastProvider = "espeak";
        private String initialAdminKey;
        private int maxInputCharacters = 4096;
        private long maxJsonBytes = 1 << 20;
        private long maxSampleBytes = 25L << 20;
        private double maxSampleSeconds = 120;
        private double ratePerSecond = 20;
        private int rateBurst = 40;
        private int maxConcurrentSyntheses = Math.max(2, Runtime.getRuntime().availableProcessors());
        private int maxQueuedSyntheses = 64;
        private Duration queueTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private Duration idleTimeout = Duration.ofSeconds(30);
        private List<String> corsOrigins = List.of();

        private Builder(Path dataDirectory) {
            this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
        }

        /** The address to bind; default 127.0.0.1. Use 0.0.0.0 only behind TLS and a firewall. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The port; 0 picks a free one. Default 8080. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0-65535, not " + port);
            }
            this.port = port;
            return this;
        }

        public Builder providerContext(ProviderContext context) {
            this.providerContext = Objects.requireNonNull(context, "context");
            return this;
        }

        /**
         * A provider besides those found on the classpath (a host's own engine), registered after
         * them; its id must not clash with theirs. The server's router closes it when the server stops.
         */
        public Builder provider(TtsProvider provider) {
            extraProviders.add(Objects.requireNonNull(provider, "provider"));
            return this;
        }

        /**
         * False: only the providers given to {@link #provider} speak, none found on the classpath
         * (a host that wants exactly its own engines, with none of the classpath's initializing beside them).
         */
        public Builder discoverProviders(boolean discover) {
            this.discoverProviders = discover;
            return this;
        }

        /**
         * Keeps personalities, stats and quotas in this database instead of SQLite in the data
         * directory: {@code jdbc:sqlite:/path/file.db}, {@code jdbc:postgresql://host:5432/db} or
         * libpq's {@code postgresql://user:password@host:5432/db} (voice-store-jdbc). Several
         * servers on one PostgreSQL database share personalities, stats and quotas.
         */
        public Builder storeUrl(String url) {
            this.storeUrl = Objects.requireNonNull(url, "url");
            return this;
        }

        /**
         * Maps an OpenAI voice name to a personality id or {@code provider:voice} (for example
         * {@code piper:en_US-lessac-medium}); replaces the default for that name.
         */
        public Builder voice(String openAiName, String target) {
            voices.put(openAiName.toLowerCase(java.util.Locale.ROOT), Objects.requireNonNull(target, "target"));
            return this;
        }

        public Builder fastProvider(String providerId) {
            this.fastProvider = Objects.requireNonNull(providerId, "providerId");
            return this;
        }

        /** The first admin key (from {@code $VOICEROUTER_API_KEY}); at least 16 characters. */
        public Builder initialAdminKey(String key) {
            if (key != null && key.strip().length() < 16) {
                throw new IllegalArgumentException("the API key must be at least 16 characters long");
            }
            this.initialAdminKey = key == null ? null : key.strip();
            return this;
        }

        public Builder maxInputCharacters(int n) {
            this.maxInputCharacters = positive(n, "maxInputCharacters");
            return this;
        }

        public Builder maxJsonBytes(long n) {
            this.maxJsonBytes = positive(n, "maxJsonBytes");
            return this;
        }

        public Builder maxSampleBytes(long n) {
            this.maxSampleBytes = positive(n, "maxSampleBytes");
            return this;
        }

        public Builder maxSampleSeconds(double seconds) {
            if (!(seconds > 0)) {
                throw new IllegalArgumentException("maxSampleSeconds must be positive");
            }
            this.maxSampleSeconds = seconds;
            return this;
        }

        /** Per API key: a token bucket refilled at {@code perSecond} holding at most {@code burst} requests. */
        public Builder rateLimit(double perSecond, int burst) {
            if (!(perSecond > 0) || burst < 1) {
                throw new IllegalArgumentException("rate limit must be positive");
            }
            this.ratePerSecond = perSecond;
            this.rateBurst = burst;
            return this;
        }

        /** Syntheses at once, and how many may wait for a turn (the rest get 503 with Retry-After). */
        public Builder concurrency(int maxConcurrent, int maxQueued, Duration queueTimeout) {
            this.maxConcurrentSyntheses = positive(maxConcurrent, "maxConcurrent");
            if (maxQueued < 0) {
                throw new IllegalArgumentException("maxQueued must not be negative");
            }
            this.maxQueuedSyntheses = maxQueued;
            this.queueTimeout = Objects.requireNonNull(queueTimeout, "queueTimeout");
            return this;
        }

        /** The longest one speech request may take (the router's timeout); default 60 s. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** How long a connection may sit idle, mid-request included; default 30 s. */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Origins (patterns as Jetty's CrossOriginHandler reads them) allowed from browsers. */
        public Builder corsOrigins(List<String> origins) {
            this.corsOrigins = List.copyOf(origins);
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(this);
        }

        private static int positive(int n, String name) {
            if (n < 1) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return n;
        }

        private static long positive(long n, String name) {
            if (n < 1) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return n;
        }
    }
}
