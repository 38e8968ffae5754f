package io.voicerouter.audio;

/**
 * ITU-T G.711 companding between 8-bit codes and 16-bit linear values, as in the ITU's reference
 * implementation (and Sun's widely copied g711.c). Expansion gives exactly the values sox and ffmpeg
 * give. Compression truncates within the code's interval, so the expanded value is the interval's
 * centre and the error is at most half an interval; sox and ffmpeg each round a few boundary values
 * differently (by one code), which no listener or metric can tell apart.
 */
final class G711 {
    private static final int[] A_SEGMENT_END = {0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF};
    private static final int[] MU_SEGMENT_END = {0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF};
    private static final int MU_BIAS = 0x84;
    private static final int MU_CLIP = 8159;

    private G711() {
    }

    /** The 16-bit linear value of an A-law code: a multiple of 8 up to ±32256. */
    static int alawToLinear(int code) {
        int a = (code ^ 0x55) & 0xFF;
        int t = (a & 0x0F) << 4;
        int seg = (a & 0x70) >> 4;
        if (seg == 0) {
            t += 8;
        } else {
            t = (t + 0x108) << (seg - 1);
        }
        return (a & 0x80) != 0 ? t : -t;
    }

    /** The 16-bit linear value of a mu-law code: up to ±32124 (0x7F and 0xFF are both 0). */
    static int mulawToLinear(int code) {
        int u = ~code & 0xFF;
        int t = (((u & 0x0F) << 3) + MU_BIAS) << ((u & 0x70) >> 4);
        return (u & 0x80) != 0 ? MU_BIAS - t : t - MU_BIAS;
    }

    /** The A-law code of a 16-bit linear value (-32768..32767). */
    static byte linearToAlaw(int pcm) {
        int v = pcm >> 3;
        int mask;
        if (v >= 0) {
            mask = 0xD5;
        } else {
            mask = 0x55;
            v = -v - 1;
        }
        int seg = segment(v, A_SEGMENT_END);
        if (seg >= 8) {
            return (byte) (0x7F ^ mask);
        }
        int code = seg << 4 | (v >> (seg < 2 ? 1 : seg)) & 0x0F;
        return (byte) (code ^ mask);
    }

    /** The mu-law code of a 16-bit linear value (-32768..32767). */
    static byte linearToMulaw(int pcm) {
        int v = pcm >> 2;
        int mask;
        if (v < 0) {
            v = -v;
            mask = 0x7F;
        } else {
            mask = 0xFF;
        }
        v = Math.min(v, MU_CLIP) + (MU_BIAS >> 2);
        int seg = segment(v, MU_SEGMENT_END);
        if (seg >= 8) {
            return (byte) (0x7F ^ mask);
        }
        int code = seg << 4 | (v >> (seg + 1)) & 0x0F;
        return (byte) (code ^ mask);
    }

    private static int segment(int v, int[] ends) {
        for (int i = 0; i < ends.length; i++) {
            if (v <= ends[i]) {
                return i;
            }
        }
        return ends.length;
    }
}
