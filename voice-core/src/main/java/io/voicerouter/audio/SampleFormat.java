package io.voicerouter.audio;

/** How one sample is stored in a WAV file. */
public enum SampleFormat {
    /** 8-bit unsigned integer PCM (silence is 128). */
    PCM_U8(Encoding.PCM, 8),
    /** 16-bit signed little-endian PCM: what most speech engines emit. */
    PCM_16(Encoding.PCM, 16),
    PCM_24(Encoding.PCM, 24),
    PCM_32(Encoding.PCM, 32),
    /** IEEE 754 single precision. */
    FLOAT_32(Encoding.FLOAT, 32),
    /** IEEE 754 double precision. */
    FLOAT_64(Encoding.FLOAT, 64),
    /**
     * ITU-T G.711 A-law, 8 bits: 13-bit audio companded logarithmically (European telephony).
     * Decodes to the same values as sox and ffmpeg; see {@link WavCodec} for how it is encoded.
     */
    ALAW(Encoding.ALAW, 8),
    /** ITU-T G.711 mu-law, 8 bits: 14-bit audio companded logarithmically (North American telephony). */
    MULAW(Encoding.MULAW, 8);

    /** How a sample's bits map to a value: linear integer, IEEE float, or one of the G.711 companding laws. */
    public enum Encoding { PCM, FLOAT, ALAW, MULAW }

    private final Encoding encoding;
    private final int bits;

    SampleFormat(Encoding encoding, int bits) {
        this.encoding = encoding;
        this.bits = bits;
    }

    public Encoding encoding() {
        return encoding;
    }

    /** Bits per sample in the file (the container size). */
    public int bits() {
        return bits;
    }

    public int bytesPerSample() {
        return bits / 8;
    }

    static SampleFormat of(Encoding encoding, int containerBits) {
        for (SampleFormat f : values()) {
            if (f.encoding == encoding && f.bits == containerBits) {
                return f;
            }
        }
        return null;
    }
}
