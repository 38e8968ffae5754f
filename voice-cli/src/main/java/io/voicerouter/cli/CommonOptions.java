package io.voicerouter.cli;

import io.voicerouter.spi.ProviderContext;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
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

    Path statsFile() {
        return context().dataDirectory().resolve("stats.json");
    }
}
