package io.voicerouter.encode;

import io.voicerouter.error.InvalidSettingException;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The encoded forms speech can be delivered in: the set that OpenAI's speech API and its open
 * re-implementations offer, plus G.711 for telephony. Each knows its file extensions, MIME type and
 * which sample rates and how many channels it carries.
 */
public enum OutputFormat {
    /** RIFF WAVE; 16-bit PCM unless {@link EncoderSettings#sampleFormat()} says otherwise. Any rate. */
    WAV("wav", "audio/wav", 65535, new int[0], "wav", "wave"),
    /** Raw signed 16-bit little-endian PCM without a header, as OpenAI defines "pcm". Any rate. */
    PCM("pcm", "audio/L16", 65535, new int[0], "pcm", "raw", "s16le"),
    /** Raw G.711 mu-law, 8 kHz mono (North American and Japanese telephony; Twilio media streams). */
    MULAW("mulaw", "audio/basic", 1, new int[] {8000}, "ulaw", "mulaw", "ul", "mu"),
    /** Raw G.711 A-law, 8 kHz mono (European telephony). */
    ALAW("alaw", "audio/x-alaw-basic", 1, new int[] {8000}, "alaw", "al"),
    /** MPEG-1/2 Layer III. */
    MP3("mp3", "audio/mpeg", 2, new int[] {8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000}, "mp3"),
    /** Opus in Ogg (RFC 7845), always coded at 48 kHz. */
    OPUS("opus", "audio/ogg; codecs=opus", 2, new int[] {48000}, "opus", "ogg", "oga"),
    /** AAC-LC in ADTS frames, which a stream can be cut into and played from any frame. */
    AAC("aac", "audio/aac", 2,
            new int[] {8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000, 64000, 88200, 96000}, "aac", "adts"),
    /** Free Lossless Audio Codec, native FLAC stream. Rates up to 655350 Hz. */
    FLAC("flac", "audio/flac", 8, new int[0], "flac");

    private final String id;
    private final String mimeType;
    private final int maxChannels;
    private final int[] rates;
    private final List<String> extensions;

    OutputFormat(String id, String mimeType, int maxChannels, int[] rates, String... extensions) {
        this.id = id;
        this.mimeType = mimeType;
        this.maxChannels = maxChannels;
        this.rates = rates;
        this.extensions = List.of(extensions);
    }

    /** The lower-case name used in settings, the CLI and {@code response_format}: {@code mp3}, {@code opus}... */
    public String id() {
        return id;
    }

    public String mimeType() {
        return mimeType;
    }

    /** File extensions without the dot, the usual one first. */
    public List<String> extensions() {
        return extensions;
    }

    /** The most channels the format carries; more are mixed down to mono. */
    public int maxChannels() {
        return maxChannels;
    }

    /** Whether the format carries audio at {@code rate} Hz. */
    public boolean supportsRate(int rate) {
        if (rates.length == 0) {
            return rate > 0 && rate <= (this == FLAC ? 655_350 : Integer.MAX_VALUE);
        }
        return Arrays.stream(rates).anyMatch(r -> r == rate);
    }

    /**
     * The rate audio at {@code inputRate} is coded at when no rate is asked for: the input's own when the
     * format carries it, else the lowest supported rate above it (no band is lost), else the highest.
     */
    public int rateFor(int inputRate) {
        if (supportsRate(inputRate)) {
            return inputRate;
        }
        return Arrays.stream(rates).filter(r -> r >= inputRate).findFirst()
                .orElseGet(() -> rates.length == 0 ? 655_350 : rates[rates.length - 1]);
    }

    /** The format a file name's extension names, as in {@code out.mp3}; empty for an unknown extension. */
    public static Optional<OutputFormat> forFileName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0 || dot == fileName.length() - 1) {
            return Optional.empty();
        }
        String ext = fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.extensions.contains(ext)).findFirst();
    }

    /**
     * The format with this id or extension, case-insensitively ({@code MP3}, {@code ulaw}).
     *
     * @throws InvalidSettingException naming the known formats
     */
    public static OutputFormat parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (OutputFormat f : values()) {
            if (f.id.equals(n) || f.extensions.contains(n)) {
                return f;
            }
        }
        throw new InvalidSettingException("format", "Unknown audio format '" + name + "'; known: "
                + Arrays.stream(values()).map(OutputFormat::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id;
    }
}
