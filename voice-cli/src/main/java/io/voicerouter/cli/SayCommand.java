package io.voicerouter.cli;

import io.voicerouter.audio.SampleFormat;
import io.voicerouter.cache.SynthesisCache;
import io.voicerouter.error.VoiceException;
import io.voicerouter.router.VoiceRouterBuilder;
import io.voicerouter.store.jdbc.VoiceStore;
import io.voicerouter.audio.WavCodec;
import io.voicerouter.config.LanguagePreferences;
import io.voicerouter.config.VoiceConfig;
import io.voicerouter.config.VoiceConfigJson;
import io.voicerouter.router.SpeechRequest;
import io.voicerouter.router.SpeechResult;
import io.voicerouter.router.VoiceRouter;
import io.voicerouter.stats.JsonFileStatsStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "say", description = "Speak TEXT into a WAV file and print which providers were tried.")
final class SayCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "TEXT", description = "The text to speak.")
    List<String> words;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "A personality's voice_config JSON (default: the espeak voice, no download).")
    Path configFile;

    @Option(names = {"-p", "--provider"}, paramLabel = "ID", description = "Try this provider first.")
    String provider;

    @Option(names = {"-l", "--language"}, paramLabel = "CODE", description = "Language code (default: the config's primary).")
    String language;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "out.wav",
            description = "The WAV file to write (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--format", defaultValue = "PCM_16",
            description = "Sample format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    SampleFormat format;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up after this many seconds.")
    Double timeoutSeconds;

    @Option(names = "--personality", paramLabel = "ID",
            description = "Whose line this is: stats are kept for it, and without --config its voice_config comes from the store.")
    String personality;

    @Mixin
    CommonOptions common;

    @Mixin
    SharedStateOptions shared;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (personality != null && configFile == null && !shared.hasStore()) {
            shared.store = ""; // the personality's config lives in the (embedded) store
        }
        Optional<VoiceStore> store = shared.openStore(common.context().dataDirectory());
        try (SynthesisCache cache = shared.cache()) {
            VoiceConfig config = config(store);
            SpeechRequest.Builder request = SpeechRequest.builder(String.join(" ", words), config);
            Optional.ofNullable(language).ifPresent(request::language);
            Optional.ofNullable(provider).ifPresent(request::forceProvider);
            Optional.ofNullable(personality).ifPresent(request::personality);
            Optional.ofNullable(timeoutSeconds).map(s -> Duration.ofMillis(Math.round(s * 1000))).ifPresent(request::timeout);

            VoiceRouterBuilder builder = VoiceRouter.builder()
                    .providers(common.providersFor(config, provider))
                    .statsStore(new JsonFileStatsStore(common.statsFile()))
                    .cache(cache);
            store.ifPresent(s -> s.attachTo(builder));
            try (VoiceRouter router = builder.build()) {
                router.initialize();
                SpeechResult result = router.synthesize(request.build());
                java.nio.file.Files.createDirectories(output.toAbsolutePath().getParent());
                WavCodec.write(result.audio(), format, output);
                PrintWriter out = spec.commandLine().getOut();
                out.println(String.format(Locale.ROOT, "Wrote %s: %.2f s of %d Hz audio from %s in %s%s.",
                        output, result.audio().durationSeconds(), result.audio().sampleRate(), result.providerId(),
                        Trace.millis(result.latency()), result.cached() ? " (cached)" : ""));
                Trace.print(out, result.attempts());
                router.flushStats();
            }
        } finally {
            store.ifPresent(VoiceStore::close);
        }
        return 0;
    }

    private VoiceConfig config(Optional<VoiceStore> store) {
        if (configFile != null) {
            return VoiceConfigJson.read(configFile);
        }
        if (personality != null) {
            VoiceStore s = store.orElseThrow();
            return s.personality(personality).orElseThrow(() -> new VoiceException("no personality " + personality
                    + " in " + s + "; store one with: voice personality import " + personality + " FILE"));
        }
        return defaultConfig();
    }

    /** Without a config: the espeak voice, which needs no download. */
    static VoiceConfig defaultConfig() {
        VoiceConfig single = VoiceConfig.singleProvider("espeak");
        return new VoiceConfig(single.activeProvider(), single.providers(), single.fallbackChain(),
                Optional.of(LanguagePreferences.of("en", List.of())), List.of(), single.stats(), single.extra());
    }
}
