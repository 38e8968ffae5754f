package io.voicerouter.audio;

import io.voicerouter.error.AudioFormatException;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * Parses a RIFF/RF64 WAVE stream. Trusts no size field: memory grows only with bytes actually read,
 * so a header that claims 4 GiB of audio in a 100-byte file costs 100 bytes. Reads up to the end of
 * the {@code data} chunk and no further. One instance per stream; not thread-safe.
 */
final class WavReader {
    private static final int TAG_PCM = 0x0001;
    private static final int TAG_FLOAT = 0x0003;
    private static final int TAG_ALAW = 0x0006;
    private static final int TAG_MULAW = 0x0007;
    private static final int TAG_EXTENSIBLE = 0xFFFE;
    private static final long UNKNOWN_SIZE = 0xFFFFFFFFL;
    private static final int MAX_SAMPLE_RATE = 10_000_000;
    private static final int MAX_FMT_SIZE = 1 << 16;
    /** The KSDATAFORMAT_SUBTYPE GUID after its first two bytes (the format tag). */
    private static final byte[] GUID_TAIL = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00,
            (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71};

    private final InputStream in;
    private long position;

    private SampleFormat format;
    private int channels;
    private int sampleRate;
    private int blockAlign;
    private int validBits;
    private boolean extensible;
    private long ds64DataSize = -1;

    WavReader(InputStream in) {
        this.in = in;
    }

    DecodedWav read() throws IOException {
        byte[] riff = new byte[12];
        int got = readUpTo(riff, 0, 12);
        if (got < 12) {
            throw new AudioFormatException("Not a WAV file: only " + got + " bytes, a RIFF header needs 12");
        }
        String magic = fourcc(riff, 0);
        boolean rf64 = magic.equals("RF64") || magic.equals("BW64");
        if (magic.equals("RIFX")) {
            throw new AudioFormatException("Big-endian WAV (RIFX) is not supported");
        }
        if (!magic.equals("RIFF") && !rf64) {
            throw new AudioFormatException("Not a WAV file: starts with " + printable(riff, 0) + ", not RIFF");
        }
        if (!fourcc(riff, 8).equals("WAVE")) {
            throw new AudioFormatException("Not a WAV file: RIFF form type is " + printable(riff, 8) + ", not WAVE");
        }
        byte[] header = new byte[8];
        while (true) {
            long chunkStart = position;
            got = readUpTo(header, 0, 8);
            if (got < 8) {
                throw new AudioFormatException(got == 0
                        ? "WAV file has no data chunk" + (format == null ? " and no fmt chunk" : "")
                        : "Truncated WAV file: chunk header cut off at byte " + chunkStart);
            }
            String id = fourcc(header, 0);
            long size = u32(header, 4);
            switch (id) {
                case "fmt " -> readFmt(size, chunkStart);
                case "ds64" -> readDs64(size, rf64, chunkStart);
                case "data" -> {
                    if (format == null) {
                        throw new AudioFormatException("WAV data chunk at byte " + chunkStart + " comes before any fmt chunk");
                    }
                    return readData(size, rf64);
                }
                default -> skipChunk(id, size, chunkStart);
            }
        }
    }

