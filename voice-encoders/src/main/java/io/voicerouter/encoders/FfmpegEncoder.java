package io.voicerouter.encoders;

import io.voicerouter.audio.AudioData;
import io.voicerouter.encode.AudioEncoder;
import io.voicerouter.encode.EncodeSpec;
import io.voicerouter.encode.EncoderSession;
import io.voicerouter.encode.OutputFormat;
import io.voicerouter.encoders.internal.FfmpegProcess;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * mp3 (libmp3lame), opus (libopus, in Ogg), aac (ffmpeg's native AAC-LC, in ADTS) and flac through
 * the system {@code ffmpeg}, one process per encode, fed 32-bit float PCM on stdin. Debian's
 * {@code ffmpeg} package has all four encoders. The binary is the system property
 * {@code voicerouter.ffmpeg}, else {@code $VOICEROUTER_FFMPEG}, else {@code ffmpeg} on the PATH;
 * {@code ffmpeg -encoders} is asked once per instance which encoders the build has.
 *
 * <p>A whole clip is encoded to a temporary file, so ffmpeg can go back and complete the headers that
 * need the length: the MP3 Xing/LAME frame (exact duration and gapless playback) and FLAC's
 * STREAMINFO (sample count, MD5). A stream goes out through a pipe as ffmpeg makes it, every packet
 * flushed, Ogg pages every 100 ms; those headers then stay incomplete, as for any streamed file.
 */
public final class FfmpegEncoder implements AudioEncoder {
    /** The ffmpeg encoder behind each format. */
    static final Map<OutputFormat, String> CODECS = Map.of(
            OutputFormat.MP3, "libmp3lame",
            OutputFormat.OPUS, "libopus",
            OutputFormat.AAC, "aac",
            OutputFormat.FLAC, "flac");
    private static final String INSTALL = "install the ffmpeg package (Debian/Ubuntu: apt-get install ffmpeg; "
            + "Fedora: dnf install ffmpeg; macOS: brew install ffmpeg) or point the system property "
            + "voicerouter.ffmpeg or $VOICEROUTER_FFMPEG at an ffmpeg binary";

    private final String executable;
    private volatile Probe probe;

    /** The ffmpeg that {@code voicerouter.ffmpeg}, {@code $VOICEROUTER_FFMPEG} or the PATH gives. */
    public FfmpegEncoder() {
        this(defaultExecutable());
    }

    /** This ffmpeg binary: a path, or a name looked up on the PATH. */
    public FfmpegEncoder(String executable) {
        this.executable = Objects.requireNonNull(executable, "executable");
    }

    static String defaultExecutable() {
        String property = System.getProperty("voicerouter.ffmpeg");
        if (property != null && !property.isBlank()) {
            return property;
        }
        String env = System.getenv("VOICEROUTER_FFMPEG");
        return env != null && !env.isBlank() ? env : "ffmpeg";
    }

    public String executable() {
        return executable;
    }

    @Override
    public String id() {
        return "ffmpeg";
    }

    @Override
    public Set<OutputFormat> formats() {
        return EnumSet.copyOf(CODECS.keySet());
    }

    @Override
    public int priority() {
        return 50;
    }

    @Override
    public Optional<String> missing(OutputFormat format) {
        String codec = CODECS.get(format);
        if (codec == null) {
            return Optional.of("the ffmpeg encoder here does not write " + format.id());
        }
        Probe p = probe();
        if (p.failure != null) {
            return Optional.of("no usable ffmpeg at '" + executable + "' (" + p.failure + "); " + INSTALL);
        }
        if (!p.encoders.contains(codec)) {
            return Optional.of("the ffmpeg at '" + executable + "' was built without the " + codec
                    + " encoder; install a build that has it (Debian's ffmpeg package does)");
        }
        return Optional.empty();
    }

    @Override
    public EncoderSession open(EncodeSpec spec, OutputStream out) {
        Checks.format(this, spec);
        return FfmpegProcess.start(executable, arguments(spec, true, "pipe:1"), out, spec);
    }

    @Override
    public void encode(AudioData audio, EncodeSpec spec, OutputStream out) {
        Checks.format(this, spec);
        Path tmp;
        try {
            tmp = Files.createTempFile("voicerouter-", "." + spec.format().extensions().get(0));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary file for ffmpeg", e);
        }
        try {
            try (FfmpegProcess session = FfmpegProcess.start(executable,
                    arguments(spec, false, tmp.toString()), OutputStream.nullOutputStream(), spec)) {
                session.write(audio);
                session.finish();
            }
            Files.copy(tmp, out);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy ffmpeg's output", e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // a temporary file left behind is not worth failing the encode for
            }
        }
    }

    /** The command line: raw float PCM in on stdin, {@code spec}'s format out to {@code target}. */
    List<String> arguments(EncodeSpec spec, boolean streaming, String target) {
        // Raw PCM needs no probing; without these ffmpeg reads seconds of input before it encodes anything.
        List<String> a = new ArrayList<>(List.of(executable, "-hide_banner", "-nostats", "-loglevel", "error",
                "-probesize", "32", "-analyzeduration", "0", "-f", "f32le", "-ar", Integer.toString(spec.sampleRate()), "-ac", Integer.toString(spec.channels()),
                "-i", "pipe:0", "-map_metadata", "-1", "-c:a", CODECS.get(spec.format())));
        String kbps = spec.bitrateKbps() + "k";
        switch (spec.format()) {
            case MP3 -> a.addAll(List.of("-b:a", kbps, "-id3v2_version", "0", "-f", "mp3"));
            case OPUS -> {
                a.addAll(List.of("-b:a", kbps, "-vbr", "on", "-application", "audio", "-f", "ogg"));
                if (streaming) {
                    a.addAll(List.of("-page_duration", "100000"));
                }
            }
            case AAC -> a.addAll(List.of("-b:a", kbps, "-f", "adts"));
            // 16-bit, as a PCM_16 WAV and java-flac store it: from float input ffmpeg would pick 32-bit
            // samples, whose noise-filled low bits make the file larger than the WAV
            case FLAC -> a.addAll(List.of("-sample_fmt", "s16", "-compression_level",
                    Integer.toString(spec.compressionLevel()), "-f", "flac"));
            default -> throw new IllegalStateException("unhandled " + spec.format());
        }
        if (streaming) {
            a.addAll(List.of("-flush_packets", "1"));
        }
        a.addAll(List.of("-y", target));
        return a;
    }

    private Probe probe() {
        Probe p = probe;
        if (p == null) {
            p = Probe.run(executable);
            if (!Thread.currentThread().isInterrupted()) {
                probe = p; // an interrupted probe proves nothing about the binary: ask again next time
            }
        }
        return p;
    }

    /** What {@code ffmpeg -encoders} said: the encoder names, or why it could not run. */
    private record Probe(Set<String> encoders, String failure) {
        static Probe run(String executable) {
            try {
                Process process = new ProcessBuilder(executable, "-hide_banner", "-encoders")
                        .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
                process.getOutputStream().close();
                String text = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return new Probe(Set.of(), "'ffmpeg -encoders' did not answer in 30 s");
                }
                if (process.exitValue() != 0) {
                    return new Probe(Set.of(), "'ffmpeg -encoders' exited with " + process.exitValue());
                }
                Set<String> names = new java.util.HashSet<>();
                for (String line : text.split("\n")) {
                    String[] f = line.trim().split("\\s+");
                    // " A....D libmp3lame  ..." : flags starting with A (audio), then the name
                    if (f.length >= 2 && f[0].length() == 6 && f[0].charAt(0) == 'A') {
                        names.add(f[1].toLowerCase(Locale.ROOT));
                    }
                }
                return new Probe(Set.copyOf(names), null);
            } catch (IOException e) {
                return new Probe(Set.of(), e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Probe(Set.of(), "interrupted while asking ffmpeg for its encoders");
            }
        }
    }

    @Override
    public String toString() {
        return "FfmpegEncoder[" + executable + "]";
    }
}
