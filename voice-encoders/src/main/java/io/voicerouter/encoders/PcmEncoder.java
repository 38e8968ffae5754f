package io.voicerouter.encoders;

import io.voicerouter.audio.AudioData;
import io.voicerouter.audio.WavCodec;
import io.voicerouter.encode.AudioEncoder;
import io.voicerouter.encode.EncodeSpec;
import io.voicerouter.encode.EncoderSession;
import io.voicerouter.encode.OutputFormat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * wav, raw pcm (s16le) and raw G.711 (mulaw, alaw), in Java: nothing to install, nothing to buffer.
 * A whole WAV gets exact sizes in its header; a streamed WAV gets the 0xFFFFFFFF "unknown length"
 * sizes that ffmpeg, sox and browsers read to the end of the stream.
 */
public final class PcmEncoder implements AudioEncoder {
    private static final Set<OutputFormat> FORMATS =
            EnumSet.of(OutputFormat.WAV, OutputFormat.PCM, OutputFormat.MULAW, OutputFormat.ALAW);

    @Override
    public String id() {
        return "java-pcm";
    }

    @Override
    public Set<OutputFormat> formats() {
        return FORMATS;
    }

    @Override
    public Optional<String> missing(OutputFormat format) {
        return FORMATS.contains(format) ? Optional.empty() : Optional.of("java-pcm does not write " + format.id());
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public EncoderSession open(EncodeSpec spec, OutputStream out) {
        Checks.format(this, spec);
        if (spec.format() == OutputFormat.WAV) {
            write(out, WavCodec.streamHeader(spec.sampleRate(), spec.channels(), spec.sampleFormat()));
        }
        return new EncoderSession() {
            @Override
            public void write(AudioData audio) {
                PcmEncoder.write(out, WavCodec.samples(audio, spec.sampleFormat()));
            }

            @Override
            public void finish() {
                // raw samples and a streamed WAV have no closing framing
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void encode(AudioData audio, EncodeSpec spec, OutputStream out) {
        Checks.format(this, spec);
        if (spec.format() == OutputFormat.WAV) {
            WavCodec.write(audio, spec.sampleFormat(), out);
        } else {
            write(out, WavCodec.samples(audio, spec.sampleFormat()));
        }
    }

    private static void write(OutputStream out, byte[] bytes) {
        try {
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write encoded audio", e);
        }
    }
}
