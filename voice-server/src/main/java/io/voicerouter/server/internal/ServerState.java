package io.voicerouter.server.internal;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.voicerouter.encode.AudioEncoders;
import io.voicerouter.router.VoiceRouter;
import io.voicerouter.server.ServerConfig;
import io.voicerouter.spi.ProviderCapabilities;
import io.voicerouter.store.jdbc.VoiceStore;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** What every endpoint shares; built once by {@code VoiceServer}. */
public final class ServerState {
    public final ServerConfig config;
    public final VoiceRouter router;
    public final VoiceStore store;
    public final AudioEncoders encoders;
    public final ApiKeyStore keys;
    public final RateLimiter rateLimiter;
    public final Admission admission;
    public final Map<String, ProviderCapabilities> installed;
    public final PrometheusMeterRegistry metrics;
    public final SpeechSource speech;
    public final Samples samples;
    /** Answers by status code, since start; /api/stats shows them. */
    public final Map<Integer, AtomicLong> responses = new ConcurrentHashMap<>();

    public ServerState(ServerConfig config, VoiceRouter router, VoiceStore store, AudioEncoders encoders,
                       ApiKeyStore keys, Map<String, ProviderCapabilities> installed, PrometheusMeterRegistry metrics) {
        this.config = config;
        this.router = router;
        this.store = store;
        this.encoders = encoders;
        this.keys = keys;
        this.rateLimiter = new RateLimiter(config.ratePerSecond(), config.rateBurst());
        this.admission = new Admission(config.maxConcurrentSyntheses(), config.maxQueuedSyntheses(),
                config.queueTimeout());
        this.installed = Map.copyOf(installed);
        this.metrics = metrics;
        this.speech = new SpeechSource(router);
        this.samples = new Samples(config.dataDirectory().resolve("samples"));
    }

    void countResponse(int status) {
        responses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
    }
}
