package io.voicerouter.cli;

import io.voicerouter.audio.SampleFormat;
import io.voicerouter.cache.SynthesisCache;
import io.voicerouter.error.VoiceException;
import io.voicerouter.router.VoiceRouterBuilder;
import io.voicerouter.store.jdbc.VoiceStore;
import io.voicerouter.audio.WavCodec;
import io.voicerouter.encode.AudioEncoders;
import io.voicerouter.encode.EncoderSettings;
import io.voicerouter.encode.OutputFormat;
import io.voicerouter.encode.StreamingEncoder;
import io.voicerouter.error.InvalidSettingException;
import io.voicerouter.config.LanguagePreferences;
import io.voicerouter.config.VoiceConfig;
import io.voicerouter.config.VoiceConfigJson;
import io.voicerouter.router.SpeechRequest;
import io.voicerouter.router.SpeechResult;
import io.voicerouter.router.VoiceRouter;
import io.voicerouter.stats.JsonFileStatsStore;
import io.voicerouter.stats.StatsStoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedOutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "say", description = "Speak TEXT into an audio file (wav, mp3, opus, aac, flac, pcm, mulaw, alaw) "
        + "and print which providers were tried.")
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
            description = "The file to write; its extension picks the format (.wav, .mp3, .opus/.ogg, .aac, .flac, "
                    + ".pcm, .ulaw, .alaw) unless --format says otherwise; a name without an extension (such as /dev/null) "
                    + "is WAV; - writes to standard output (WAV unless --format says otherwise). A link is followed; a device or FIFO is written into "
                    + "(WAV unless --format says otherwise) (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Audio format, overriding the extension: wav, pcm, mulaw, alaw, mp3, opus, aac, flac. "
                    + "A WAV sample format (PCM_16, PCM_24, FLOAT_32, ...) still means wav in that sample format.")
    String format;

    @Option(names = "--sample-format", paramLabel = "FORMAT",
            description = "WAV sample format: ${COMPLETION-CANDIDATES} (default: PCM_16).")
    SampleFormat sampleFormat;

    @Option(names = "--bitrate", paramLabel = "KBPS",
            description = "Bitrate in kbit/s for mp3 (default 64), opus (32) and aac (64).")
    Integer bitrateKbps;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up after this many seconds.")
    Double timeoutSeconds;

    @Option(names = "--stream", description = "Write the audio as it is made, sentence by sentence, and print the "
            + "time to first audio. A file appears complete when the stream ends; with -o - the audio goes out at once.")
    boolean stream;

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
        checkOutput(output);
        Duration timeout = timeoutSeconds == null ? null : timeout(timeoutSeconds);
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
            Optional.ofNullable(timeout).ifPresent(request::timeout);
            request.build(); // blank text is refused before any provider starts

            EncoderSettings encoding = encoderSettings();
            AudioEncoders encoders = AudioEncoders.installed();
            encoders.encoderFor(encoding.format()); // a missing encoder fails before any synthesis
            VoiceRouterBuilder builder = VoiceRouter.builder()
                    .providers(common.providersFor(config, provider))
                    .statsStore(new JsonFileStatsStore(common.statsFile()))
                    .cache(cache);
            store.ifPresent(s -> s.attachTo(builder));
            try (VoiceRouter router = builder.build()) {
                router.initialize();
                boolean toStdout = output.toString().equals("-");
                if (stream) {
                    return streamed(router, request.build(), encoders, encoding, toStdout);
                }
                SpeechResult result = router.synthesize(request.build());
                if (toStdout) {
                    BufferedOutputStream audio = new BufferedOutputStream(System.out, 1 << 16);
                    encoders.encode(result.audio(), encoding, audio);
                    audio.flush();
                } else {
                    java.nio.file.Files.createDirectories(output.toAbsolutePath().getParent());
                    encoders.encode(result.audio(), encoding, output);
                }
                // with the audio on standard output, the report goes to standard error
                PrintWriter out = toStdout ? spec.commandLine().getErr() : spec.commandLine().getOut();
                out.println(String.format(Locale.ROOT, "Wrote %s (%s): %.2f s of %d Hz audio from %s in %s%s.",
                        output, encoding.format().id(), result.audio().durationSeconds(), result.audio().sampleRate(),
                        result.providerId(), Trace.millis(result.latency()), result.cached() ? " (cached)" : ""));
                Trace.print(out, result.attempts());
                try {
                    router.flushStats();
                } catch (StatsStoreException e) {
                    // the speech is written; not counting it is worth a warning, not a failed command
                    spec.commandLine().getErr().println("voice: warning: " + e.getMessage());
                }
            }
        } finally {
            store.ifPresent(VoiceStore::close);
        }
        return 0;
    }

    /**
     * Encodes each chunk as it comes: to standard output at once, or into a temporary file next to the
     * output that replaces it when the stream ends (a broken stream leaves the old file as it was).
     */
    private int streamed(VoiceRouter router, SpeechRequest request, AudioEncoders encoders, EncoderSettings encoding,
                         boolean toStdout) throws java.io.IOException {
        Duration[] firstAudio = new Duration[1];
        SpeechResult[] result = new SpeechResult[1];
        io.voicerouter.internal.io.AtomicFiles.Content write = out -> {
            try (StreamingEncoder encoder = encoders.stream(encoding, out)) {
                result[0] = router.stream(request, chunk -> {
                    if (chunk.first()) {
                        firstAudio[0] = chunk.sinceStart();
                    }
                    encoder.accept(chunk.audio());
                    flush(out);
                });
                encoder.finish();
            }
            out.flush();
        };
        if (toStdout) {
            write.writeTo(new BufferedOutputStream(System.out, 1 << 16));
        } else {
            java.nio.file.Files.createDirectories(output.toAbsolutePath().getParent());
            io.voicerouter.internal.io.AtomicFiles.replace(output, write);
        }
        PrintWriter report = toStdout ? spec.commandLine().getErr() : spec.commandLine().getOut();
        SpeechResult r = result[0];
        report.println(String.format(Locale.ROOT, "Streamed %s (%s): %.2f s of %d Hz audio from %s; first audio after %s, "
                        + "all of it after %s%s.",
                toStdout ? "to standard output" : output, encoding.format().id(), r.audio().durationSeconds(),
                r.audio().sampleRate(), r.providerId(), Trace.millis(firstAudio[0]), Trace.millis(r.latency()),
                r.cached() ? " (cached)" : ""));
        Trace.print(report, r.attempts());
        report.flush();
        try {
            router.flushStats();
        } catch (StatsStoreException e) {
            spec.commandLine().getErr().println("voice: warning: " + e.getMessage());
        }
        return 0;
    }

    private static void flush(java.io.OutputStream out) {
        try {
            out.flush(); // so a player reading the pipe hears each sentence as it is made
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The longest {@code --timeout}: a day; anything longer is a typo (and overflows the timer's nanoseconds). */
    static final double MAX_TIMEOUT_SECONDS = 86_400;

    static Duration timeout(double seconds) {
        if (!(seconds > 0) || seconds > MAX_TIMEOUT_SECONDS || Double.isNaN(seconds)) {
            throw new ErrorHandler.BadArgumentException("--timeout must be a number of seconds above 0 and at most "
                    + (long) MAX_TIMEOUT_SECONDS + ", got " + seconds);
        }
        return Duration.ofNanos(Math.max(1_000_000L, Math.round(seconds * 1e9)));
    }

    /** Refuses an output the WAV cannot be written to, before minutes of synthesis are spent. */
    static void checkOutput(Path output) {
        if (output == null || output.toString().isBlank()) {
            throw new ErrorHandler.BadArgumentException("-o/--output is empty: name the WAV file to write");
        }
        if (java.nio.file.Files.isDirectory(output)) {
            throw new ErrorHandler.BadArgumentException("-o/--output " + output
                    + " is a directory: name the WAV file to write, such as " + output.resolve("out.wav"));
        }
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

    /** A device or FIFO that exists: written into as a stream, not replaced. */
    private static boolean isStream(Path output) {
        return java.nio.file.Files.exists(output) && !java.nio.file.Files.isRegularFile(output)
                && !java.nio.file.Files.isDirectory(output);
    }

    /** --format, else the output's extension; then the format's own options. */
    EncoderSettings encoderSettings() {
        OutputFormat chosen;
        SampleFormat wavSamples = sampleFormat;
        if (format != null) {
            SampleFormat legacy = legacySampleFormat(format);
            if (legacy != null) { // the option's earlier meaning: a WAV sample format
                chosen = OutputFormat.WAV;
                wavSamples = wavSamples != null ? wavSamples : legacy;
            } else {
                chosen = OutputFormat.parse(format);
            }
        } else {
            String name = output.getFileName() == null ? "" : output.getFileName().toString();
            if (output.toString().equals("-") || !name.contains(".") || isStream(output)) {
                // standard output, a device such as /dev/null, a FIFO or a name without an extension: WAV, the default
                chosen = OutputFormat.WAV;
            } else {
                chosen = OutputFormat.forFileName(name).orElseThrow(() -> new InvalidSettingException("format",
                        "Cannot tell the audio format from '" + name + "'; name the file .wav, .mp3, .opus, .aac, "
                                + ".flac, .pcm, .ulaw or .alaw, or pass --format"));
            }
        }
        EncoderSettings.Builder b = EncoderSettings.builder(chosen);
        if (wavSamples != null) {
            b.sampleFormat(wavSamples);
        }
        if (bitrateKbps != null) {
            b.bitrateKbps(bitrateKbps);
        }
        return b.build();
    }

    private static SampleFormat legacySampleFormat(String name) {
        for (SampleFormat f : SampleFormat.values()) {
            if (f.name().equalsIgnoreCase(name)) {
                return f;
            }
        }
        return null;
    }

    /** Without a config: the espeak voice, which needs no download. */
    static VoiceConfig defaultConfig() {
        VoiceConfig single = VoiceConfig.singleProvider("espeak");
        return new VoiceConfig(single.activeProvider(), single.providers(), single.fallbackChain(),
                Optional.of(LanguagePreferences.of("en", List.of())), List.of(), single.stats(), single.extra());
    }
}
