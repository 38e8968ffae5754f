package io.voicerouter.encoders;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;
import io.github.jaredmdobson.concentus.OpusSignal;
import io.voicerouter.audio.AudioData;
import io.voicerouter.encode.AudioEncoder;
import io.voicerouter.encode.EncodeSpec;
import io.voicerouter.encode.EncoderSession;
import io.voicerouter.encode.OutputFormat;
import io.voicerouter.encoders.internal.OggPageWriter;
import io.voicerouter.error.AudioEncodingException;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Opus in Ogg without ffmpeg: Concentus (a pure-Java port of libopus) makes the packets, and this
 * class the Ogg Opus stream of RFC 7845: an OpusHead page (pre-skip = the encoder's lookahead, the
 * speech's original rate), an OpusTags page, then 20 ms packets, one page or more per chunk written
 * so a streaming client hears each chunk at once, and an end-of-stream page whose granule position
 * trims the padding of the last frame. Output is deterministic (fixed serial number), so the same
 * audio gives the same bytes. VBR at the set bitrate, complexity {@value #COMPLEXITY}, tuned for voice.
 */
public final class JavaOpusEncoder implements AudioEncoder {
    static final int RATE = 48_000;
    static final int FRAME = 960; // 20 ms at 48 kHz
    private static final int MAX_PACKET = 1275;
    /**
     * libopus's scale is 0-10 (10 its default). Concentus runs several times slower than native
     * libopus, and at 5 it takes about half the time of 10 for speech at 32 kbps with packets within a
     * few percent of the same size (voice-bench EncodingCostBenchmark; README).
     */
    static final int COMPLEXITY = 5;
    private static final int SERIAL = 0x566f6963; // "Voic": one logical stream per file, so any fixed value is valid
    private static final String VENDOR = "voicerouter (Concentus)";

    @Override
    public String id() {
        return "java-opus";
    }

    @Override
    public Set<OutputFormat> formats() {
        return EnumSet.of(OutputFormat.OPUS);
    }

    @Override
    public Optional<String> missing(OutputFormat format) {
        return format == OutputFormat.OPUS ? Optional.empty() : Optional.of("java-opus only writes opus");
    }

    /** Ahead of ffmpeg: no process to start per stream, and the same bytes on every machine. */
    @Override
    public int priority() {
        return 20;
    }

    @Override
    public EncoderSession open(EncodeSpec spec, OutputStream out) {
        Checks.format(this, spec);
        if (spec.sampleRate() != RATE || spec.channels() > 2) {
            throw new IllegalArgumentException("Ogg Opus takes 48000 Hz, 1 or 2 channels; got " + spec);
        }
        return new Session(spec, out);
    }

    private static final class Session implements EncoderSession {
        private final OpusEncoder encoder;
        private final OggPageWriter ogg;
        private final int channels;
        private final int preSkip;
        private final short[] frame;
        private final byte[] packet = new byte[MAX_PACKET];
        private int filled;        // frames in {@code frame}
        private long input;        // frames received
        private long encoded;      // frames encoded (the granule position)
        private boolean finished;

        Session(EncodeSpec spec, OutputStream out) {
            this.channels = spec.channels();
            try {
                encoder = new OpusEncoder(RATE, channels, OpusApplication.OPUS_APPLICATION_AUDIO);
            } catch (OpusException e) {
                throw new AudioEncodingException("Opus encoder refused " + spec + ": " + e.getMessage(), e);
            }
            encoder.setBitrate(spec.bitrateKbps() * 1000);
            encoder.setUseVBR(true);
            encoder.setComplexity(COMPLEXITY);
            encoder.setSignalType(OpusSignal.OPUS_SIGNAL_VOICE);
            preSkip = encoder.getLookahead();
            frame = new short[FRAME * channels];
            ogg = new OggPageWriter(out, SERIAL);
            ogg.packet(head(channels, preSkip, spec.sourceRate()), 19, 0);
            ogg.flush(OggPageWriter.BEGIN_OF_STREAM);
            byte[] tags = tags();
            ogg.packet(tags, tags.length, 0);
            ogg.flush(0);
        }

        @Override
        public void write(AudioData audio) {
            if (finished) {
                throw new IllegalStateException("the Opus stream is finished");
            }
            int n = audio.sampleCount();
            for (int i = 0; i < n; i++) {
                frame[filled * channels + i % channels] = toShort(audio.sampleAt(i));
                if (i % channels == channels - 1 && ++filled == FRAME) {
                    encodeFrame();
                }
            }
            input += audio.frames();
            ogg.flush(0); // this chunk's packets go out now
        }

        @Override
        public void finish() {
            if (finished) {
                return;
            }
            finished = true;
            long end = preSkip + input; // the decoder drops pre-skip, so this many frames must be coded
            while (filled > 0 || encoded < end) {
                java.util.Arrays.fill(frame, filled * channels, frame.length, (short) 0);
                filled = FRAME;
                encodeFrame();
            }
            // RFC 7845 end trimming: the last page's granule position says where the audio really ends.
            ogg.trimTo(end);
            ogg.flush(OggPageWriter.END_OF_STREAM);
        }

        @Override
        public void close() {
            // Concentus holds no native resources
        }

        private void encodeFrame() {
            int length;
            try {
                length = encoder.encode(frame, 0, FRAME, packet, 0, MAX_PACKET);
            } catch (OpusException e) {
                throw new AudioEncodingException("Opus encoding failed: " + e.getMessage(), e);
            }
            encoded += FRAME;
            filled = 0;
            ogg.packet(packet, length, encoded);
        }

        private static short toShort(float s) {
            if (Float.isNaN(s)) {
                return 0;
            }
            return (short) Math.max(-32768, Math.min(32767, Math.round(s * 32768f)));
        }
    }

    /** RFC 7845 section 5.1, channel mapping family 0 (mono or stereo), output gain 0. */
    static byte[] head(int channels, int preSkip, int inputRate) {
        byte[] h = new byte[19];
        System.arraycopy("OpusHead".getBytes(StandardCharsets.US_ASCII), 0, h, 0, 8);
        h[8] = 1;
        h[9] = (byte) channels;
        h[10] = (byte) preSkip;
        h[11] = (byte) (preSkip >> 8);
        h[12] = (byte) inputRate;
        h[13] = (byte) (inputRate >> 8);
        h[14] = (byte) (inputRate >> 16);
        h[15] = (byte) (inputRate >> 24);
        return h; // gain (16-17) and mapping family (18) stay 0
    }

    /** RFC 7845 section 5.2: the vendor string and no user comments. */
    static byte[] tags() {
        byte[] vendor = VENDOR.getBytes(StandardCharsets.UTF_8);
        byte[] t = new byte[8 + 4 + vendor.length + 4];
        System.arraycopy("OpusTags".getBytes(StandardCharsets.US_ASCII), 0, t, 0, 8);
        t[8] = (byte) vendor.length;
        System.arraycopy(vendor, 0, t, 12, vendor.length);
        return t;
    }
}
