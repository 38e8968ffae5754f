package io.voicerouter.cloud.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * 16-bit PCM mono WAV files the way the services send them, written byte by byte so that tests of
 * our reader do not depend on our writer, and tones to fill them.
 */
public final class TestWavs {
    private TestWavs() {
    }

    /** A 440 Hz tone at half scale, already on the 16-bit grid so it survives a round trip exactly. */
    public static float[] tone(int samples, int rate) {
        float[] out = new float[samples];
        for (int i = 0; i < samples; i++) {
            out[i] = (short) Math.round(0.5 * Math.sin(2 * Math.PI * 440 * i / rate) * 32767) / 32768f;
        }
        return out;
    }

    /** A plain 44-byte-header file with exact sizes. */
    public static byte[] pcm16(float[] samples, int rate) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int dataBytes = samples.length * 2;
        tag(out, "RIFF");
        int32(out, 36 + dataBytes);
        tag(out, "WAVE");
        fmt(out, rate);
        tag(out, "data");
        int32(out, dataBytes);
        data(out, samples);
        return out.toByteArray();
    }

    /**
     * What a streaming encoder writes (IBM's answers): RIFF and data sizes unknown (0xFFFFFFFF) and
     * an ffmpeg LIST/INFO chunk between fmt and data.
     */
    public static byte[] streamedPcm16(float[] samples, int rate) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        tag(out, "RIFF");
        int32(out, 0xFFFFFFFF);
        tag(out, "WAVE");
        fmt(out, rate);
        tag(out, "LIST");
        int32(out, 26);
        tag(out, "INFOISFT");
        int32(out, 14);
        out.writeBytes("Lavf58.29.100\0".getBytes(StandardCharsets.US_ASCII));
        tag(out, "data");
        int32(out, 0xFFFFFFFF);
        data(out, samples);
        return out.toByteArray();
    }

    private static void fmt(ByteArrayOutputStream out, int rate) {
        tag(out, "fmt ");
        int32(out, 16);
        int16(out, 1);
        int16(out, 1);
        int32(out, rate);
        int32(out, rate * 2);
        int16(out, 2);
        int16(out, 16);
    }

    private static void data(ByteArrayOutputStream out, float[] samples) {
        for (float s : samples) {
            int16(out, Math.max(-32768, Math.min(32767, Math.round(s * 32768f))));
        }
    }

    private static void tag(ByteArrayOutputStream out, String tag) {
        out.writeBytes(tag.getBytes(StandardCharsets.US_ASCII));
    }

    private static void int32(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }

    private static void int16(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >>> 8);
    }
}
