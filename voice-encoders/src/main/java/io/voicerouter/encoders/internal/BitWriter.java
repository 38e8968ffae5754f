package io.voicerouter.encoders.internal;

import java.util.Arrays;

/** Writes bits most significant first into a growing byte array, as FLAC frames are laid out. */
final class BitWriter {
    private byte[] buf = new byte[1 << 14];
    private int length;
    private long acc;
    private int bits;

    /** Writes the low {@code count} bits of {@code value}, 0 to 32 of them. */
    void write(long value, int count) {
        if (count == 0) {
            return;
        }
        acc = acc << count | value & (-1L >>> (64 - count));
        bits += count;
        while (bits >= 8) {
            bits -= 8;
            put((byte) (acc >>> bits));
        }
        acc &= (1L << bits) - 1;
    }

    /** {@code q} zero bits and a one. */
    void unary(long q) {
        while (q >= 32) {
            write(0, 32);
            q -= 32;
        }
        write(1, (int) q + 1);
    }

    /** Zero bits up to the next byte boundary. */
    void align() {
        if (bits > 0) {
            write(0, 8 - bits);
        }
    }

    /** Bytes written so far (whole bytes only). */
    int length() {
        return length;
    }

    byte[] buffer() {
        return buf;
    }

    void reset() {
        length = 0;
        acc = 0;
        bits = 0;
    }

    private void put(byte b) {
        if (length == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        buf[length++] = b;
    }
}
