package io.voicerouter.audio;

import io.voicerouter.error.AudioFormatException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds the bytes before the samples: RIFF header, fmt chunk, fact chunk for float and G.711, data header. */
final class WavHeader {
    private static final byte[] GUID_TAIL = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00,
            (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71};

    private WavHeader() {
    }

    static byte[] of(AudioData audio, SampleFormat format) {
        return of(audio.sampleRate(), audio.channels(), audio.frames(), format);
    }

    /**
     * The header for {@code frames} frames, or for a stream of unknown length when {@code frames} is
     * negative: RIFF and data sizes 0xFFFFFFFF, which readers (ffmpeg, sox, ours) take as "to the end".
     */
    static byte[] of(int sampleRate, int channels, long frames, SampleFormat format) {
        if (channels > 0xFFFF) {
            throw new AudioFormatException("A WAV file holds at most 65535 channels, got " + channels);
        }
        boolean pcm = format.encoding() == SampleFormat.Encoding.PCM;
        boolean extensible = channels > 2;
        // every format but integer PCM needs cbSize in fmt and a fact chunk (the RIFF spec; ffmpeg writes them)
        int fmtSize = extensible ? 40 : pcm ? 16 : 18;
        boolean fact = !pcm;
        boolean streamed = frames < 0;
        long dataBytes = streamed ? 0 : frames * channels * format.bytesPerSample();
        long pad = dataBytes & 1;
        int headerBytes = 12 + 8 + fmtSize + (fact ? 12 : 0) + 8;
        long riffSize = headerBytes - 8 + dataBytes + pad;
        if (!streamed && riffSize > 0xFFFFFFFFL) {
            throw new AudioFormatException("Audio too long for a WAV file: " + dataBytes + " bytes of samples, "
                    + "the RIFF limit is 4 GiB");
        }
        int blockAlign = channels * format.bytesPerSample();
        ByteBuffer b = ByteBuffer.allocate(headerBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("RIFF")).putInt(streamed ? -1 : (int) riffSize).put(ascii("WAVE"));
        b.put(ascii("fmt ")).putInt(fmtSize);
        int tag = switch (format.encoding()) {
            case PCM -> 0x0001;
            case FLOAT -> 0x0003;
            case ALAW -> 0x0006;
            case MULAW -> 0x0007;
        };
        b.putShort((short) (extensible ? 0xFFFE : tag));
        b.putShort((short) channels);
        b.putInt(sampleRate);
        b.putInt((int) Math.min(0xFFFFFFFFL, (long) sampleRate * blockAlign));
        b.putShort((short) blockAlign);
        b.putShort((short) format.bits());
        if (extensible) {
            b.putShort((short) 22).putShort((short) format.bits()).putInt(speakerMask(channels));
            b.putShort((short) tag).put(GUID_TAIL);
        } else if (!pcm) {
            b.putShort((short) 0);
        }
        if (fact) {
            b.put(ascii("fact")).putInt(4).putInt(streamed ? -1 : (int) Math.min(0xFFFFFFFFL, frames));
        }
        b.put(ascii("data")).putInt(streamed ? -1 : (int) dataBytes);
        return b.array();
    }

    /** The first n standard speaker positions (FL, FR, FC, LFE, BL, BR, ...), or 0 (unassigned) beyond 18. */
    private static int speakerMask(int channels) {
        return channels <= 18 ? (1 << channels) - 1 : 0;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
