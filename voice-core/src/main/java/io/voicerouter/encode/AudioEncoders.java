package io.voicerouter.encode;

import io.voicerouter.audio.AudioData;
import io.voicerouter.audio.Resampler;
import io.voicerouter.error.EncoderUnavailableException;
import io.voicerouter.error.VoiceException;
import io.voicerouter.internal.io.AtomicFiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The encoders a program can use, and the way to use them: picks the encoder for a format, converts
 * rate (through the band-limited {@link Resampler}) and channels as the format needs, and encodes a
 * whole clip ({@link #encode}) or a stream of chunks ({@link #stream}). Immutable and thread-safe.
 *
 * <pre>{@code
 * AudioEncoders encoders = AudioEncoders.installed();
 * byte[] mp3 = encoders.encode(result.audio(), EncoderSettings.of(OutputFormat.MP3));
 * try (StreamingEncoder opus = encoders.stream(EncoderSettings.of(OutputFormat.OPUS), socketOut)) {
 *     provider.synthesizeStreaming(request, opus);
 *     opus.finish();
 * }
 * }</pre>
 */
public final class AudioEncoders {
    private final List<AudioEncoder> encoders;

    private AudioEncoders(List<AudioEncoder> encoders) {
        List<AudioEncoder> sorted = new ArrayList<>(encoders);
        sorted.sort(Comparator.comparingInt(AudioEncoder::priority)); // stable: equal priorities keep their order
        this.encoders = List.copyOf(sorted);
    }

    /**
     * Every encoder found by {@link ServiceLoader}, through the thread's context class loader and this
     * library's own, each class once.
     */
    public static AudioEncoders installed() {
        Set<ClassLoader> loaders = new LinkedHashSet<>();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            loaders.add(context);
        }
        loaders.add(AudioEncoders.class.getClassLoader());
        List<AudioEncoder> found = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (ClassLoader loader : loaders) {
            try {
                for (AudioEncoder e : ServiceLoader.load(AudioEncoder.class, loader)) {
                    if (seen.add(e.getClass().getName())) {
                        found.add(e);
                    }
                }
            } catch (ServiceConfigurationError e) {
                throw new VoiceException("Broken audio encoder registration: " + e.getMessage(), e);
            }
        }
        return new AudioEncoders(found);
    }

    /** Exactly these encoders, by {@link AudioEncoder#priority()} and then in this order. */
    public static AudioEncoders of(List<? extends AudioEncoder> encoders) {
        return new AudioEncoders(List.copyOf(encoders));
    }

    /** The encoders, in the order they are tried. */
    public List<AudioEncoder> encoders() {
        return encoders;
    }

    /** Whether some encoder can produce {@code format} here. */
    public boolean canEncode(OutputFormat format) {
        return encoders.stream().anyMatch(e -> e.formats().contains(format) && e.missing(format).isEmpty());
    }

    /**
     * The encoder that will produce {@code format}.
     *
     * @throws EncoderUnavailableException saying, per encoder that knows the format, what to install
     */
    public AudioEncoder encoderFor(OutputFormat format) {
        Objects.requireNonNull(format, "format");
        List<String> reasons = new ArrayList<>();
        for (AudioEncoder e : encoders) {
            if (e.formats().contains(format)) {
                Optional<String> missing = e.missing(format);
                if (missing.isEmpty()) {
                    return e;
                }
                reasons.add(e.id() + ": " + missing.get());
            }
        }
        String why = reasons.isEmpty()
                ? "no installed encoder knows it; add the voice-encoders module (io.voicerouter:voice-encoders) "
                + "to the classpath"
                : String.join("; ", reasons);
        throw new EncoderUnavailableException(format.id(), "Cannot encode " + format.id() + ": " + why);
    }

    /** Encodes a whole clip into memory. */
    public byte[] encode(AudioData audio, EncoderSettings settings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encode(audio, settings, out);
        return out.toByteArray();
    }

    /** Encodes a whole clip into {@code out}, which is not closed. */
    public void encode(AudioData audio, EncoderSettings settings, OutputStream out) {
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(out, "out");
        EncodeSpec spec = settings.specFor(audio.sampleRate(), audio.channels());
        AudioEncoder encoder = encoderFor(spec.format());
        encoder.encode(convert(audio, spec), spec, out);
    }

    /**
     * Encodes a whole clip into {@code file}, replacing it atomically: a failed encode leaves the old
     * file as it was. The folder must exist.
     */
    public void encode(AudioData audio, EncoderSettings settings, Path file) {
        EncodeSpec spec = settings.specFor(audio.sampleRate(), audio.channels());
        AudioEncoder encoder = encoderFor(spec.format()); // fail before touching the file system
        AudioData converted = convert(audio, spec);
        try {
            AtomicFiles.replace(file, out -> encoder.encode(converted, spec, out));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /**
     * A stream encoder into {@code out}: pass it as the {@link io.voicerouter.spi.AudioSink} of a
     * streaming synthesis, then call {@link StreamingEncoder#finish()}. The encoder is chosen now, so
     * a missing one fails here, before any synthesis.
     */
    public StreamingEncoder stream(EncoderSettings settings, OutputStream out) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(out, "out");
        return new StreamingEncoder(encoderFor(settings.format()), settings, out);
    }

    static AudioData convert(AudioData audio, EncodeSpec spec) {
        AudioData a = audio.channels() == spec.channels() ? audio : audio.toMono();
        return Resampler.resample(a, spec.sampleRate());
    }

    @Override
    public String toString() {
        return "AudioEncoders" + encoders.stream().map(AudioEncoder::id).collect(Collectors.toList());
    }
}
