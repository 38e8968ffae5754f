package io.voicerouter.provider.ibm;

import io.voicerouter.audio.AudioData;
import io.voicerouter.error.AudioFormatException;

/**
 * Reads the 16-bit PCM RIFF/WAVE answers of the service. A deliberately small, package-private
 * reader: it walks the chunks (services put LIST/INFO chunks before {@code data}) and accepts a
 * streamed header whose data size is 0 or 0xFFFFFFFF by reading to the end of the body.
 */
final class Wav {
    private static final int PCM = 1;
    private static final int EXTENSIBLE = 0xFFFE;

    private Wav() {
    }

    static AudioData decode(byte[] b) {
        if (b.length < 12 || !tag(b, 0, "RIFF") || !tag(b, 8, "WAVE")) {
            throw new AudioFormatException("not a RIFF/WAVE file (" + b.length + " bytes)");
        }
        int pos = 12;
        int channels = 0;
        int rate = 0;
        while (pos + 8 <= b.length) {
            long size = u32(b, pos + 4);
            int body = pos + 8;
            if (tag(b, pos, "fmt ")) {
                if (size < 16 || body + 16 > b.length) {
                    throw new AudioFormatException("truncated fmt chunk");
                }
                int format = u16(b, body);
                channels = u16(b, body + 2);
                rate = (int) u32(b, body + 4);
                int bits = u16(b, body + 14);
                if ((format != PCM && format != EXTENSIBLE) || bits != 16) {
                    throw new AudioFormatException("expected 16-bit PCM, got format " + format + ", " + bits + " bits");
                }
            } else if (tag(b, pos, "data")) {
                if (channels <= 0 || rate <= 0) {
                    throw new AudioFormatException("data chunk before a valid fmt chunk");
                }
                long available = b.length - body;
                long length = size == 0 || size == 0xFFFFFFFFL || size > available ? available : size;
                return pcm16(b, body, (int) length, rate, channels);
            }
            pos = (int) Math.min(Integer.MAX_VALUE, body + size + (size & 1));
        }
        throw new AudioFormatException("no data chunk");
    }

    private static AudioData pcm16(byte[] b, int offset, int length, int rate, int channels) {
        int frameBytes = 2 * channels;
        int frames = length / frameBytes;
        float[] samples = new float[frames * channels];
        for (int i = 0; i < samples.length; i++) {
            int p = offset + 2 * i;
            short s = (short) ((b[p] & 0xFF) | (b[p + 1] << 8));
            samples[i] = s / 32768f;
        }
        return AudioData.wrap(samples, rate, channels);
    }

    private static boolean tag(byte[] b, int at, String tag) {
        for (int i = 0; i < 4; i++) {
            if (b[at + i] != tag.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }
}
