package io.voicerouter.google;

import io.voicerouter.audio.AudioData;
import io.voicerouter.error.AudioFormatException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads the RIFF/WAVE file the service returns for LINEAR16. Minimal and package-private until
 * voice-core's shared WAV reader can be merged: PCM 16-bit little-endian only, any rate and
 * channel count, unknown chunks skipped, a data size past the end clamped (streamed WAVs write
 * 0xFFFFFFFF there).
 */
final class Pcm16Wav {
    private Pcm16Wav() {
    }

    static AudioData decode(byte[] wav) {
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        if (wav.length < 12 || b.getInt(0) != 0x46464952 /* RIFF */ || b.getInt(8) != 0x45564157 /* WAVE */) {
            throw new AudioFormatException("not a RIFF/WAVE file (" + wav.length + " bytes)");
        }
        int pos = 12;
        int channels = 0;
        int rate = 0;
        while (pos + 8 <= wav.length) {
            int id = b.getInt(pos);
            long size = Integer.toUnsignedLong(b.getInt(pos + 4));
            int body = pos + 8;
            if (id == 0x20746d66 /* "fmt " */) {
                if (size < 16 || body + 16 > wav.length) {
                    throw new AudioFormatException("truncated fmt chunk");
                }
                int format = Short.toUnsignedInt(b.getShort(body));
                channels = Short.toUnsignedInt(b.getShort(body + 2));
                rate = b.getInt(body + 4);
                int bits = Short.toUnsignedInt(b.getShort(body + 14));
                boolean extensiblePcm = format == 0xFFFE && size >= 40 && body + 26 <= wav.length
                        && Short.toUnsignedInt(b.getShort(body + 24)) == 1;
                if (!(format == 1 || extensiblePcm) || bits != 16) {
                    throw new AudioFormatException("expected 16-bit PCM, got format " + format + " with " + bits + " bits");
                }
                if (channels <= 0 || rate <= 0) {
                    throw new AudioFormatException("bad WAV header: " + channels + " channels at " + rate + " Hz");
                }
            } else if (id == 0x61746164 /* "data" */) {
                if (rate == 0) {
                    throw new AudioFormatException("WAV data chunk before fmt chunk");
                }
                int available = (int) Math.min(size, wav.length - (long) body);
                int frames = available / (2 * channels);
                float[] samples = new float[frames * channels];
                for (int i = 0; i < samples.length; i++) {
                    samples[i] = b.getShort(body + 2 * i) / 32768f;
                }
                return AudioData.wrap(samples, rate, channels);
            }
            long next = body + size + (size & 1);
            if (next > wav.length) {
                break;
            }
            pos = (int) next;
        }
        throw new AudioFormatException("WAV file has no data chunk");
    }
}
