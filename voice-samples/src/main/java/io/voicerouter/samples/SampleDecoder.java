package io.voicerouter.samples;

import io.voicerouter.error.AudioFormatException;
import java.util.Objects;

/**
 * Decodes a voice sample's bytes: WAV (PCM 8/16/24/32-bit, float, A-law, mu-law; any rate; mono,
 * stereo or more) or MP3 (MPEG-1/2/2.5 layer III). The container is recognized from the bytes,
 * never from a file name. Anything else, and any truncated or corrupt file, is an
 * {@link AudioFormatException}; audio longer than the limits is a {@link SampleTooLargeException}.
 * Thread-safe and stateless.
 */
public final class SampleDecoder {
    private SampleDecoder() {
    }

    public static DecodedSample decode(byte[] bytes) {
        return decode(bytes, DecodeLimits.DEFAULT);
    }

    public static DecodedSample decode(byte[] bytes, DecodeLimits limits) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(limits, "limits");
        if (WavReader.looksLikeWav(bytes)) {
            return WavReader.read(bytes, limits);
        }
        if (Mp3Reader.looksLikeMp3(bytes)) {
            return Mp3Reader.read(bytes, limits);
        }
        throw new AudioFormatException("unrecognized audio: expected a WAV (RIFF/WAVE) or MP3 file, got "
                + bytes.length + " bytes starting " + hexPrefix(bytes));
    }

    /** Whether the bytes start like a container this decoder reads (used to check fetched content). */
    public static boolean isSupported(byte[] prefix) {
        return WavReader.looksLikeWav(prefix) || Mp3Reader.looksLikeMp3(prefix);
    }

    private static String hexPrefix(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(8, b.length); i++) {
            sb.append(String.format("%02x", b[i] & 0xFF));
        }
        return sb.length() == 0 ? "(empty)" : sb.toString();
    }
}
