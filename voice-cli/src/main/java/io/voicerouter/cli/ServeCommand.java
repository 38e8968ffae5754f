package io.voicerouter.cli;

import io.voicerouter.server.ServerConfig;
import io.voicerouter.server.VoiceServer;
import io.voicerouter.spi.ProviderContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code voice serve}: the SDK as an HTTP service (OpenAI's speech API and the admin API), on the
 * embedded defaults: SQLite in the data directory (or the database {@code --store} names), every
 * installed provider, espeak with no download.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Serve the OpenAI-compatible speech API, personalities, samples and stats over HTTP.")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to bind (default: ${DEFAULT-VALUE}, this machine only).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--voice", paramLabel = "NAME=TARGET",
            description = "Map an OpenAI voice name to a personality id or provider:voice, e.g. alloy=aria or nova=piper:en_US-amy-medium.")
    Map<String, String> voices = new java.util.LinkedHashMap<>();

    @Option(names = "--fast-provider", paramLabel = "ID", defaultValue = "espeak",
            description = "The local provider model tts-1 uses when a personality has no fast local provider (default: ${DEFAULT-VALUE}).")
    String fastProvider;

    @Option(names = "--cors-origin", paramLabel = "ORIGIN", description = "Allow browser calls from ORIGIN (repeatable; default: none).")
    List<String> corsOrigins = new ArrayList<>();

    @Option(names = "--rate-limit", paramLabel = "PER_SECOND", defaultValue = "20",
            description = "Requests per second per API key, with bursts of twice that (default: ${DEFAULT-VALUE}).")
    double ratePerSecond;

    @Option(names = "--max-concurrent", paramLabel = "N", description = "Syntheses at once (default: the number of cores, at least 2).")
    Integer maxConcurrent;

    @Option(names = "--request-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Longest time one speech request may take (default: ${DEFAULT-VALUE}).")
    double requestTimeoutSeconds;

    @Option(names = "--store", paramLabel = "URL", defaultValue = "${env:VOICEROUTER_STORE_URL}",
            description = "The database for personalities, stats and quotas (default: $VOICEROUTER_STORE_URL, else SQLite"
                    + " in the data directory): jdbc:sqlite:/path/file.db, jdbc:postgresql://host:5432/db or"
                    + " postgresql://user:password@host:5432/db; servers sharing one PostgreSQL database share them."
                    + " Prefer the variable for a URL with a password: the command line is visible to other users.")
    String store;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        ProviderContext context = common.context();
        ServerConfig.Builder b = ServerConfig.builder(context.dataDirectory())
                .host(host).port(port).providerContext(context)
                .fastProvider(fastProvider).corsOrigins(corsOrigins)
                .rateLimit(ratePerSecond, (int) Math.max(1, Math.ceil(ratePerSecond * 2)))
                .requestTimeout(Duration.ofMillis(Math.round(requestTimeoutSeconds * 1000)))
                .initialAdminKey(System.getenv("VOICEROUTER_API_KEY"));
        if (store != null && !store.isBlank()) {
            b.storeUrl(store);
        }
        voices.forEach(b::voice);
        if (maxConcurrent != null) {
            b.concurrency(maxConcurrent, 64, Duration.ofSeconds(10));
        }
        VoiceServer server = VoiceServer.start(b.build());
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "voice-serve-stop"));
        System.out.println("voice: serving on " + server.uri() + " (OpenAI base URL " + server.uri() + "v1)");
        server.generatedAdminKey().ifPresent(k -> System.out.println(
                "voice: admin API key (shown once, stored only as a hash; set VOICEROUTER_API_KEY to choose your own):\n  " + k));
        System.out.flush();
        server.join();
        return 0;
    }
}