    private void readFmt(long size, long chunkStart) throws IOException {
        if (size < 16 || size > MAX_FMT_SIZE) {
            throw new AudioFormatException("WAV fmt chunk at byte " + chunkStart + " has an impossible size " + size);
        }
        byte[] fmt = new byte[(int) size];
        readFully(fmt, "fmt chunk");
        skipPad(size);
        int tag = u16(fmt, 0);
        channels = u16(fmt, 2);
        long rate = u32(fmt, 4);
        blockAlign = u16(fmt, 12);
        int bits = u16(fmt, 14);
        extensible = tag == TAG_EXTENSIBLE;
        if (extensible) {
            if (size < 40 || u16(fmt, 16) < 22) {
                throw new AudioFormatException("WAVE_FORMAT_EXTENSIBLE fmt chunk is too short: " + size + " bytes");
            }
            int declaredValid = u16(fmt, 18);
            if (!Arrays.equals(fmt, 26, 40, GUID_TAIL, 0, GUID_TAIL.length)) {
                throw new AudioFormatException("WAVE_FORMAT_EXTENSIBLE with an unknown sub-format GUID");
            }
            tag = u16(fmt, 24);
            if (encoding(tag) == null) {
                throw unsupported(tag);
            }
            if (bits % 8 != 0) {
                throw new AudioFormatException("WAVE_FORMAT_EXTENSIBLE container size must be whole bytes, got " + bits + " bits");
            }
            validBits = declaredValid == 0 ? bits : declaredValid;
            if (validBits > bits) {
                throw new AudioFormatException("WAV valid bits " + validBits + " exceed the container's " + bits);
            }
        } else {
            validBits = bits;
        }
        SampleFormat.Encoding encoding = encoding(tag);
        if (encoding == null) {
            throw unsupported(tag);
        }
        if (channels == 0) {
            throw new AudioFormatException("WAV fmt chunk says 0 channels");
        }
        if (rate == 0 || rate > MAX_SAMPLE_RATE) {
            throw new AudioFormatException("WAV fmt chunk has an impossible sample rate " + rate + " Hz");
        }
        sampleRate = (int) rate;
        if (bits == 0) {
            throw new AudioFormatException("WAV fmt chunk says 0 bits per sample");
        }
        int containerBytes = (bits + 7) / 8;
        if (!extensible && tag == TAG_PCM && blockAlign > 0 && blockAlign % channels == 0
                && blockAlign / channels > containerBytes && blockAlign / channels <= 4) {
            containerBytes = blockAlign / channels; // e.g. 20-bit samples in 32-bit slots
        }
        format = SampleFormat.of(encoding, containerBytes * 8);
        if (format == null) {
            throw new AudioFormatException(String.format(Locale.ROOT, "WAV %s with %d-bit samples is not supported",
                    describe(encoding), bits));
        }
        if (blockAlign != channels * containerBytes) {
            throw new AudioFormatException(String.format(Locale.ROOT,
                    "WAV block align %d does not match %d channels of %d bytes", blockAlign, channels, containerBytes));
        }
    }

    private void readDs64(long size, boolean rf64, long chunkStart) throws IOException {
        if (!rf64 || size < 16 || size > MAX_FMT_SIZE) {
            skipChunk("ds64", size, chunkStart);
            return;
        }
        byte[] ds64 = new byte[(int) size];
        readFully(ds64, "ds64 chunk");
        skipPad(size);
        long dataSize = u32(ds64, 8) | (u32(ds64, 12) << 32);
        ds64DataSize = dataSize < 0 ? -1 : dataSize;
    }

    private DecodedWav readData(long size, boolean rf64) throws IOException {
        long limit;
        if (rf64 && size == UNKNOWN_SIZE && ds64DataSize >= 0) {
            limit = ds64DataSize;
        } else if (size == 0 || size == UNKNOWN_SIZE) {
            limit = Long.MAX_VALUE; // a streamed WAV: its writer could not go back to fill in the size
        } else {
            limit = size;
        }
        int sampleBytes = format.bytesPerSample();
        long maxBytes = (long) (Integer.MAX_VALUE - 16) / channels * channels * sampleBytes;
        byte[] data = readData(Math.min(limit, maxBytes + 1));
        if (data.length > maxBytes) {
            throw new AudioFormatException("WAV data chunk is too long to decode into memory");
        }
        if (limit != Long.MAX_VALUE && data.length < limit) {
            throw new AudioFormatException(String.format(Locale.ROOT,
                    "Truncated WAV file: data chunk declares %d bytes but only %d are present", limit, data.length));
        }
        int frames = data.length / blockAlign; // a partial last frame is dropped
        float[] samples = PcmCodec.decode(data, frames * channels, format);
        return new DecodedWav(AudioData.wrap(samples, sampleRate, channels), format, validBits, extensible);
    }

