package io.voicerouter.router.internal;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.voicerouter.router.Attempt;
import io.voicerouter.router.InitOutcome;
import io.voicerouter.router.ResiliencePolicy;
import io.voicerouter.router.SkipReason;
import io.voicerouter.spi.ProviderCapabilities;
import io.voicerouter.spi.ProviderHealth;
import io.voicerouter.spi.ProviderKind;
import io.voicerouter.spi.QuotaBucket;
import io.voicerouter.spi.SynthesisRequest;
import io.voicerouter.spi.TtsProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One installed provider with its guards: initialization, circuit breaker, service-quota rest,
 * free-tier quota, local bulkhead, retry policy and stats. {@link #admit} decides whether a request
 * may call it now and hands back a {@link GuardedCall}, the one way to reach the provider. Thread-safe.
 */
public final class GuardedProvider {
    private static final Logger LOG = LoggerFactory.getLogger("io.voicerouter.router.VoiceRouter");

    private final TtsProvider provider;
    private final String id;
    private final CoolDownBreaker breaker;
    private final ProviderStats stats;
    /** Present for local engines: limits how many syntheses run at once. */
    private final Bulkhead bulkhead;
    private final Clock clock;
    private final ResiliencePolicy policy;
    private final Sleeper sleeper;
    private final QuotaLedger quota;
    private final AtomicReference<Instant> serviceQuotaUntil = new AtomicReference<>(Instant.MIN);
    private volatile CompletableFuture<InitOutcome> init;
    private volatile long initStartNanos;

    GuardedProvider(TtsProvider provider, ProviderStats stats, Chain.Options options, QuotaLedger quota) {
        this.provider = provider;
        this.id = provider.id();
        this.clock = options.clock();
        this.policy = options.policy();
        this.sleeper = options.sleeper();
        this.quota = quota;
        this.breaker = new CoolDownBreaker(policy, clock);
        this.stats = stats;
        this.bulkhead = provider.capabilities().kind() == ProviderKind.LOCAL
                ? Bulkhead.of("voicerouter-" + id, BulkheadConfig.custom()
                        .maxConcurrentCalls(options.localConcurrency())
                        // Wait for a turn as long as the request lives: its deadline or cancellation interrupts.
                        .maxWaitDuration(Duration.ofDays(1))
                        .writableStackTraceEnabled(false)
                        .build())
                : null;
    }

    public String id() {
        return id;
    }

    public TtsProvider provider() {
        return provider;
    }

    public ProviderCapabilities capabilities() {
        return provider.capabilities();
    }

    /** Starts {@code initialize()} on its own daemon thread, once; a slow or hanging one blocks nobody. */
    public synchronized CompletableFuture<InitOutcome> startInit() {
        if (init != null) {
            return init;
        }
        CompletableFuture<InitOutcome> f = new CompletableFuture<>();
        init = f;
        initStartNanos = System.nanoTime();
        Thread t = new Thread(() -> {
            try {
                provider.initialize();
                f.complete(new InitOutcome(InitOutcome.State.READY, "", sinceInit()));
                LOG.info("Voice provider {} initialized in {} ms", id, sinceInit().toMillis());
            } catch (Throwable e) {
                String detail = describe(e);
                f.complete(new InitOutcome(InitOutcome.State.FAILED, detail, sinceInit()));
                if (notSetUp(e)) {
                    // Every provider on the class path is tried; one nobody configured here (no
                    // credentials, no model files) is not a fault. Chain.initialize lists them in one line.
                    LOG.debug("Voice provider {} is not set up and will be skipped: {}", id, detail);
                } else {
                    LOG.warn("Voice provider {} failed to initialize and will be skipped: {}", id, detail);
                }
            }
        }, "voicerouter-init-" + id);
        t.setDaemon(true);
        t.start();
        return f;
    }

    /** A failure that says the provider was never configured here, as opposed to one that broke. */
    private static boolean notSetUp(Throwable e) {
        return e instanceof io.voicerouter.error.ProviderException pe
                && (pe.kind() == io.voicerouter.error.ErrorKind.MISCONFIGURED
                || pe.kind() == io.voicerouter.error.ErrorKind.MODEL_MISSING);
    }

    public InitOutcome initOutcome() {
        CompletableFuture<InitOutcome> f = init;
        if (f == null) {
            return new InitOutcome(InitOutcome.State.PENDING, "not started", Duration.ZERO);
        }
        return f.getNow(new InitOutcome(InitOutcome.State.PENDING, "still initializing", sinceInit()));
    }

    /** The provider's health combined with what the router knows (initialization, circuit). */
    public ProviderHealth health() {
        InitOutcome o = initOutcome();
        Map<String, String> attrs = new HashMap<>();
        attrs.put("circuit", breaker.state().name().toLowerCase(Locale.ROOT));
        if (o.state() == InitOutcome.State.FAILED) {
            return new ProviderHealth(ProviderHealth.Status.DOWN, "initialization failed: " + o.detail(), attrs);
        }
        if (o.state() == InitOutcome.State.PENDING) {
            return new ProviderHealth(ProviderHealth.Status.NOT_INITIALIZED, o.detail(), attrs);
        }
        try {
            ProviderHealth h = provider.health();
            attrs.putAll(h.attributes());
            return new ProviderHealth(h.status(), h.detail(), attrs);
        } catch (RuntimeException e) {
            return new ProviderHealth(ProviderHealth.Status.DOWN, "health check failed: " + describe(e), attrs);
        }
    }

    /** Why the provider cannot take requests now, or empty when it can. */
    Optional<String> unavailableReason() {
        InitOutcome o = initOutcome();
        if (o.state() == InitOutcome.State.FAILED) {
            return Optional.of("initialization failed: " + o.detail());
        }
        if (o.state() == InitOutcome.State.PENDING) {
            return Optional.of("initialization " + (init == null ? "not started" : "still running"));
        }
        try {
            ProviderHealth h = provider.health();
            if (h.isUsable() || breaker.state() != CoolDownBreaker.State.CLOSED) {
                // A provider that went down because a call failed (credentials refused, model gone)
                // belongs to its breaker: skipped CIRCUIT_OPEN while it cools down, then one probe
                // request finds out whether it has recovered. Only a provider that reports itself
                // down with nothing pending is unavailable.
                return Optional.empty();
            }
            return Optional.of("reports " + h.status() + (h.detail().isEmpty() ? "" : ": " + h.detail()));
        } catch (RuntimeException e) {
            return Optional.of("health check failed: " + describe(e));
        }
    }

    /** Whether a request may call the provider now: the breaker, the service's quota rest and the free tier. */
    sealed interface Admission {
        record Admitted(GuardedCall call) implements Admission {
        }

        record Refused(SkipReason reason, String detail) implements Admission {
        }
    }

    /**
     * Asks every guard that can say no before the call: the circuit, a service-reported quota
     * rest, the free-tier quota. An admitted call holds the breaker permit until it settles.
     */
    Admission admit(SynthesisRequest request, Optional<QuotaBucket> bucket, long billed, RunControl control) {
        CoolDownBreaker.Permit permit = breaker.tryAcquire();
        if (!permit.granted()) {
            return new Admission.Refused(SkipReason.CIRCUIT_OPEN, "cooling down after failures until " + permit.openUntil());
        }
        Instant restUntil = serviceQuotaUntil.get();
        if (clock.instant().isBefore(restUntil)) {
            breaker.onNeutral(permit);
            return new Admission.Refused(SkipReason.QUOTA_EXHAUSTED,
                    "the service reported its quota used up; resting until " + restUntil);
        }
        if (bucket.isPresent()) {
            Optional<String> refusal = quota.refusal(bucket.get(), billed);
            if (refusal.isPresent()) {
                breaker.onNeutral(permit);
                return new Admission.Refused(quota.countsUnknown() ? SkipReason.QUOTA_UNKNOWN : SkipReason.QUOTA_EXHAUSTED,
                        refusal.get());
            }
        }
        return new Admission.Admitted(new GuardedCall(this, request, permit, bucket.orElse(null), billed, control));
    }

    /** A skip, counted and logged. */
    Attempt.Skipped skip(SkipReason reason, String detail) {
        stats.recordSkip();
        LOG.debug("Skipping voice provider {}: {} ({})", id, reason, detail);
        return new Attempt.Skipped(id, reason, detail);
    }

    /** A failure before the provider was reached (bad settings, a throwing identity method). */
    Attempt.Failed failBeforeCall(io.voicerouter.error.ErrorKind kind, String message) {
        stats.recordFailure();
        return new Attempt.Failed(id, kind, message, Duration.ZERO, 0);
    }

    /** A cached line served while a guard refused the provider itself: it costs the provider nothing. */
    void recordCachedWhileRefused() {
        stats.recordCacheLookup(true);
        stats.recordSuccess(clock.instant());
    }

    // ---- for GuardedCall, the guards it settles

    CoolDownBreaker breaker() {
        return breaker;
    }

    ProviderStats stats() {
        return stats;
    }

    Bulkhead bulkhead() {
        return bulkhead;
    }

    QuotaLedger quota() {
        return quota;
    }

    ResiliencePolicy policy() {
        return policy;
    }

    Sleeper sleeper() {
        return sleeper;
    }

    Clock clock() {
        return clock;
    }

    /** The service said its quota is used up: rest until {@code until}. */
    void restForServiceQuota(Instant until) {
        serviceQuotaUntil.accumulateAndGet(until, (a, b) -> a.isAfter(b) ? a : b);
    }

    private Duration sinceInit() {
        return Duration.ofNanos(System.nanoTime() - initStartNanos);
    }

    static String describe(Throwable e) {
        String msg = e.getMessage();
        return e.getClass().getSimpleName() + (msg == null || msg.isBlank() ? "" : ": " + msg);
    }
}
