package io.voicerouter.cli;

import io.voicerouter.audio.SampleFormat;
import io.voicerouter.audio.WavCodec;
import io.voicerouter.audio.WavStreamWriter;
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

    @Option(names = "--stream", description = "Write the audio as it is made (sentence by sentence) and print the "
            + "time to first audio. With -o - the WAV goes to standard output and the report to standard error.")
    boolean stream;

    @Mixin
    CommonOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        VoiceConfig config = configFile == null ? defaultConfig() : VoiceConfigJson.read(configFile);
        SpeechRequest.Builder request = SpeechRequest.builder(String.join(" ", words), config);
        Optional.ofNullable(language).ifPresent(request::language);
        Optional.ofNullable(provider).ifPresent(request::forceProvider);
        Optional.ofNullable(timeoutSeconds).map(s -> Duration.ofMillis(Math.round(s * 1000))).ifPresent(request::timeout);

        try (VoiceRouter router = VoiceRouter.builder()
                .providers(common.providersFor(config, provider))
                .statsStore(new JsonFileStatsStore(common.statsFile()))
                .build()) {
            router.initialize();
            if (stream) {
                return streamed(router, request.build());
            }
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
        return 0;
    }

    /**
     * Streams into the WAV: the writer opens on the first chunk (which tells the rate), each chunk is
     * written and flushed as it comes, and a broken stream leaves no file behind.
     */
    private int streamed(VoiceRouter router, SpeechRequest request) throws java.io.IOException {
        boolean toStdout = output.toString().equals("-");
        PrintWriter report = toStdout ? spec.commandLine().getErr() : spec.commandLine().getOut();
        if (!toStdout) {
            java.nio.file.Files.createDirectories(output.toAbsolutePath().getParent());
        }
        WavStreamWriter[] writer = new WavStreamWriter[1];
        Duration[] firstAudio = new Duration[1];
        SpeechResult result;
        try {
            result = router.stream(request, chunk -> {
                if (writer[0] == null) {
                    firstAudio[0] = chunk.sinceStart();
                    writer[0] = open(chunk.sampleRate(), chunk.audio().channels(), toStdout);
                }
                writer[0].write(chunk.audio());
                writer[0].flush();
            });
        } catch (RuntimeException e) {
            if (writer[0] != null) {
                writer[0].abort();
            }
            throw e;
        }
        writer[0].close();
        report.println(String.format(Locale.ROOT, "Streamed %s: %.2f s of %d Hz audio from %s; first audio after %s, "
                        + "all of it after %s%s.",
                toStdout ? "to standard output" : output, result.audio().durationSeconds(), result.audio().sampleRate(),
                result.providerId(), Trace.millis(firstAudio[0]), Trace.millis(result.latency()),
                result.cached() ? " (cached)" : ""));
        Trace.print(report, result.attempts());
        report.flush();
        router.flushStats();
        return 0;
    }

    private WavStreamWriter open(int rate, int channels, boolean toStdout) {
        if (toStdout) {
            return WavStreamWriter.toStream(System.out, format, rate, channels);
        }
        try {
            return WavStreamWriter.toFile(output, format, rate, channels);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot write " + output, e);
        }
    }

    /** Without a config: the espeak voice, which needs no download. */
    static VoiceConfig defaultConfig() {
        VoiceConfig single = VoiceConfig.singleProvider("espeak");
        return new VoiceConfig(single.activeProvider(), single.providers(), single.fallbackChain(),
                Optional.of(LanguagePreferences.of("en", List.of())), List.of(), single.stats(), single.extra());
    }
}