    /** Reads up to {@code limit} bytes, growing the buffer only as bytes arrive. */
    private byte[] readData(long limit) throws IOException {
        byte[] buf = new byte[(int) Math.min(limit, 1 << 16)];
        int len = 0;
        while (len < limit) {
            if (len == buf.length) {
                long grown = Math.min(limit, Math.min((long) buf.length * 2, Integer.MAX_VALUE - 8));
                if (grown <= buf.length) {
                    break;
                }
                buf = Arrays.copyOf(buf, (int) grown);
            }
            int n = in.read(buf, len, (int) Math.min(buf.length - len, limit - len));
            if (n < 0) {
                break;
            }
            len += n;
            position += n;
        }
        return len == buf.length ? buf : Arrays.copyOf(buf, len);
    }

    private void skipChunk(String id, long size, long chunkStart) throws IOException {
        long toSkip = size + (size & 1);
        if (size == UNKNOWN_SIZE || !skip(toSkip)) {
            throw new AudioFormatException("Truncated WAV file: chunk " + printableId(id) + " at byte " + chunkStart
                    + " declares " + size + " bytes but the file ends before them"
                    + (format == null ? "" : "; no data chunk found"));
        }
    }

    private void skipPad(long size) throws IOException {
        if ((size & 1) == 1) {
            skip(1); // a missing pad byte at the very end is harmless
        }
    }

    /** Skips {@code n} bytes; false when the stream ends first. Never allocates more than a small buffer. */
    private boolean skip(long n) throws IOException {
        long left = n;
        byte[] scratch = null;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (scratch == null) {
                    scratch = new byte[8192];
                }
                int r = in.read(scratch, 0, (int) Math.min(scratch.length, left));
                if (r < 0) {
                    return false;
                }
                skipped = r;
            }
            left -= skipped;
            position += skipped;
        }
        return true;
    }

    private void readFully(byte[] b, String what) throws IOException {
        if (readUpTo(b, 0, b.length) < b.length) {
            throw new AudioFormatException("Truncated WAV file: " + what + " cut off at byte " + position);
        }
    }

    private int readUpTo(byte[] b, int off, int len) throws IOException {
        int total = 0;
        while (total < len) {
            int n;
            try {
                n = in.read(b, off + total, len - total);
            } catch (EOFException e) {
                n = -1;
            }
            if (n < 0) {
                break;
            }
            total += n;
        }
        position += total;
        return total;
    }

    private static SampleFormat.Encoding encoding(int tag) {
        return switch (tag) {
            case TAG_PCM -> SampleFormat.Encoding.PCM;
            case TAG_FLOAT -> SampleFormat.Encoding.FLOAT;
            case TAG_ALAW -> SampleFormat.Encoding.ALAW;
            case TAG_MULAW -> SampleFormat.Encoding.MULAW;
            default -> null;
        };
    }

    private static String describe(SampleFormat.Encoding encoding) {
        return switch (encoding) {
            case PCM -> "PCM";
            case FLOAT -> "IEEE float";
            case ALAW -> "A-law";
            case MULAW -> "mu-law";
        };
    }

    private static AudioFormatException unsupported(int tag) {
        String name = switch (tag) {
            case 0x0002 -> "Microsoft ADPCM";
            case 0x0011 -> "IMA ADPCM";
            case 0x0031 -> "GSM 6.10";
            case 0x0055 -> "MP3";
            default -> "unknown";
        };
        return new AudioFormatException(String.format(Locale.ROOT,
                "WAV encoding %s (format tag 0x%04X) is not supported; only PCM, IEEE float, A-law and mu-law are read", name, tag));
    }

    static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    static long u32(byte[] b, int off) {
        return ((b[off] & 0xFFL) | (b[off + 1] & 0xFFL) << 8 | (b[off + 2] & 0xFFL) << 16 | (b[off + 3] & 0xFFL) << 24);
    }

    private static String fourcc(byte[] b, int off) {
        return new String(b, off, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static String printable(byte[] b, int off) {
        return printableId(fourcc(b, off));
    }

    private static String printableId(String id) {
        StringBuilder sb = new StringBuilder("'");
        for (char c : id.toCharArray()) {
            if (c >= 0x20 && c < 0x7F) {
                sb.append(c);
            } else {
                sb.append(String.format(Locale.ROOT, "\\x%02X", (int) c));
            }
        }
        return sb.append('\'').toString();
    }
}
