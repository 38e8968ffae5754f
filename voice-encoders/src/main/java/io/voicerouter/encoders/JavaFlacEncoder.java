package io.voicerouter.encoders;

import io.voicerouter.audio.AudioData;
import io.voicerouter.audio.SampleFormat;
import io.voicerouter.audio.WavCodec;
import io.voicerouter.encode.AudioEncoder;
import io.voicerouter.encode.EncodeSpec;
import io.voicerouter.encode.EncoderSession;
import io.voicerouter.encode.OutputFormat;
import io.voicerouter.encoders.internal.FlacFrames;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * FLAC without ffmpeg: 16-bit samples (rounded as a PCM_16 WAV is), 4096-frame blocks, fixed
 * predictors with partitioned Rice coding ({@link FlacFrames}). A whole clip gets a complete
 * STREAMINFO (sample count, frame sizes, MD5 of the samples); a stream gets "unknown" there, as any
 * streamed FLAC does. Ranked after ffmpeg, whose LPC makes files a few percent smaller; it is what a
 * host without ffmpeg gets.
 */
public final class JavaFlacEncoder implements AudioEncoder {
    @Override
    public String id() {
        return "java-flac";
    }

    @Override
    public Set<OutputFormat> formats() {
        return EnumSet.of(OutputFormat.FLAC);
    }

    @Override
    public Optional<String> missing(OutputFormat format) {
        return format == OutputFormat.FLAC ? Optional.empty() : Optional.of("java-flac only writes flac");
    }

    @Override
    public int priority() {
        return 60;
    }

    @Override
    public EncoderSession open(EncodeSpec spec, OutputStream out) {
        Checks.format(this, spec);
        write(out, FlacFrames.header(spec.sampleRate(), spec.channels(), 0, 0, 0, new byte[16]), 0, -1);
        return new Session(spec, out);
    }

    @Override
    public void encode(AudioData audio, EncodeSpec spec, OutputStream out) {
        Checks.format(this, spec);
        byte[] pcm = WavCodec.samples(audio, SampleFormat.PCM_16);
        int[] samples = toInts(pcm, pcm.length / 2);
        FlacFrames frames = new FlacFrames(spec.sampleRate(), spec.channels(), spec.compressionLevel());
        ByteArrayOutputStream body = new ByteArrayOutputStream(pcm.length / 2 + 64);
        int min = Integer.MAX_VALUE;
        int max = 0;
        int channels = spec.channels();
        for (int at = 0; at < audio.frames(); at += FlacFrames.BLOCK) {
            int n = Math.min(FlacFrames.BLOCK, audio.frames() - at);
            byte[] frame = frames.frame(samples, at * channels, n);
            body.write(frame, 0, frames.frameLength());
            min = Math.min(min, frames.frameLength());
            max = Math.max(max, frames.frameLength());
        }
        write(out, FlacFrames.header(spec.sampleRate(), channels, max == 0 ? 0 : min, max, audio.frames(),
                md5(pcm)), 0, -1);
        write(out, body.toByteArray(), 0, -1);
    }

    private static final class Session implements EncoderSession {
        private final OutputStream out;
        private final int channels;
        private final FlacFrames frames;
        private int[] pending = new int[FlacFrames.BLOCK * 2];
        private int pendingFrames;
        private boolean finished;

        Session(EncodeSpec spec, OutputStream out) {
            this.out = out;
            this.channels = spec.channels();
            this.frames = new FlacFrames(spec.sampleRate(), channels, spec.compressionLevel());
        }

        @Override
        public void write(AudioData audio) {
            if (finished) {
                throw new IllegalStateException("the FLAC stream is finished");
            }
            byte[] pcm = WavCodec.samples(audio, SampleFormat.PCM_16);
            int count = pcm.length / 2;
            int needed = pendingFrames * channels + count;
            if (needed > pending.length) {
                pending = Arrays.copyOf(pending, Math.max(needed, pending.length * 2));
            }
            int[] fresh = toInts(pcm, count);
            System.arraycopy(fresh, 0, pending, pendingFrames * channels, count);
            pendingFrames += audio.frames();
            int at = 0;
            while (pendingFrames - at >= FlacFrames.BLOCK) {
                emit(at, FlacFrames.BLOCK);
                at += FlacFrames.BLOCK;
            }
            System.arraycopy(pending, at * channels, pending, 0, (pendingFrames - at) * channels);
            pendingFrames -= at;
        }

        @Override
        public void finish() {
            if (finished) {
                return;
            }
            finished = true;
            if (pendingFrames > 0) {
                emit(0, pendingFrames);
                pendingFrames = 0;
            }
        }

        @Override
        public void close() {
        }

        private void emit(int at, int n) {
            byte[] frame = frames.frame(pending, at * channels, n);
            JavaFlacEncoder.write(out, frame, 0, frames.frameLength());
        }
    }

    private static int[] toInts(byte[] pcm, int count) {
        int[] out = new int[count];
        for (int i = 0, p = 0; i < count; i++, p += 2) {
            out[i] = (short) ((pcm[p] & 0xFF) | pcm[p + 1] << 8);
        }
        return out;
    }

    /** STREAMINFO's MD5 is over the samples as signed little-endian integers, interleaved: exactly PCM_16 bytes. */
    private static byte[] md5(byte[] pcm) {
        try {
            return MessageDigest.getInstance("MD5").digest(pcm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
    }

    private static void write(OutputStream out, byte[] bytes, int from, int length) {
        try {
            out.write(bytes, from, length < 0 ? bytes.length : length);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write FLAC", e);
        }
    }
}
