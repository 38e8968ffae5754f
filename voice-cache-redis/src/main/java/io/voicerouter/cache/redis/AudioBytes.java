package io.voicerouter.cache.redis;

import io.voicerouter.audio.AudioData;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * The value stored in Redis: "VRA1", sample rate, channels, sample count (little-endian ints),
 * then float32 samples, then a CRC32 of everything before it. A value that is cut short, of another
 * version or corrupt reads as empty, never as wrong audio.
 */
final class AudioBytes {
    private static final int MAGIC = 0x31415256; // "VRA1" little-endian
    private static final int HEADER = 16;

    private AudioBytes() {
    }

    static byte[] encode(AudioData audio) {
        float[] samples = audio.samples();
        ByteBuffer b = ByteBuffer.allocate(HEADER + samples.length * Float.BYTES + Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putInt(audio.sampleRate()).putInt(audio.channels()).putInt(samples.length);
        b.asFloatBuffer().put(samples);
        b.position(HEADER + samples.length * Float.BYTES);
        b.putLong(crc(b.array(), b.position()));
        return b.array();
    }

    static Optional<AudioData> decode(byte[] bytes) {
        if (bytes == null || bytes.length < HEADER + Long.BYTES) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int magic = b.getInt();
        int rate = b.getInt();
        int channels = b.getInt();
        int count = b.getInt();
        if (magic != MAGIC || rate <= 0 || channels <= 0 || count <= 0 || count % channels != 0
                || bytes.length != HEADER + (long) count * Float.BYTES + Long.BYTES) {
            return Optional.empty();
        }
        int end = HEADER + count * Float.BYTES;
        if (ByteBuffer.wrap(bytes, end, Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).getLong() != crc(bytes, end)) {
            return Optional.empty();
        }
        float[] samples = new float[count];
        b.asFloatBuffer().get(samples);
        return Optional.of(AudioData.wrap(samples, rate, channels));
    }

    private static long crc(byte[] bytes, int length) {
        java.util.zip.CRC32 c = new java.util.zip.CRC32();
        c.update(bytes, 0, length);
        return c.getValue();
    }
}
