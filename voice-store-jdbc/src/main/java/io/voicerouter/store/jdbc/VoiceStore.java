package io.voicerouter.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.voicerouter.config.ProviderUsage;
import io.voicerouter.config.VoiceConfig;
import io.voicerouter.router.VoiceRouterBuilder;
import io.voicerouter.state.FinishedRequest;
import io.voicerouter.state.QuotaReservation;
import io.voicerouter.state.QuotaStore;
import io.voicerouter.state.RequestListener;
import io.voicerouter.state.StateStoreException;
import io.voicerouter.store.jdbc.internal.Dialect;
import io.voicerouter.store.jdbc.internal.JdbcPersonalities;
import io.voicerouter.store.jdbc.internal.JdbcQuota;
import io.voicerouter.store.jdbc.internal.JdbcStats;
import io.voicerouter.store.jdbc.internal.Migrations;
import io.voicerouter.store.jdbc.internal.Sql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The seed's database: personalities with their {@code voice_config}, the seed's per-provider stats
 * per personality and router-wide, and monthly quota counters, in SQLite (embedded, the default) or
 * PostgreSQL. Every process and machine that opens the same database shares them: counts add up
 * exactly and quota reservations are atomic.
 *
 * <pre>{@code
 * try (VoiceStore store = VoiceStore.builder().embedded(dataDir).build();     // or .url("postgresql://...")
 *      VoiceRouter router = store.attachTo(VoiceRouter.builder()).discoverProviders(ctx).build()) {
 *     VoiceConfig aria = store.personality("aria").orElseThrow();
 *     router.synthesize(SpeechRequest.builder("Hello", aria).personality("aria").build());
 * }   // store.personality("aria") now counts that line in its stats
 * }</pre>
 *
 * <p>Stats are counted by the store: {@code voice_stats} rows, added to by SQL increments, are the one
 * source of the counts, and every read of a personality ({@link #personality}, {@link #storedPersonality},
 * {@link #personalityJson}, {@link #updatePersonality}'s argument) fills its {@code stats} in from them.
 * The stored {@code voice_config} text holds the configuration only, so speaking never writes it and
 * its revision changes only with the configuration. A config's {@code stats} seed the counters when the
 * personality is created and are ignored when an existing one is replaced or updated.
 *
 * Thread-safe. The schema is created and migrated on {@link Builder#build()}.
 */
public final class VoiceStore implements QuotaStore, RequestListener, AutoCloseable {
    private final HikariDataSource pool;
    private final Dialect dialect;
    private final String safeUrl;
    private final JdbcQuota quota;
    private final JdbcStats stats;
    private final JdbcPersonalities personalities;
    private final io.voicerouter.store.jdbc.internal.JdbcApiKeys apiKeys;

    private VoiceStore(HikariDataSource pool, Dialect dialect, String safeUrl, Clock clock, Duration ttl,
                       Duration retryAfter) {
        this.pool = pool;
        this.dialect = dialect;
        this.safeUrl = safeUrl;
        Sql sql = new Sql(pool, dialect, retryAfter);
        Migrations.migrate(sql);
        this.quota = new JdbcQuota(sql, clock, ttl);
        this.stats = new JdbcStats(sql);
        this.personalities = new JdbcPersonalities(sql, clock, stats);
        this.apiKeys = new io.voicerouter.store.jdbc.internal.JdbcApiKeys(sql);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Makes {@code router} reserve quotas here and record every finished request here. */
    public VoiceRouterBuilder attachTo(VoiceRouterBuilder router) {
        return router.quotaStore(this).listener(this);
    }

    // ---- personalities

    /**
     * Stores a personality or replaces the configuration of an existing one. For a new id, the config's
     * {@code stats} become the starting counts; for an existing one they are ignored and the counts go on
     * (a copy read earlier must not roll them back; the store counts).
     */
    public void savePersonality(String id, VoiceConfig config) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(config, "config");
        personalities.save(id, config);
    }

    /**
     * Stores a new personality, atomically: false (and nothing written) when the id is taken, also
     * when another thread or process on the same database created it a moment before. Its {@code stats}
     * become the starting counts.
     */
    public boolean createPersonality(String id, VoiceConfig config) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(config, "config");
        return personalities.create(id, config);
    }

    /** The personality's {@code voice_config}, its {@code stats} the current counts. */
    public Optional<VoiceConfig> personality(String id) {
        return personalities.find(Objects.requireNonNull(id, "id"));
    }

    /**
     * The personality with its current counts as {@code stats}, its JSON and the revision of its stored
     * configuration, from one read (one statement, so config, counts and revision belong together,
     * whatever is written after).
     */
    public Optional<StoredPersonality> storedPersonality(String id) {
        return personalities.findStored(Objects.requireNonNull(id, "id"));
    }

    /**
     * Changes one personality atomically, across threads, processes and machines on this database:
     * reads it with its row locked (PostgreSQL {@code SELECT ... FOR UPDATE}; SQLite holds the database's
     * write lock from the start of the transaction), applies {@code change} and writes the result in the
     * same transaction. Of many updates at once, each sees the result of the one before, so none is lost
     * (a read-then-{@link #savePersonality} pair from two processes can lose one).
     *
     * <ul>
     *   <li>Empty, with nothing called, when there is no such personality.</li>
     *   <li>When {@code change} throws, nothing is written and the exception reaches the caller as thrown.</li>
     *   <li>When it returns an equal config, nothing is written (the revision stays).</li>
     *   <li>The counters: {@code change} sees the current counts as {@code stats}; the {@code stats} it
     *       returns are ignored (the store counts; an update never changes them), and a change of
     *       {@code stats} alone writes nothing.</li>
     *   <li>{@code change} may run more than once: after a deadlock or an SQLite busy timeout the whole
     *       transaction is retried. It must be a function of its argument without other effects, and quick:
     *       it runs while the lock is held (on SQLite every writer of the database waits for it), so do slow
     *       work (analysis, I/O) before, and pass its result in.</li>
     * </ul>
     *
     * @return the config as written (or as found, when unchanged)
     * @throws StateStoreException when the database cannot be reached or the write fails
     */
    public Optional<VoiceConfig> updatePersonality(String id, UnaryOperator<VoiceConfig> change) {
        Objects.requireNonNull(change, "change");
        return updateStoredPersonality(id, current -> change.apply(current.config())).map(StoredPersonality::config);
    }

    /**
     * As {@link #updatePersonality}, with {@code change} seeing the stored personality (with its revision,
     * e.g. to refuse a change based on an older revision by throwing), and returning it as stored
     * afterwards with its new revision.
     */
    public Optional<StoredPersonality> updateStoredPersonality(String id, Function<StoredPersonality, VoiceConfig> change) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(change, "change");
        return personalities.update(id, change);
    }

    /**
     * A personality's {@code voice_config} as JSON, its {@code stats} the current counts (entries of its
     * providers first, in their order, then others by id), as {@code VoiceConfigJson.write} renders it.
     */
    public Optional<String> personalityJson(String id) {
        return personalities.findJson(Objects.requireNonNull(id, "id"));
    }

    public List<String> personalityIds() {
        return personalities.ids();
    }

    /** Deletes a personality and its stats; false when it did not exist. */
    public boolean deletePersonality(String id) {
        return personalities.delete(Objects.requireNonNull(id, "id"));
    }

    // ---- API keys (voice-server's; only hashes)

    /** Stores a key unless one with the same hash or id exists; true when stored. */
    public boolean addApiKey(StoredApiKey key) {
        return apiKeys.add(Objects.requireNonNull(key, "key"));
    }

    /**
     * Stores {@code key} only when no stored key has {@code scope}, in one transaction that excludes
     * every other call of this method on the database (SQLite's write lock, a PostgreSQL advisory lock):
     * of several servers starting at once on an empty database, exactly one adds its first admin key.
     * True when stored.
     */
    public boolean addApiKeyIfNoneHasScope(StoredApiKey key, String scope) {
        return apiKeys.addIfNoneHasScope(Objects.requireNonNull(key, "key"), Objects.requireNonNull(scope, "scope"));
    }

    /** The key whose secret hashes to {@code sha256} (lower-case hex), if any. */
    public Optional<StoredApiKey> apiKeyByHash(String sha256) {
        return apiKeys.byHash(Objects.requireNonNull(sha256, "sha256"));
    }

    /** Every key, oldest first. */
    public List<StoredApiKey> apiKeys() {
        return apiKeys.all();
    }

    /** Revokes a key; false when there was none with that id. */
    public boolean deleteApiKey(String id) {
        return apiKeys.delete(Objects.requireNonNull(id, "id"));
    }

    // ---- stats

    /** The personality's stats in the seed's shape, by provider id (also for ids with no stored config). */
    public Map<String, ProviderUsage> stats(String personalityId) {
        if (Objects.requireNonNull(personalityId, "personalityId").isEmpty()) {
            throw new IllegalArgumentException("personality id must not be empty");
        }
        return stats.usage(personalityId);
    }

    /** Router-wide stats of every process on this database, in the seed's shape. */
    public Map<String, ProviderUsage> globalStats() {
        return stats.usage(JdbcStats.GLOBAL);
    }

    /** Records a finished request (the router calls this when attached). */
    @Override
    public void onFinished(FinishedRequest request) {
        stats.record(request);
    }

    // ---- quotas

    @Override
    public Optional<QuotaReservation> reserve(String month, String bucket, long characters, long limit) {
        return quota.reserve(month, bucket, characters, limit);
    }

    @Override
    public void commit(QuotaReservation reservation) {
        quota.commit(reservation);
    }

    @Override
    public void refund(QuotaReservation reservation) {
        quota.refund(reservation);
    }

    @Override
    public long used(String month, String bucket) {
        return quota.used(month, bucket);
    }

    /** Committed characters only, without reservations in progress. */
    public long committed(String month, String bucket) {
        return quota.committed(month, bucket);
    }

    /** Characters held by live (unexpired) reservations. */
    public long reserved(String month, String bucket) {
        return quota.reserved(month, bucket);
    }

    public Dialect dialect() {
        return dialect;
    }

    @Override
    public void close() {
        pool.close();
    }

    /** The database without credentials. */
    @Override
    public String toString() {
        return "VoiceStore[" + safeUrl + "]";
    }

    private static void createParent(String file) {
        String path = file.startsWith("file:") ? file.substring(5) : file;
        int query = path.indexOf('?');
        path = query >= 0 ? path.substring(0, query) : path;
        if (path.isEmpty() || path.startsWith(":memory:")) {
            return;
        }
        Path parent = Path.of(path).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new StateStoreException("cannot create the directory of " + path + ": " + e.getMessage(), e);
        }
    }

    /** Where the store lives and how it connects. Not thread-safe; build once. */
    public static final class Builder {
        /** The file name of the embedded database in the data directory. */
        public static final String EMBEDDED_FILE = "voicerouter.db";

        private String url;
        private String user;
        private String password;
        private int maximumPoolSize = -1;
        private int minimumIdle = -1;
        private Duration connectionTimeout = Duration.ofSeconds(2);
        private Duration busyTimeout = Duration.ofSeconds(30);
        private Duration reservationTimeToLive = Duration.ofMinutes(10);
        private Clock clock = Clock.systemUTC();
        private Duration retryAfter = Duration.ofSeconds(5);

        private Builder() {
        }

        /**
         * After a connection could not be had, how long calls fail at once (quota checks fail closed,
         * stats writes are dropped with a warning) before the database is tried again; default 5 s.
         */
        public Builder retryAfter(Duration retryAfter) {
            if (retryAfter.isNegative()) {
                throw new IllegalArgumentException("retryAfter must not be negative");
            }
            this.retryAfter = retryAfter;
            return this;
        }

        /** SQLite in {@code dataDirectory}/{@value #EMBEDDED_FILE} (the directory is created). The default. */
        public Builder embedded(Path dataDirectory) {
            Objects.requireNonNull(dataDirectory, "dataDirectory");
            try {
                Files.createDirectories(dataDirectory);
            } catch (IOException e) {
                throw new StateStoreException("cannot create the data directory " + dataDirectory + ": " + e.getMessage(), e);
            }
            this.url = "jdbc:sqlite:" + dataDirectory.resolve(EMBEDDED_FILE).toAbsolutePath();
            return this;
        }

        /**
         * A database by URL: {@code jdbc:sqlite:/path/file.db}, {@code jdbc:postgresql://host:5432/db?...},
         * or libpq's {@code postgresql://user:password@host:5432/db} (also {@code postgres://}).
         */
        public Builder url(String url) {
            DatabaseUrl parsed = DatabaseUrl.parse(Objects.requireNonNull(url, "url"));
            this.url = parsed.jdbcUrl();
            parsed.user().ifPresent(u -> this.user = u);
            parsed.password().ifPresent(p -> this.password = p);
            return this;
        }

        public Builder user(String user) {
            this.user = Objects.requireNonNull(user);
            return this;
        }

        /** Never logged or shown in {@code toString()}. */
        public Builder password(String password) {
            this.password = Objects.requireNonNull(password);
            return this;
        }

        /** Most connections held at once; default 4 for SQLite (writers take turns anyway), 10 for PostgreSQL. */
        public Builder maximumPoolSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("maximumPoolSize must be at least 1");
            }
            this.maximumPoolSize = size;
            return this;
        }

        /** Idle connections kept open; default the pool size. */
        public Builder minimumIdle(int idle) {
            if (idle < 0) {
                throw new IllegalArgumentException("minimumIdle must not be negative");
            }
            this.minimumIdle = idle;
            return this;
        }

        /** How long to wait for a pooled connection (a request waits this long once when the database is down); default 2 s. */
        public Builder connectionTimeout(Duration timeout) {
            if (timeout.toMillis() < 250) {
                throw new IllegalArgumentException("connectionTimeout must be at least 250 ms");
            }
            this.connectionTimeout = timeout;
            return this;
        }

        /** SQLite: how long a writer waits for another process's write lock; default 30 s. */
        public Builder busyTimeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("busyTimeout must not be negative");
            }
            this.busyTimeout = timeout;
            return this;
        }

        /**
         * How long a quota reservation holds its characters when it is neither committed nor refunded
         * (its process died); default 10 minutes. Keep it longer than any request timeout.
         */
        public Builder reservationTimeToLive(Duration ttl) {
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("reservationTimeToLive must be positive");
            }
            this.reservationTimeToLive = ttl;
            return this;
        }

        /** Time source for reservations and timestamps; for tests. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /**
         * Connects, creates or migrates the schema, and returns the store.
         *
         * @throws StateStoreException when the database cannot be reached or migrated
         */
        public VoiceStore build() {
            if (url == null) {
                throw new IllegalStateException("choose embedded(dataDirectory) or url(...)");
            }
            Dialect dialect = Dialect.of(url);
            HikariConfig hc = new HikariConfig();
            hc.setJdbcUrl(url);
            hc.setPoolName("voicerouter-store");
            int size = maximumPoolSize > 0 ? maximumPoolSize : dialect == Dialect.SQLITE ? 4 : 10;
            hc.setMaximumPoolSize(size);
            hc.setMinimumIdle(minimumIdle >= 0 ? Math.min(minimumIdle, size) : size);
            hc.setConnectionTimeout(connectionTimeout.toMillis());
            if (user != null) {
                hc.setUsername(user);
            }
            if (password != null) {
                hc.setPassword(password);
            }
            if (dialect == Dialect.SQLITE) {
                createParent(url.substring("jdbc:sqlite:".length()));
                // WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at BEGIN, so
                // a read-then-write transaction never fails halfway; busy_timeout makes others wait for it.
                hc.addDataSourceProperty("journal_mode", "WAL");
                hc.addDataSourceProperty("synchronous", "NORMAL");
                hc.addDataSourceProperty("busy_timeout", Long.toString(busyTimeout.toMillis()));
                hc.addDataSourceProperty("transaction_mode", "IMMEDIATE");
                hc.addDataSourceProperty("foreign_keys", "true");
            }
            String safe = DatabaseUrl.redact(url);
            HikariDataSource pool;
            try {
                pool = new HikariDataSource(hc);
            } catch (RuntimeException e) {
                throw new StateStoreException("cannot connect to the voice store " + safe + ": "
                        + DatabaseUrl.redact(String.valueOf(e.getMessage())), null);
            }
            try {
                return new VoiceStore(pool, dialect, safe, clock, reservationTimeToLive, retryAfter);
            } catch (RuntimeException e) {
                pool.close();
                throw e;
            }
        }
    }
}
