package io.voicerouter.samples;

import io.voicerouter.audio.AudioData;
import io.voicerouter.error.AudioFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * RIFF/WAVE reader: PCM 8/16/24/32-bit, IEEE float 32/64, A-law and mu-law, plain or
 * WAVE_FORMAT_EXTENSIBLE, any rate, up to {@link DecodeLimits#maxChannels()} channels. Strict about
 * anything that would make the samples wrong (a data chunk shorter than it claims, a block
 * alignment that does not match), tolerant about what does not (unknown chunks, odd padding, a
 * streaming writer's 0 or 0xFFFFFFFF data size).
 */
final class WavReader {
    private static final int PCM = 1;
    private static final int IEEE_FLOAT = 3;
    private static final int ALAW = 6;
    private static final int MULAW = 7;
    private static final int EXTENSIBLE = 0xFFFE;

    private WavReader() {
    }

    static boolean looksLikeWav(byte[] b) {
        return b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F'
                && b[8] == 'W' && b[9] == 'A' && b[10] == 'V' && b[11] == 'E';
    }

    static DecodedSample read(byte[] bytes, DecodeLimits limits) {
        if (!looksLikeWav(bytes)) {
            throw new AudioFormatException("not a RIFF/WAVE file");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.position(12);
        Fmt fmt = null;
        while (buf.remaining() >= 8) {
            int id = buf.getInt();
            long size = Integer.toUnsignedLong(buf.getInt());
            String name = chunkName(id);
            if (name.equals("fmt ")) {
                if (size < 16 || size > buf.remaining()) {
                    throw new AudioFormatException("WAV fmt chunk is truncated or malformed (" + size + " bytes)");
                }
                fmt = Fmt.parse(buf.slice(buf.position(), (int) size).order(ByteOrder.LITTLE_ENDIAN), limits);
            } else if (name.equals("data")) {
                if (fmt == null) {
                    throw new AudioFormatException("WAV data chunk comes before any fmt chunk");
                }
                long available = buf.remaining();
                long length = size;
                if (size == 0 || size == 0xFFFFFFFFL) {
                    length = available; // written by a streaming encoder that never went back to fix the size
                } else if (size > available) {
                    throw new AudioFormatException(String.format(Locale.ROOT,
                            "WAV file is truncated: the data chunk declares %d bytes, %d are present",
                            size, available));
                }
                return decode(buf.slice(buf.position(), (int) length).order(ByteOrder.LITTLE_ENDIAN), fmt, limits);
            }
            long skip = size + (size & 1);
            if (skip > buf.remaining()) {
                break;
            }
            buf.position(buf.position() + (int) skip);
        }
        throw new AudioFormatException(fmt == null ? "WAV file has no fmt chunk" : "WAV file has no data chunk");
    }

    private static String chunkName(int id) {
        char[] c = new char[4];
        for (int i = 0; i < 4; i++) {
            c[i] = (char) ((id >>> (8 * i)) & 0xFF);
        }
        return new String(c);
    }

    private static DecodedSample decode(ByteBuffer data, Fmt fmt, DecodeLimits limits) {
        long frames = data.remaining() / fmt.blockAlign;
        if (frames == 0) {
            throw new AudioFormatException("WAV file contains no audio frames");
        }
        if (frames > limits.maxFrames(fmt.sampleRate)) {
            throw new SampleTooLargeException(String.format(Locale.ROOT,
                    "sample is %.1f s long; the limit is %.0f s", (double) frames / fmt.sampleRate,
                    limits.maxSeconds()), (long) limits.maxSeconds());
        }
        int n = Math.toIntExact(frames * fmt.channels);
        float[] out = new float[n];
        int bytes = fmt.bytesPerSample;
        int pad = fmt.blockAlign - bytes * fmt.channels; // some writers pad frames; skip it
        int i = 0;
        for (long f = 0; f < frames; f++) {
            for (int c = 0; c < fmt.channels; c++) {
                out[i++] = sample(data, fmt.codec, bytes);
            }
            data.position(data.position() + pad);
        }
        SourceFormat source = new SourceFormat("wav", fmt.codec, fmt.sampleRate, fmt.channels,
                fmt.validBits, 0);
        return new DecodedSample(AudioData.wrap(out, fmt.sampleRate, fmt.channels), source);
    }

    private static float sample(ByteBuffer d, String codec, int bytes) {
        switch (codec) {
            case "pcm_u8":
                return ((d.get() & 0xFF) - 128) / 128f;
            case "pcm_s16":
                return d.getShort() / 32768f;
            case "pcm_s24": {
                int lo = d.get() & 0xFF;
                int mid = d.get() & 0xFF;
                int hi = d.get(); // sign-extends
                return ((hi << 16) | (mid << 8) | lo) / 8388608f;
            }
            case "pcm_s32":
                return (float) (d.getInt() / 2147483648.0);
            case "float32":
                return finite(d.getFloat());
            case "float64":
                return finite((float) d.getDouble());
            case "alaw":
                return G711.alaw(d.get()) / 32768f;
            case "mulaw":
                return G711.mulaw(d.get()) / 32768f;
            default:
                throw new AudioFormatException("unsupported WAV codec " + codec + " (" + bytes + " bytes)");
        }
    }

    /** Float WAVs may hold NaN or huge values; they would poison every statistic, so clamp them. */
    private static float finite(float v) {
        if (Float.isNaN(v)) {
            return 0f;
        }
        return Math.max(-1f, Math.min(1f, v));
    }

    private record Fmt(String codec, int channels, int sampleRate, int blockAlign, int bytesPerSample,
                       int validBits) {
        static Fmt parse(ByteBuffer b, DecodeLimits limits) {
            int tag = b.getShort() & 0xFFFF;
            int channels = b.getShort() & 0xFFFF;
            long rate = Integer.toUnsignedLong(b.getInt());
            b.getInt(); // byte rate: often wrong in the wild, and derivable
            int blockAlign = b.getShort() & 0xFFFF;
            int bits = b.getShort() & 0xFFFF;
            int validBits = bits;
            if (tag == EXTENSIBLE) {
                if (b.remaining() < 2 + 22) {
                    throw new AudioFormatException("WAVE_FORMAT_EXTENSIBLE fmt chunk is too short");
                }
                int cbSize = b.getShort() & 0xFFFF;
                if (cbSize < 22) {
                    throw new AudioFormatException("WAVE_FORMAT_EXTENSIBLE extension is too short: " + cbSize);
                }
                int vb = b.getShort() & 0xFFFF;
                if (vb > 0 && vb <= bits) {
                    validBits = vb;
                }
                b.getInt(); // channel mask: we downmix, so speaker positions do not matter
                tag = b.getShort() & 0xFFFF; // first two bytes of the sub-format GUID are the format tag
            }
            if (channels < 1 || channels > limits.maxChannels()) {
                throw new AudioFormatException("unsupported WAV channel count " + channels);
            }
            if (rate < 1000 || rate > 768_000) {
                throw new AudioFormatException("implausible WAV sample rate " + rate);
            }
            String codec = codec(tag, bits);
            int bytes = (bits + 7) / 8;
            if (blockAlign < bytes * channels) {
                throw new AudioFormatException(String.format(Locale.ROOT,
                        "WAV block alignment %d is too small for %d channels of %d bits", blockAlign, channels, bits));
            }
            return new Fmt(codec, channels, (int) rate, blockAlign, bytes, validBits);
        }

        private static String codec(int tag, int bits) {
            if (tag == PCM) {
                switch (bits) {
                    case 8:
                        return "pcm_u8";
                    case 16:
                        return "pcm_s16";
                    case 24:
                        return "pcm_s24";
                    case 32:
                        return "pcm_s32";
                    default:
                        throw new AudioFormatException("unsupported PCM bit depth " + bits);
                }
            }
            if (tag == IEEE_FLOAT && (bits == 32 || bits == 64)) {
                return bits == 32 ? "float32" : "float64";
            }
            if (tag == ALAW && bits == 8) {
                return "alaw";
            }
            if (tag == MULAW && bits == 8) {
                return "mulaw";
            }
            throw new AudioFormatException(String.format(Locale.ROOT,
                    "unsupported WAV encoding: format tag 0x%04X with %d bits", tag, bits));
        }
    }
}
