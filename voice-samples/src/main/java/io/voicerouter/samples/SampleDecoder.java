package io.voicerouter.samples;

import io.voicerouter.audio.AudioData;
import io.voicerouter.audio.DecodedWav;
import io.voicerouter.audio.SampleFormat;
import io.voicerouter.audio.WavCodec;
import io.voicerouter.error.AudioFormatException;
import java.util.Locale;
import java.util.Objects;

/**
 * Decodes a voice sample's bytes: WAV (everything voice-core's {@link WavCodec} reads: PCM
 * 8/16/24/32-bit, float, A-law, mu-law; plain, extensible or RF64) or MP3 (MPEG-1/2/2.5 layer III).
 * The container is recognized from the bytes, never from a file name. Anything else, and any
 * truncated or corrupt file, is an {@link AudioFormatException}; audio longer than the limits is a
 * {@link SampleTooLargeException}. Thread-safe and stateless.
 */
public final class SampleDecoder {
    /** Below this no voice is recognizable; above it a "sample rate" is a corrupt header. */
    private static final int MIN_RATE = 1000;
    private static final int MAX_RATE = 768_000;

    private SampleDecoder() {
    }

    public static DecodedSample decode(byte[] bytes) {
        return decode(bytes, DecodeLimits.DEFAULT);
    }

    public static DecodedSample decode(byte[] bytes, DecodeLimits limits) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(limits, "limits");
        if (looksLikeWav(bytes)) {
            return wav(bytes, limits);
        }
        if (Mp3Reader.looksLikeMp3(bytes)) {
            return Mp3Reader.read(bytes, limits);
        }
        throw new AudioFormatException("unrecognized audio: expected a WAV (RIFF/WAVE) or MP3 file, got "
                + bytes.length + " bytes starting " + hexPrefix(bytes));
    }

    /** Whether the bytes start like a container this decoder reads (used to check fetched content). */
    public static boolean isSupported(byte[] prefix) {
        return looksLikeWav(prefix) || Mp3Reader.looksLikeMp3(prefix);
    }

    static boolean looksLikeWav(byte[] b) {
        return b.length >= 12 && (startsWith(b, 0, "RIFF") || startsWith(b, 0, "RF64") || startsWith(b, 0, "BW64"))
                && startsWith(b, 8, "WAVE");
    }

    private static boolean startsWith(byte[] b, int at, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            if (b[at + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * WavCodec checks the container; this adds what makes a file usable as a voice sample. The limits
     * are checked after decoding: the floats cost at most four times the bytes the caller already
     * holds (fetches and the store cap those), and WavCodec never allocates for sizes a header only claims.
     */
    private static DecodedSample wav(byte[] bytes, DecodeLimits limits) {
        DecodedWav wav = WavCodec.read(bytes);
        if (wav.channels() > limits.maxChannels()) {
            throw new AudioFormatException("unsupported WAV channel count " + wav.channels()
                    + "; voice samples may have at most " + limits.maxChannels());
        }
        int rate = wav.sampleRate();
        if (rate < MIN_RATE || rate > MAX_RATE) {
            throw new AudioFormatException("implausible WAV sample rate " + rate + " Hz");
        }
        if (wav.frames() == 0) {
            throw new AudioFormatException("WAV file contains no audio frames");
        }
        if (wav.frames() > limits.maxFrames(rate)) {
            throw new SampleTooLargeException(String.format(Locale.ROOT,
                    "sample is %.1f s long; the limit is %.0f s", wav.audio().durationSeconds(), limits.maxSeconds()),
                    (long) limits.maxSeconds());
        }
        AudioData audio = wav.format().encoding() == SampleFormat.Encoding.FLOAT ? finite(wav.audio()) : wav.audio();
        SourceFormat source = new SourceFormat("wav", codec(wav.format()), rate, wav.channels(), wav.validBits(), 0);
        return new DecodedSample(audio, source);
    }

    /** Float WAVs may hold NaN or huge values; they would poison every statistic, so clamp them. */
    private static AudioData finite(AudioData audio) {
        float[] s = audio.samples();
        for (int i = 0; i < s.length; i++) {
            s[i] = Float.isNaN(s[i]) ? 0f : Math.max(-1f, Math.min(1f, s[i]));
        }
        return AudioData.wrap(s, audio.sampleRate(), audio.channels());
    }

    private static String codec(SampleFormat format) {
        return switch (format) {
            case PCM_U8 -> "pcm_u8";
            case PCM_16 -> "pcm_s16";
            case PCM_24 -> "pcm_s24";
            case PCM_32 -> "pcm_s32";
            case FLOAT_32 -> "float32";
            case FLOAT_64 -> "float64";
            case ALAW -> "alaw";
            case MULAW -> "mulaw";
        };
    }

    private static String hexPrefix(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(8, b.length); i++) {
            sb.append(String.format(Locale.ROOT, "%02x", b[i] & 0xFF));
        }
        return sb.length() == 0 ? "(empty)" : sb.toString();
    }
}
