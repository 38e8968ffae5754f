package io.voicerouter.audio;

import io.voicerouter.error.AudioFormatException;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Writes a WAV file chunk by chunk while audio is still being made (a streamed request).
 * {@link #toStream} writes to a pipe or socket: the sizes in the header are {@code 0xFFFFFFFF}, the
 * convention players (ffmpeg, sox, aplay) read as "until the end". {@link #toFile} writes a
 * temporary sibling of the file as it goes, fixes the sizes on {@link #close()} and then renames it
 * over the target, so a reader never sees half a file; {@link #abort()} leaves the target as it was.
 * Not thread-safe.
 */
public final class WavStreamWriter implements AutoCloseable {
    private static final int UNKNOWN = 0xFFFFFFFF;

    private final SampleFormat format;
    private final int sampleRate;
    private final int channels;
    private final OutputStream out;
    private final FileChannel channel;
    private final Path tmp;
    private final Path target;
    private final int headerBytes;
    private final boolean fact;
    private long frames;
    private boolean done;

    private WavStreamWriter(OutputStream out, FileChannel channel, Path tmp, Path target, SampleFormat format,
                            int sampleRate, int channels) throws IOException {
        this.format = Objects.requireNonNull(format, "format");
        this.sampleRate = sampleRate;
        this.channels = channels;
        this.out = out;
        this.channel = channel;
        this.tmp = tmp;
        this.target = target;
        byte[] header = WavHeader.of(AudioData.wrap(new float[0], sampleRate, channels), format);
        this.headerBytes = header.length;
        this.fact = format.encoding() != SampleFormat.Encoding.PCM;
        ByteBuffer b = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(4, UNKNOWN);
        b.putInt(headerBytes - 4, UNKNOWN);
        if (fact) {
            b.putInt(headerBytes - 12, UNKNOWN);
        }
        out.write(header);
    }

    /** Writes to {@code out} (not closed by this writer) with "unknown" sizes in the header. */
    public static WavStreamWriter toStream(OutputStream out, SampleFormat format, int sampleRate, int channels) {
        try {
            return new WavStreamWriter(out, null, null, null, format, sampleRate, channels);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write WAV", e);
        }
    }

    /** Writes {@code file} (whose folder must exist) through a temporary sibling, renamed over it on close. */
    public static WavStreamWriter toFile(Path file, SampleFormat format, int sampleRate, int channels) throws IOException {
        Path target = file.toAbsolutePath();
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".part");
        FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
        try {
            return new WavStreamWriter(new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16), ch, tmp,
                    target, format, sampleRate, channels);
        } catch (IOException | RuntimeException e) {
            ch.close();
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /** Appends {@code chunk}, which must have this writer's rate and channel count. */
    public void write(AudioData chunk) {
        if (done) {
            throw new IllegalStateException("the WAV writer is closed");
        }
        if (chunk.sampleRate() != sampleRate || chunk.channels() != channels) {
            throw new AudioFormatException("chunk is " + chunk.sampleRate() + " Hz x " + chunk.channels()
                    + ", the stream is " + sampleRate + " Hz x " + channels);
        }
        byte[] buf = new byte[chunk.sampleCount() * format.bytesPerSample()];
        PcmCodec.encode(chunk, 0, chunk.sampleCount(), format, buf);
        try {
            out.write(buf);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write WAV", e);
        }
        frames += chunk.frames();
    }

    /** Pushes what was written so far to the stream or file, so a reader can play it. */
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write WAV", e);
        }
    }

    public long frames() {
        return frames;
    }

    /** Finishes the WAV: flushes a stream; fixes a file's sizes and moves it into place. */
    @Override
    public void close() {
        if (done) {
            return;
        }
        done = true;
        try {
            long dataBytes = frames * channels * format.bytesPerSample();
            if (channel == null) {
                out.flush();
                return;
            }
            if ((dataBytes & 1) == 1) {
                out.write(0); // RIFF pad byte after an odd-sized data chunk
            }
            out.flush();
            long riffSize = headerBytes - 8 + dataBytes + (dataBytes & 1);
            if (riffSize > 0xFFFFFFFFL) {
                throw new AudioFormatException("Audio too long for a WAV file: the RIFF limit is 4 GiB");
            }
            putInt(4, (int) riffSize);
            putInt(headerBytes - 4, (int) dataBytes);
            if (fact) {
                putInt(headerBytes - 12, (int) frames);
            }
            channel.force(false);
            channel.close();
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            discard();
            throw new UncheckedIOException("Cannot write WAV file " + target, e);
        } catch (RuntimeException e) {
            discard();
            throw e;
        }
    }

    /** Gives up: a file's partial content is deleted and the target left as it was. */
    public void abort() {
        if (!done) {
            done = true;
            discard();
        }
    }

    private void putInt(long position, int value) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).flip();
        channel.write(b, position);
    }

    private void discard() {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // best effort: the target itself was never touched
        }
    }
}
