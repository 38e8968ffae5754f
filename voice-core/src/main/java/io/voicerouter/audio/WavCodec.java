package io.voicerouter.audio;

import io.voicerouter.error.AudioFormatException;
import io.voicerouter.internal.io.AtomicFiles;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads and writes RIFF WAVE files. Thread-safe; all methods are static.
 *
 * <p>Reads integer PCM of 8 (unsigned), 16, 24 and 32 bits (also 12/20-bit audio in byte containers),
 * IEEE float of 32 and 64 bits, G.711 A-law and mu-law, plain or WAVE_FORMAT_EXTENSIBLE headers, any number of channels, RF64,
 * chunks in any order with unknown ones (LIST, fact, cue, ...) skipped, odd-sized chunks with their pad
 * byte. A {@code data} size of 0 or 0xFFFFFFFF (a WAV streamed by a writer that could not seek back)
 * reads to the end of the input. A partial last frame is dropped. Everything else that is wrong —
 * truncation, garbage, impossible header values, compressed encodings — throws
 * {@link AudioFormatException} with a message that says what and where. Memory use follows the bytes
 * actually present, never a size a header claims.
 *
 * <p>Writes {@link SampleFormat}s: integer PCM is rounded to nearest and clamped (no dither, so
 * output is deterministic and PCM round trips are bit-exact); float formats store values as they are
 * (only NaN and infinities are replaced); G.711 goes through 16-bit values and the ITU reference
 * compression. Mono and stereo get a plain PCM or IEEE-float header that
 * every reader accepts; more than two channels get WAVE_FORMAT_EXTENSIBLE with the standard speaker mask.
 */
public final class WavCodec {
    private static final int BUFFER_FRAMES = 4096;

    private WavCodec() {
    }

    public static DecodedWav read(byte[] wav) {
        Objects.requireNonNull(wav, "wav");
        try {
            return new WavReader(new ByteArrayInputStream(wav)).read();
        } catch (IOException e) {
            throw new IllegalStateException("in-memory stream failed", e); // ByteArrayInputStream never throws
        }
    }

    /**
     * Reads one WAV file from {@code in}, consuming it up to the end of the {@code data} chunk.
     * Does not close the stream.
     *
     * @throws UncheckedIOException when the stream itself fails
     */
    public static DecodedWav read(InputStream in) {
        Objects.requireNonNull(in, "in");
        try {
            return new WavReader(in).read();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read WAV stream", e);
        }
    }

    public static DecodedWav read(Path file) {
        Objects.requireNonNull(file, "file");
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return new WavReader(in).read();
        } catch (AudioFormatException e) {
            throw new AudioFormatException(file + ": " + e.getMessage(), e);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("No such WAV file: " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read WAV file " + file, e);
        }
    }

    public static byte[] write(AudioData audio, SampleFormat format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(
                (int) Math.min(Integer.MAX_VALUE - 8, 64 + (long) audio.sampleCount() * format.bytesPerSample()));
        try {
            write(audio, format, out);
        } catch (UncheckedIOException e) {
            throw new IllegalStateException("in-memory stream failed", e);
        }
        return out.toByteArray();
    }

    /** Writes {@code audio} to {@code out} in blocks; does not close or flush the stream. */
    public static void write(AudioData audio, SampleFormat format, OutputStream out) {
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(out, "out");
        try {
            out.write(WavHeader.of(audio, format));
            int channels = audio.channels();
            int frameBytes = channels * format.bytesPerSample();
            byte[] buf = new byte[BUFFER_FRAMES * frameBytes];
            for (int frame = 0; frame < audio.frames(); frame += BUFFER_FRAMES) {
                int n = Math.min(BUFFER_FRAMES, audio.frames() - frame);
                PcmCodec.encode(audio, frame * channels, n * channels, format, buf);
                out.write(buf, 0, n * frameBytes);
            }
            if (((long) audio.sampleCount() * format.bytesPerSample() & 1) == 1) {
                out.write(0); // RIFF pad byte after an odd-sized data chunk
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write WAV", e);
        }
    }

    /**
     * The header of a WAV stream whose length is not known yet (RIFF and data sizes 0xFFFFFFFF, the
     * convention for streamed WAV that ffmpeg, sox and {@link #read} follow): write it, then
     * {@link #samples} of each chunk as it comes.
     */
    public static byte[] streamHeader(int sampleRate, int channels, SampleFormat format) {
        Objects.requireNonNull(format, "format");
        if (sampleRate <= 0 || channels <= 0) {
            throw new IllegalArgumentException("sampleRate and channels must be positive");
        }
        return WavHeader.of(sampleRate, channels, -1, format);
    }

    /**
     * The samples of {@code audio} as {@code format} stores them, without a header: interleaved,
     * little-endian, quantized as {@link #write} does. With {@link SampleFormat#PCM_16} this is raw
     * "s16le" PCM; with {@link SampleFormat#MULAW} or {@link SampleFormat#ALAW}, raw G.711.
     */
    public static byte[] samples(AudioData audio, SampleFormat format) {
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(format, "format");
        byte[] out = new byte[Math.multiplyExact(audio.sampleCount(), format.bytesPerSample())];
        PcmCodec.encode(audio, 0, audio.sampleCount(), format, out);
        return out;
    }

    /** Writes {@code audio} to {@code file}, replacing it atomically: never a half-written WAV. */
    public static void write(AudioData audio, SampleFormat format, Path file) {
        try {
            AtomicFiles.replace(file, out -> write(audio, format, out));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write WAV file " + file, e);
        }
    }
}
