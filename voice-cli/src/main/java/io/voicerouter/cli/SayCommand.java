package io.voicerouter.cli;

import io.voicerouter.audio.SampleFormat;
import io.voicerouter.encode.AudioEncoders;
import io.voicerouter.encode.EncoderSettings;
import io.voicerouter.encode.OutputFormat;
import io.voicerouter.error.InvalidSettingException;
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
                    + ".pcm, .ulaw, .alaw) unless --format says otherwise (default: ${DEFAULT-VALUE}).")
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

        EncoderSettings encoding = encoderSettings();
        AudioEncoders encoders = AudioEncoders.installed();
        encoders.encoderFor(encoding.format()); // a missing encoder fails before any synthesis
        try (VoiceRouter router = VoiceRouter.builder()
                .providers(common.providersFor(config, provider))
                .statsStore(new JsonFileStatsStore(common.statsFile()))
                .build()) {
            router.initialize();
            SpeechResult result = router.synthesize(request.build());
            java.nio.file.Files.createDirectories(output.toAbsolutePath().getParent());
            encoders.encode(result.audio(), encoding, output);
            PrintWriter out = spec.commandLine().getOut();
            out.println(String.format(Locale.ROOT, "Wrote %s (%s): %.2f s of %d Hz audio from %s in %s%s.",
                    output, encoding.format().id(), result.audio().durationSeconds(), result.audio().sampleRate(),
                    result.providerId(),
                    Trace.millis(result.latency()), result.cached() ? " (cached)" : ""));
            Trace.print(out, result.attempts());
            router.flushStats();
        }
        return 0;
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
            chosen = OutputFormat.forFileName(name).orElseThrow(() -> new InvalidSettingException("format",
                    "Cannot tell the audio format from '" + name + "'; name the file .wav, .mp3, .opus, .aac, .flac, "
                            + ".pcm, .ulaw or .alaw, or pass --format"));
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
