package io.voicerouter.provider.styletts2;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A small RIFF/WAVE reader for reference samples: PCM 8/16/24/32-bit and IEEE float 32/64,
 * any channel count (mixed down to mono). Kept package-private until the SDK has a shared
 * audio decoder; MP3 and other containers are not read.
 */
final class WavReader {
    private WavReader() {
    }

    /** Mono samples in [-1, 1] and their rate. */
    record Pcm(float[] samples, int sampleRate) {
        double seconds() {
            return (double) samples.length / sampleRate;
        }
    }

    static Pcm read(byte[] bytes) {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 12 || buf.getInt(0) != 0x46464952 || buf.getInt(8) != 0x45564157) {
            throw new IllegalArgumentException("not a WAV file (no RIFF/WAVE header)");
        }
        int pos = 12;
        int format = -1;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        while (pos + 8 <= bytes.length) {
            int id = buf.getInt(pos);
            long size = Integer.toUnsignedLong(buf.getInt(pos + 4));
            int body = pos + 8;
            if (id == 0x20746d66) { // "fmt "
                format = Short.toUnsignedInt(buf.getShort(body));
                channels = Short.toUnsignedInt(buf.getShort(body + 2));
                rate = buf.getInt(body + 4);
                bits = Short.toUnsignedInt(buf.getShort(body + 14));
                if (format == 0xFFFE && size >= 26) { // WAVE_FORMAT_EXTENSIBLE: sub-format GUID starts with the tag
                    format = Short.toUnsignedInt(buf.getShort(body + 24));
                }
            } else if (id == 0x61746164) { // "data"
                if (format < 0) {
                    throw new IllegalArgumentException("WAV data chunk before its fmt chunk");
                }
                int length = (int) Math.min(size, bytes.length - body);
                return new Pcm(decode(buf, body, length, format, channels, bits), rate);
            }
            pos = body + (int) size + (int) (size & 1);
        }
        throw new IllegalArgumentException("WAV file has no data chunk");
    }

    private static float[] decode(ByteBuffer buf, int offset, int length, int format, int channels, int bits) {
        if (channels <= 0 || bits <= 0 || bits % 8 != 0) {
            throw new IllegalArgumentException("unsupported WAV layout: " + channels + " channels, " + bits + " bits");
        }
        boolean pcm = format == 1;
        boolean ieee = format == 3;
        if (!(pcm && bits <= 32) && !(ieee && (bits == 32 || bits == 64))) {
            throw new IllegalArgumentException("unsupported WAV encoding: format " + format + ", " + bits + " bits");
        }
        int width = bits / 8;
        int frames = length / (width * channels);
        float[] out = new float[frames];
        for (int f = 0; f < frames; f++) {
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                int p = offset + (f * channels + c) * width;
                sum += ieee ? (bits == 32 ? buf.getFloat(p) : buf.getDouble(p)) : pcmSample(buf, p, bits);
            }
            out[f] = (float) (sum / channels);
        }
        return out;
    }

    private static double pcmSample(ByteBuffer buf, int p, int bits) {
        switch (bits) {
            case 8:
                return ((buf.get(p) & 0xFF) - 128) / 128.0;
            case 16:
                return buf.getShort(p) / 32768.0;
            case 24:
                int v = (buf.get(p) & 0xFF) | (buf.get(p + 1) & 0xFF) << 8 | buf.get(p + 2) << 16;
                return v / 8388608.0;
            default:
                return buf.getInt(p) / 2147483648.0;
        }
    }

    /**
     * Windowed-sinc resampling (Hann window, 32 zero crossings, cut-off at the lower Nyquist),
     * polyphase: the rates' ratio is reduced to L/M and the L filter phases computed once.
     * Not bit-identical to librosa's soxr, which StyleTTS2 uses; feed 24 kHz samples for exactness.
     */
    static float[] resample(float[] in, int fromRate, int toRate) {
        if (fromRate == toRate) {
            return in;
        }
        int g = gcd(fromRate, toRate);
        int up = toRate / g;
        int down = fromRate / g;
        double cutoff = Math.min(1.0, (double) toRate / fromRate);
        int zeros = 32;
        int reach = (int) Math.ceil(zeros / cutoff);
        int taps = 2 * reach + 1;
        double[][] phases = new double[up][taps];
        for (int p = 0; p < up; p++) {
            for (int k = 0; k < taps; k++) {
                double x = (k - reach - (double) p / up) * cutoff;
                if (Math.abs(x) <= zeros) {
                    double sinc = x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
                    phases[p][k] = sinc * (0.5 + 0.5 * Math.cos(Math.PI * x / zeros)) * cutoff;
                }
            }
        }
        int outLength = (int) Math.round((double) in.length * up / down);
        float[] out = new float[outLength];
        for (int i = 0; i < outLength; i++) {
            long pos = (long) i * down;
            int base = (int) (pos / up);
            double[] w = phases[(int) (pos % up)];
            int from = Math.max(0, base - reach);
            int to = Math.min(in.length - 1, base + reach);
            double sum = 0;
            for (int j = from; j <= to; j++) {
                sum += in[j] * w[j - base + reach];
            }
            out[i] = (float) sum;
        }
        return out;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
