package io.voicerouter.samples;

import io.voicerouter.audio.AudioData;
import java.util.Arrays;
import java.util.Optional;

/**
 * LAME's gapless-playback information: an MP3 whose first frame is a Xing/Info frame with a LAME
 * (or ffmpeg "Lavc") extension says how many samples the encoder put before and after the audio.
 * JLayer decodes the Info frame itself as one frame of silence and adds the usual 529-sample
 * decoder delay, so the original is: skip that frame + encoder delay + 529, drop padding - 529
 * at the end. Without this, an MP3 reads ~50-80 ms longer than its WAV, all of it "silence".
 */
record Gapless(int frameSamples, int delay, int padding) {
    private static final int DECODER_DELAY = 529;

    static Optional<Gapless> find(byte[] b) {
        int off = 0;
        if (b.length >= 10 && b[0] == 'I' && b[1] == 'D' && b[2] == '3') {
            off = 10 + ((b[6] & 0x7F) << 21 | (b[7] & 0x7F) << 14 | (b[8] & 0x7F) << 7 | (b[9] & 0x7F));
            if ((b[5] & 0x10) != 0) {
                off += 10; // footer
            }
        }
        if (off + 4 > b.length || (b[off] & 0xFF) != 0xFF || (b[off + 1] & 0xE0) != 0xE0) {
            return Optional.empty();
        }
        int version = (b[off + 1] >> 3) & 3; // 3 = MPEG-1
        int layer = (b[off + 1] >> 1) & 3;    // 1 = layer III
        boolean mono = ((b[off + 3] >> 6) & 3) == 3;
        if (layer != 1) {
            return Optional.empty();
        }
        int sideInfo = version == 3 ? (mono ? 17 : 32) : (mono ? 9 : 17);
        int tag = off + 4 + sideInfo;
        if (tag + 8 > b.length || !(is(b, tag, "Xing") || is(b, tag, "Info"))) {
            return Optional.empty();
        }
        int flags = (b[tag + 7] & 0xFF) | (b[tag + 6] & 0xFF) << 8;
        int p = tag + 8;
        p += (flags & 1) != 0 ? 4 : 0;
        p += (flags & 2) != 0 ? 4 : 0;
        p += (flags & 4) != 0 ? 100 : 0;
        p += (flags & 8) != 0 ? 4 : 0;
        if (p + 24 > b.length || !(is(b, p, "LAME") || is(b, p, "Lavc") || is(b, p, "Lavf"))) {
            return Optional.empty();
        }
        int delay = (b[p + 21] & 0xFF) << 4 | (b[p + 22] & 0xFF) >> 4;
        int padding = (b[p + 22] & 0x0F) << 8 | (b[p + 23] & 0xFF);
        int frameSamples = version == 3 ? 1152 : 576;
        return Optional.of(new Gapless(frameSamples, delay, padding));
    }

    private static boolean is(byte[] b, int at, String s) {
        for (int i = 0; i < 4; i++) {
            if (b[at + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    DecodedSample trim(DecodedSample decoded) {
        AudioData a = decoded.audio();
        int ch = a.channels();
        long head = (long) frameSamples + delay + DECODER_DELAY;
        long tail = Math.max(0, padding - DECODER_DELAY);
        if (head + tail >= a.frames()) {
            return decoded; // implausible tag: keep what was decoded
        }
        float[] s = a.samples();
        float[] kept = Arrays.copyOfRange(s, (int) head * ch, (int) (a.frames() - tail) * ch);
        return new DecodedSample(AudioData.wrap(kept, a.sampleRate(), ch), decoded.format());
    }
}
