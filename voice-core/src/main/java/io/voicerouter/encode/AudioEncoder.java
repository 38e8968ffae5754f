package io.voicerouter.encode;

import io.voicerouter.audio.AudioData;

import java.io.OutputStream;
import java.util.Optional;
import java.util.Set;

/**
 * Turns PCM into one or more {@link OutputFormat}s. Implementations are found with
 * {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/io.voicerouter.encode.AudioEncoder}; it needs a public no-argument
 * constructor) and used through {@link AudioEncoders}, which converts rate and channels first: an
 * encoder sees audio exactly as its {@link EncodeSpec} describes. Thread-safe: one instance serves
 * many encodes at once, each through its own {@link EncoderSession}.
 */
public interface AudioEncoder {
    /** A short name for traces and errors: {@code ffmpeg}, {@code java-opus}. */
    String id();

    /** The formats this encoder can produce when everything it needs is installed. */
    Set<OutputFormat> formats();

    /**
     * Empty when this encoder can produce {@code format} on this machine now; otherwise what is
     * missing and what to install, as a sentence for the user.
     */
    Optional<String> missing(OutputFormat format);

    /** Among encoders that can produce a format, the lowest priority is used. Built-ins use 10-100. */
    default int priority() {
        return 100;
    }

    /**
     * Starts one encoded stream into {@code out}, which the session writes to but does not close.
     * The stream's bytes may go out before the last audio arrives.
     */
    EncoderSession open(EncodeSpec spec, OutputStream out);

    /**
     * Encodes a whole clip. The default streams it through one session; an encoder that can do better
     * knowing the length (exact sizes in a header, a seek table) overrides this.
     */
    default void encode(AudioData audio, EncodeSpec spec, OutputStream out) {
        try (EncoderSession session = open(spec, out)) {
            session.write(audio);
            session.finish();
        }
    }
}
