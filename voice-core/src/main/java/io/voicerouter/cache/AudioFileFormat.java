package io.voicerouter.cache;

import io.voicerouter.audio.AudioData;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/**
 * The disk tier's file layout, version 1, little-endian:
 * <pre>
 *   0  magic "VRAC"            4 bytes
 *   4  format version (1)      u16
 *   6  flags (0)               u16
 *   8  sample rate             i32
 *  12  channels                i32
 *  16  frames                  i64
 *  24  key digest (SHA-256)    32 bytes
 *  56  CRC32C                  u32, over bytes 0..56 and the payload
 *  60  payload                 frames * channels float32
 * </pre>
 * The digest ties a file to its key, so a file copied or renamed onto another key's path is not
 * served; the CRC covers the header too, so a flipped sample rate is caught like a flipped sample.
 */
final class AudioFileFormat {
    static final int VERSION = 1;
    static final int HEADER_BYTES = 60;
    private static final byte[] MAGIC = "VRAC".getBytes(StandardCharsets.US_ASCII);
    private static final int CRC_OFFSET = 56;

    private AudioFileFormat() {
    }

    static byte[] encode(String digestHex, AudioData audio) {
        int samples = audio.sampleCount();
        ByteBuffer buf = ByteBuffer.allocate(Math.addExact(HEADER_BYTES, Math.multiplyExact(samples, Float.BYTES)))
                .order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).putShort((short) VERSION).putShort((short) 0)
                .putInt(audio.sampleRate()).putInt(audio.channels()).putLong(audio.frames())
                .put(HexFormat.of().parseHex(digestHex))
                .putInt(0);
        for (int i = 0; i < samples; i++) {
            buf.putFloat(audio.sampleAt(i));
        }
        byte[] bytes = buf.array();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(CRC_OFFSET, (int) crc(bytes));
        return bytes;
    }

    /**
     * Decodes a file written by {@link #encode}.
     *
     * @throws CorruptEntryException naming the first check that failed
     */
    static AudioData decode(String digestHex, byte[] bytes) throws CorruptEntryException {
        if (bytes.length < HEADER_BYTES) {
            throw new CorruptEntryException("file is " + bytes.length + " bytes, shorter than the header");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < MAGIC.length; i++) {
            if (buf.get(i) != MAGIC[i]) {
                throw new CorruptEntryException("bad magic");
            }
        }
        int version = Short.toUnsignedInt(buf.getShort(4));
        if (version != VERSION) {
            throw new CorruptEntryException("unsupported format version " + version);
        }
        int sampleRate = buf.getInt(8);
        int channels = buf.getInt(12);
        long frames = buf.getLong(16);
        if (sampleRate <= 0 || channels <= 0 || frames < 0) {
            throw new CorruptEntryException("impossible header: " + sampleRate + " Hz, " + channels
                    + " channels, " + frames + " frames");
        }
        long expected = HEADER_BYTES + frames * channels * Float.BYTES;
        if (frames > Integer.MAX_VALUE || expected != bytes.length) {
            throw new CorruptEntryException("file is " + bytes.length + " bytes, header says " + expected);
        }
        byte[] digest = new byte[32];
        buf.get(24, digest);
        if (!HexFormat.of().formatHex(digest).equals(digestHex)) {
            throw new CorruptEntryException("file belongs to another key");
        }
        long stored = Integer.toUnsignedLong(buf.getInt(CRC_OFFSET));
        if (stored != crc(bytes)) {
            throw new CorruptEntryException("checksum mismatch");
        }
        float[] samples = new float[(int) (frames * channels)];
        buf.position(HEADER_BYTES);
        buf.asFloatBuffer().get(samples);
        return AudioData.wrap(samples, sampleRate, channels);
    }

    private static long crc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, CRC_OFFSET);
        crc.update(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES);
        return crc.getValue();
    }

    /** A disk entry that must not be served. */
    static final class CorruptEntryException extends Exception {
        CorruptEntryException(String message) {
            super(message);
        }
    }
}
