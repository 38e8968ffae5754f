package io.voicerouter.encoders.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Writes one logical Ogg bitstream (RFC 3533): packets are gathered into a page until {@link #flush}
 * or until the page is full, then the page goes out with its lacing table, granule position and CRC.
 * Packets never span pages here (an Opus packet is at most 1275 bytes, 6 lacing values), which keeps
 * every page independently decodable, as RFC 7845 recommends for audio data.
 */
public final class OggPageWriter {
    /** Header type flags. */
    public static final int BEGIN_OF_STREAM = 0x02;
    public static final int END_OF_STREAM = 0x04;
    private static final int MAX_SEGMENTS = 255;
    /** Pages stay small enough for a streaming client to get audio every few hundred milliseconds. */
    private static final int TARGET_PAGE_BYTES = 4096;
    private static final int[] CRC = crcTable();

    private final OutputStream out;
    private final int serial;
    private int sequence;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final byte[] lacing = new byte[MAX_SEGMENTS];
    private int segments;
    private long granule = -1; // -1 (all ones): no packet ends on this page yet
    private int packets;

    public OggPageWriter(OutputStream out, int serial) {
        this.out = out;
        this.serial = serial;
    }

    /**
     * Adds a packet to the current page; {@code granuleAfter} is the stream's granule position once
     * this packet is decoded. A full page goes out first.
     */
    public void packet(byte[] data, int length, long granuleAfter) {
        int needed = length / 255 + 1;
        if (needed > MAX_SEGMENTS) {
            throw new IllegalArgumentException("packet of " + length + " bytes is too long for one Ogg page");
        }
        if (segments + needed > MAX_SEGMENTS || body.size() + length > TARGET_PAGE_BYTES && packets > 0) {
            flush(0);
        }
        for (int left = length; ; left -= 255) {
            lacing[segments++] = (byte) Math.min(left, 255);
            if (left < 255) {
                break;
            }
        }
        body.write(data, 0, length);
        granule = granuleAfter;
        packets++;
    }

    /**
     * Sets the pending page's granule position, for the last page of a stream whose final packet
     * holds padding (Opus end trimming). Needs a pending packet.
     */
    public void trimTo(long granulePosition) {
        if (packets == 0) {
            throw new IllegalStateException("no pending packet to end the stream");
        }
        granule = granulePosition;
    }

    /** Writes the packets gathered so far as one page with {@code flags}; nothing when there are none. */
    public void flush(int flags) {
        if (packets == 0) {
            return;
        }
        byte[] page = new byte[27 + segments + body.size()];
        page[0] = 'O';
        page[1] = 'g';
        page[2] = 'g';
        page[3] = 'S';
        page[4] = 0;
        page[5] = (byte) flags;
        putLong(page, 6, granule);
        putInt(page, 14, serial);
        putInt(page, 18, sequence++);
        page[26] = (byte) segments;
        System.arraycopy(lacing, 0, page, 27, segments);
        byte[] data = body.toByteArray();
        System.arraycopy(data, 0, page, 27 + segments, data.length);
        putInt(page, 22, crc(page));
        try {
            out.write(page);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write Ogg page", e);
        }
        body.reset();
        segments = 0;
        packets = 0;
        granule = -1;
    }

    /** Ogg's CRC-32: polynomial 0x04C11DB7, initial value 0, no reflection, no final XOR. */
    static int crc(byte[] page) {
        int crc = 0;
        for (byte b : page) {
            crc = (crc << 8) ^ CRC[((crc >>> 24) ^ b) & 0xFF];
        }
        return crc;
    }

    private static int[] crcTable() {
        int[] t = new int[256];
        for (int i = 0; i < 256; i++) {
            int r = i << 24;
            for (int k = 0; k < 8; k++) {
                r = (r & 0x80000000) != 0 ? (r << 1) ^ 0x04C11DB7 : r << 1;
            }
            t[i] = r;
        }
        return t;
    }

    static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }

    private static void putLong(byte[] b, int at, long v) {
        putInt(b, at, (int) v);
        putInt(b, at + 4, (int) (v >>> 32));
    }
}
