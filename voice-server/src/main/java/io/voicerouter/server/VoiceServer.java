package io.voicerouter.server;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.voicerouter.cache.TieredSynthesisCache;
import io.voicerouter.encode.AudioEncoders;
import io.voicerouter.router.VoiceRouter;
import io.voicerouter.router.VoiceRouterBuilder;
import io.voicerouter.server.internal.ApiKeyStore;
import io.voicerouter.server.internal.LatencyHistory;
import io.voicerouter.server.internal.Routes;
import io.voicerouter.server.internal.ServerState;
import io.voicerouter.spi.ProviderCapabilities;
import io.voicerouter.stats.micrometer.VoiceRouterMetrics;
import io.voicerouter.store.jdbc.VoiceStore;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.CrossOriginHandler;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The SDK as an HTTP service: OpenAI's speech API, personalities, sample upload, providers, stats,
 * health and Prometheus metrics, on Jetty 12's core handler API (no servlet stack). Uses the
 * embedded defaults: SQLite in the data directory for personalities, stats and quotas, every
 * provider on the classpath (espeak needs no download), voice-encoders for the formats.
 *
 * <pre>{@code
 * try (VoiceServer server = VoiceServer.start(ServerConfig.builder(dataDir).port(8080).build())) {
 *     server.generatedAdminKey().ifPresent(k -> System.out.println("admin key: " + k));
 *     server.join();
 * }
 * }</pre>
 */
public final class VoiceServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VoiceServer.class);

    private final Server jetty;
    private final ServerConnector connector;
    private final VoiceStore store;
    private final VoiceRouter router;
    private final ServerState state;
    private final Optional<String> generatedAdminKey;

    private VoiceServer(Server jetty, ServerConnector connector, VoiceStore store, VoiceRouter router,
                        ServerState state, Optional<String> generatedAdminKey) {
        this.jetty = jetty;
        this.connector = connector;
        this.store = store;
        this.router = router;
        this.state = state;
        this.generatedAdminKey = generatedAdminKey;
    }

    /** Opens the store, starts the providers and listens. Close it to stop. */
    public static VoiceServer start(ServerConfig config) throws Exception {
        Path data = config.dataDirectory();
        Files.createDirectories(data);
        VoiceStore.Builder storeBuilder = VoiceStore.builder();
        if (config.storeUrl().isPresent()) {
            storeBuilder.url(config.storeUrl().get());
        } else {
            storeBuilder.embedded(data);
        }
        VoiceStore store = storeBuilder.build();
        VoiceRouter router = null;
        // The console's latency chart: the router tells it of every request it finishes.
        LatencyHistory history = new LatencyHistory(2000, java.time.Clock.systemUTC());
        Server jetty = null;
        try {
            VoiceRouterBuilder builder = store.attachTo(VoiceRouter.builder());
            if (config.discoverProviders()) {
                builder.discoverProviders(config.providerContext());
            }
            router = builder.providers(config.extraProviders())
                    .cache(TieredSynthesisCache.builder().maximumMemoryBytes(64L << 20).build())
                    .maxTextLength(Math.max(config.maxInputCharacters(), 1))
                    .observer(history)
                    .build();
            router.initialize();
            Map<String, ProviderCapabilities> installed = new LinkedHashMap<>();
            router.providers().forEach(c -> installed.put(c.id(), c));

            ApiKeyStore keys = ApiKeyStore.open(store, data.resolve("server").resolve("api-keys.json"));
            Optional<String> generated = keys.ensureAdmin(config.initialAdminKey());

            PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new VoiceRouterMetrics(router::stats, installed.keySet()).bindTo(metrics);

            ServerState state = new ServerState(config, router, store, AudioEncoders.installed(), keys, installed, metrics);

            QueuedThreadPool threads = new QueuedThreadPool(256, 8);
            threads.setName("voice-server");
            if (VirtualThreads.areSupported()) {
                threads.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("voice-server-vt"));
            }
            jetty = new Server(threads);
            HttpConfiguration http = new HttpConfiguration();
            http.setSendServerVersion(false);
            http.setSendXPoweredBy(false);
            ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
            connector.setHost(config.host());
            connector.setPort(config.port());
            connector.setIdleTimeout(config.idleTimeout().toMillis());
            // A burst of clients connecting at once must queue in the kernel, not be dropped (Java's default backlog is 50).
            connector.setAcceptQueueSize(1024);
            jetty.addConnector(connector);
            Handler handler = new Routes(state, history);
            if (!config.corsOrigins().isEmpty()) {
                CrossOriginHandler cors = new CrossOriginHandler();
                cors.setAllowedOriginPatterns(Set.copyOf(config.corsOrigins()));
                cors.setAllowedMethods(Set.of("GET", "POST", "PUT", "DELETE"));
                cors.setAllowedHeaders(Set.of("Authorization", "Content-Type", "If-Match"));
                cors.setExposedHeaders(Set.of("X-Voicerouter-Trace", "X-Voicerouter-Provider", "Retry-After", "ETag"));
                cors.setHandler(handler);
                handler = cors;
            }
            jetty.setHandler(handler);
            jetty.setStopTimeout(Duration.ofSeconds(5).toMillis());
            jetty.start();
            LOG.info("voice-server listening on http://{}:{}/ (data in {}, {}, {} providers, virtual threads: {})",
                    config.host(), connector.getLocalPort(), data, store, installed.size(), VirtualThreads.areSupported());
            return new VoiceServer(jetty, connector, store, router, state, generated);
        } catch (Exception | Error e) {
            if (jetty != null) {
                try {
                    jetty.stop();
                } catch (Exception ignored) {
                    // already failing
                }
            }
            if (router != null) {
                router.close();
            }
            store.close();
            throw e;
        }
    }

    public int port() {
        return connector.getLocalPort();
    }

    public URI uri() {
        String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/");
    }

    /** The admin key made at this start because none existed: show it once, it is stored only hashed. */
    public Optional<String> generatedAdminKey() {
        return generatedAdminKey;
    }

    public VoiceRouter router() {
        return router;
    }

    public VoiceStore store() {
        return store;
    }

    /** What the endpoints share; for this package's tests. */
    ServerState state() {
        return state;
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        jetty.join();
    }

    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("Stopping the HTTP server: {}", e.toString());
        }
        state.samples.close();
        router.close();
        store.close();
        LOG.info("voice-server stopped");
    }
}
