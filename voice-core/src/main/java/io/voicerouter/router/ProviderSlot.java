package io.voicerouter.router;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.voicerouter.spi.ProviderCapabilities;
import io.voicerouter.spi.ProviderHealth;
import io.voicerouter.spi.ProviderKind;
import io.voicerouter.spi.TtsProvider;
import io.voicerouter.stats.ProviderStats;
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

/** Everything the router keeps about one installed provider. Thread-safe. */
final class ProviderSlot {
    private static final Logger LOG = LoggerFactory.getLogger(VoiceRouter.class);

    final TtsProvider provider;
    final String id;
    final CoolDownBreaker breaker;
    final ProviderStats stats;
    /** Present for local engines: limits how many syntheses run at once. */
    final Bulkhead bulkhead;
    private final Clock clock;
    private final AtomicReference<Instant> serviceQuotaUntil = new AtomicReference<>(Instant.MIN);
    private volatile CompletableFuture<InitOutcome> init;
    private volatile long initStartNanos;

    ProviderSlot(TtsProvider provider, ResiliencePolicy policy, Clock clock, ProviderStats stats, int localConcurrency) {
        this.provider = provider;
        this.id = provider.id();
        this.clock = clock;
        this.breaker = new CoolDownBreaker(policy, clock);
        this.stats = stats;
        this.bulkhead = provider.capabilities().kind() == ProviderKind.LOCAL
                ? Bulkhead.of("voicerouter-" + id, BulkheadConfig.custom()
                        .maxConcurrentCalls(localConcurrency)
                        // Wait for a turn as long as the request lives: its deadline or cancellation interrupts.
                        .maxWaitDuration(Duration.ofDays(1))
                        .writableStackTraceEnabled(false)
                        .build())
                : null;
    }

    ProviderCapabilities capabilities() {
        return provider.capabilities();
    }

    /** Starts {@code initialize()} on its own daemon thread, once; a slow or hanging one blocks nobody. */
    synchronized CompletableFuture<InitOutcome> startInit() {
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
                LOG.warn("Voice provider {} failed to initialize and will be skipped: {}", id, detail);
            }
        }, "voicerouter-init-" + id);
        t.setDaemon(true);
        t.start();
        return f;
    }

    InitOutcome initOutcome() {
        CompletableFuture<InitOutcome> f = init;
        if (f == null) {
            return new InitOutcome(InitOutcome.State.PENDING, "not started", Duration.ZERO);
        }
        return f.getNow(new InitOutcome(InitOutcome.State.PENDING, "still initializing", sinceInit()));
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

    /** The provider's health combined with what the router knows (initialization, circuit). */
    ProviderHealth health() {
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

    /** The service said its quota is used up: rest until {@code until}. */
    void blockForServiceQuota(Instant until) {
        serviceQuotaUntil.accumulateAndGet(until, (a, b) -> a.isAfter(b) ? a : b);
    }

    Optional<Instant> serviceQuotaBlockedUntil() {
        Instant until = serviceQuotaUntil.get();
        return clock.instant().isBefore(until) ? Optional.of(until) : Optional.empty();
    }

    private Duration sinceInit() {
        return Duration.ofNanos(System.nanoTime() - initStartNanos);
    }

    static String describe(Throwable e) {
        String msg = e.getMessage();
        return e.getClass().getSimpleName() + (msg == null || msg.isBlank() ? "" : ": " + msg);
    }
}
