package io.voicerouter.encoders.internal;

/** FLAC's checksums: CRC-8 (polynomial 0x07) over a frame header, CRC-16 (0x8005) over a frame; both start at 0. */
final class Crc {
    private static final int[] CRC8 = new int[256];
    private static final int[] CRC16 = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int c = i;
            for (int k = 0; k < 8; k++) {
                c = (c & 0x80) != 0 ? (c << 1) ^ 0x07 : c << 1;
            }
            CRC8[i] = c & 0xFF;
            int d = i << 8;
            for (int k = 0; k < 8; k++) {
                d = (d & 0x8000) != 0 ? (d << 1) ^ 0x8005 : d << 1;
            }
            CRC16[i] = d & 0xFFFF;
        }
    }

    private Crc() {
    }

    static int crc8(byte[] b, int length) {
        int c = 0;
        for (int i = 0; i < length; i++) {
            c = CRC8[(c ^ b[i]) & 0xFF];
        }
        return c;
    }

    static int crc16(byte[] b, int length) {
        int c = 0;
        for (int i = 0; i < length; i++) {
            c = ((c << 8) ^ CRC16[((c >>> 8) ^ b[i]) & 0xFF]) & 0xFFFF;
        }
        return c;
    }
}
