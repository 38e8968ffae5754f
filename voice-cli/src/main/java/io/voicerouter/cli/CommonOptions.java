package io.voicerouter.cli;

import io.voicerouter.spi.ProviderCapabilities;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.ProviderLoader;
import io.voicerouter.spi.TtsProvider;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Options every command that creates providers shares. */
final class CommonOptions {
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where models, caches and stats live (default: $VOICEROUTER_HOME or ~/.cache/voicerouter).")
    Path dataDir;

    @Option(names = {"-O", "--option"}, paramLabel = "KEY=VALUE",
            description = "A provider option, e.g. piper.voices_dir=/models/piper or azure_tts.region=westeurope.")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = {"-v", "--verbose"}, description = "Log what the providers do.")
    boolean verbose;

    ProviderContext context() {
        ProviderContext.Builder b = ProviderContext.builder().options(options);
        if (dataDir != null) {
            b.dataDirectory(dataDir);
        }
        return b.build();
    }

    /** The capabilities of every installed provider, keyed by id; nothing is initialized. */
    Map<String, ProviderCapabilities> installedCapabilities() {
        Map<String, ProviderCapabilities> installed = new LinkedHashMap<>();
        List<TtsProvider> providers = ProviderLoader.createAll(context());
        try {
            providers.forEach(p -> installed.put(p.id(), p.capabilities()));
        } finally {
            providers.forEach(TtsProvider::close);
        }
        return installed;
    }

    /**
     * The installed providers this config can reach (its entries, its chain and a forced id), so a
     * command does not start, and warn about, cloud services the personality never uses.
     */
    List<TtsProvider> providersFor(io.voicerouter.config.VoiceConfig config, String forced) {
        java.util.Set<String> wanted = new java.util.HashSet<>(config.providers().keySet());
        wanted.addAll(config.fallbackChain());
        wanted.add(config.activeProviderOrDefault());
        if (forced != null) {
            wanted.add(forced);
        }
        List<TtsProvider> keep = new java.util.ArrayList<>();
        for (TtsProvider p : ProviderLoader.createAll(context())) {
            if (wanted.contains(p.id())) {
                keep.add(p);
            } else {
                p.close();
            }
        }
        return keep;
    }

    Path statsFile() {
        return context().dataDirectory().resolve("stats.json");
    }
}
