package io.voicerouter.audio;

/**
 * Little-endian sample conversion between bytes and floats. Integer PCM of n bits maps to floats by
 * dividing by 2^(n-1) and back by multiplying, rounding to nearest and clamping, so every integer
 * sample survives a decode-encode round trip exactly (and so does every float that came from one).
 * No dither: output is deterministic, which is what caching and tests want. G.711 codes go through
 * 16-bit linear values ({@link G711}).
 */
final class PcmCodec {
    private PcmCodec() {
    }

    static float[] decode(byte[] b, int count, SampleFormat format) {
        float[] out = new float[count];
        switch (format) {
            case PCM_U8 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = ((b[i] & 0xFF) - 128) / 128f;
                }
            }
            case PCM_16 -> {
                for (int i = 0, p = 0; i < count; i++, p += 2) {
                    out[i] = (short) ((b[p] & 0xFF) | b[p + 1] << 8) / 32768f;
                }
            }
            case PCM_24 -> {
                for (int i = 0, p = 0; i < count; i++, p += 3) {
                    int v = (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | b[p + 2] << 16;
                    out[i] = v / 8388608f;
                }
            }
            case PCM_32 -> {
                for (int i = 0, p = 0; i < count; i++, p += 4) {
                    out[i] = (float) (int32(b, p) / 2147483648.0);
                }
            }
            case FLOAT_32 -> {
                for (int i = 0, p = 0; i < count; i++, p += 4) {
                    out[i] = finite(Float.intBitsToFloat(int32(b, p)));
                }
            }
            case FLOAT_64 -> {
                for (int i = 0, p = 0; i < count; i++, p += 8) {
                    long lo = int32(b, p) & 0xFFFFFFFFL;
                    long hi = int32(b, p + 4);
                    out[i] = finite((float) Double.longBitsToDouble(hi << 32 | lo));
                }
            }
            case ALAW -> {
                for (int i = 0; i < count; i++) {
                    out[i] = G711.alawToLinear(b[i]) / 32768f;
                }
            }
            case MULAW -> {
                for (int i = 0; i < count; i++) {
                    out[i] = G711.mulawToLinear(b[i]) / 32768f;
                }
            }
            default -> throw new IllegalStateException("unhandled " + format);
        }
        return out;
    }

    /** Encodes {@code count} samples starting at {@code from} into {@code out} at offset 0. */
    static void encode(AudioData audio, int from, int count, SampleFormat format, byte[] out) {
        int p = 0;
        for (int i = from; i < from + count; i++) {
            float s = audio.sampleAt(i);
            switch (format) {
                case PCM_U8 -> out[p++] = (byte) (quantize(s, 128, -128, 127) + 128);
                case PCM_16 -> {
                    int v = (int) quantize(s, 32768, -32768, 32767);
                    out[p++] = (byte) v;
                    out[p++] = (byte) (v >> 8);
                }
                case PCM_24 -> {
                    int v = (int) quantize(s, 8388608, -8388608, 8388607);
                    out[p++] = (byte) v;
                    out[p++] = (byte) (v >> 8);
                    out[p++] = (byte) (v >> 16);
                }
                case PCM_32 -> {
                    int v = (int) quantize(s, 2147483648.0, Integer.MIN_VALUE, Integer.MAX_VALUE);
                    p = putInt(out, p, v);
                }
                case FLOAT_32 -> p = putInt(out, p, Float.floatToIntBits(finite(s)));
                case FLOAT_64 -> {
                    long bits = Double.doubleToLongBits(finite(s));
                    p = putInt(out, p, (int) bits);
                    p = putInt(out, p, (int) (bits >>> 32));
                }
                case ALAW -> out[p++] = G711.linearToAlaw((int) quantize(s, 32768, -32768, 32767));
                case MULAW -> out[p++] = G711.linearToMulaw((int) quantize(s, 32768, -32768, 32767));
                default -> throw new IllegalStateException("unhandled " + format);
            }
        }
    }

    private static long quantize(float s, double scale, long min, long max) {
        if (Float.isNaN(s)) {
            return 0;
        }
        long v = Math.round(s * scale);
        return Math.max(min, Math.min(max, v));
    }

    /**
     * Float formats keep values beyond ±1 (they are lossless); only NaN and infinities are tamed, in
     * both directions, so a damaged float WAV never puts a NaN into loudness, resampling or a model.
     */
    private static float finite(float s) {
        if (Float.isNaN(s)) {
            return 0f;
        }
        return Float.isInfinite(s) ? Math.copySign(1f, s) : s;
    }

    private static int int32(byte[] b, int p) {
        return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16 | b[p + 3] << 24;
    }

    private static int putInt(byte[] out, int p, int v) {
        out[p] = (byte) v;
        out[p + 1] = (byte) (v >> 8);
        out[p + 2] = (byte) (v >> 16);
        out[p + 3] = (byte) (v >> 24);
        return p + 4;
    }
}
