package io.voicerouter.encode;

import io.voicerouter.audio.SampleFormat;
import io.voicerouter.error.InvalidSettingException;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * How to encode: the format and, where the format has them, its bitrate, FLAC compression level,
 * WAV sample format and output rate. Unset values take the format's defaults:
 *
 * <table>
 *   <caption>Defaults and ranges</caption>
 *   <tr><th>format</th><th>setting</th><th>default</th><th>range</th></tr>
 *   <tr><td>mp3</td><td>bitrate</td><td>64 kbps CBR</td><td>8-320 kbps</td></tr>
 *   <tr><td>opus</td><td>bitrate</td><td>32 kbps VBR</td><td>6-510 kbps</td></tr>
 *   <tr><td>aac</td><td>bitrate</td><td>64 kbps</td><td>8-512 kbps</td></tr>
 *   <tr><td>flac</td><td>compression level</td><td>5</td><td>0-12</td></tr>
 *   <tr><td>wav</td><td>sample format</td><td>PCM_16</td><td>any {@link SampleFormat}</td></tr>
 * </table>
 *
 * <p>The output rate follows the input's where the format carries it ({@link OutputFormat#rateFor});
 * G.711 is always 8 kHz and Opus always 48 kHz. Settings a format does not have, and values out of
 * range, are refused when the settings are built, with an {@link InvalidSettingException} naming the setting.
 * Immutable and thread-safe.
 */
public final class EncoderSettings {
    private final OutputFormat format;
    private final int bitrateKbps;      // 0: the format's default
    private final int compressionLevel; // -1: the format's default
    private final SampleFormat sampleFormat; // null: the format's default
    private final int sampleRate;       // 0: follow the input

    private EncoderSettings(Builder b) {
        this.format = b.format;
        this.bitrateKbps = b.bitrateKbps;
        this.compressionLevel = b.compressionLevel;
        this.sampleFormat = b.sampleFormat;
        this.sampleRate = b.sampleRate;
    }

    /** The format's defaults. */
    public static EncoderSettings of(OutputFormat format) {
        return builder(format).build();
    }

    public static Builder builder(OutputFormat format) {
        return new Builder(format);
    }

    public OutputFormat format() {
        return format;
    }

    /** The bitrate in kbit/s for mp3, opus and aac; 0 for formats without one. */
    public int bitrateKbps() {
        if (bitrateKbps > 0) {
            return bitrateKbps;
        }
        return switch (format) {
            case MP3, AAC -> 64;
            case OPUS -> 32;
            default -> 0;
        };
    }

    /** FLAC's compression level (0 fastest, 12 smallest); 0 for other formats. */
    public int compressionLevel() {
        return compressionLevel >= 0 ? compressionLevel : format == OutputFormat.FLAC ? 5 : 0;
    }

    /** How samples are stored: chosen for wav, fixed for pcm (16-bit), mulaw and alaw; 16-bit for the rest. */
    public SampleFormat sampleFormat() {
        return switch (format) {
            case WAV -> sampleFormat != null ? sampleFormat : SampleFormat.PCM_16;
            case MULAW -> SampleFormat.MULAW;
            case ALAW -> SampleFormat.ALAW;
            default -> SampleFormat.PCM_16;
        };
    }

    /** The output rate asked for, if one was. */
    public OptionalInt sampleRate() {
        return sampleRate > 0 ? OptionalInt.of(sampleRate) : OptionalInt.empty();
    }

    /** What an encoder is given for audio at {@code inputRate} Hz with {@code inputChannels} channels. */
    public EncodeSpec specFor(int inputRate, int inputChannels) {
        int rate = sampleRate > 0 ? sampleRate : format.rateFor(inputRate);
        int channels = inputChannels <= format.maxChannels() ? inputChannels : 1;
        return new EncodeSpec(format, rate, channels, inputRate, bitrateKbps(), compressionLevel(), sampleFormat());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncoderSettings s && s.format == format && s.bitrateKbps() == bitrateKbps()
                && s.compressionLevel() == compressionLevel() && s.sampleFormat() == sampleFormat()
                && s.sampleRate == sampleRate;
    }

    @Override
    public int hashCode() {
        return Objects.hash(format, bitrateKbps(), compressionLevel(), sampleFormat(), sampleRate);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("EncoderSettings[").append(format.id());
        switch (format) {
            case MP3, OPUS, AAC -> s.append(", ").append(bitrateKbps()).append(" kbps");
            case FLAC -> s.append(", level ").append(compressionLevel());
            case WAV -> s.append(", ").append(sampleFormat());
            default -> { }
        }
        if (sampleRate > 0) {
            s.append(", ").append(sampleRate).append(" Hz");
        }
        return s.append(']').toString();
    }

    /** Collects settings; {@link #build()} checks them against the format. */
    public static final class Builder {
        private final OutputFormat format;
        private int bitrateKbps;
        private int compressionLevel = -1;
        private SampleFormat sampleFormat;
        private int sampleRate;

        private Builder(OutputFormat format) {
            this.format = Objects.requireNonNull(format, "format");
        }

        /** Bitrate in kbit/s (mp3, opus, aac). */
        public Builder bitrateKbps(int kbps) {
            this.bitrateKbps = require(kbps, kbps > 0, "bitrate", "must be positive");
            return this;
        }

        /** FLAC compression level, 0-12. */
        public Builder compressionLevel(int level) {
            this.compressionLevel = require(level, level >= 0, "compression_level", "must be 0 or more");
            return this;
        }

        /** WAV's sample format. */
        public Builder sampleFormat(SampleFormat sampleFormat) {
            this.sampleFormat = Objects.requireNonNull(sampleFormat, "sampleFormat");
            return this;
        }

        /** The output rate in Hz, where the format allows a choice (wav, pcm, mp3, aac, flac). */
        public Builder sampleRate(int hz) {
            this.sampleRate = require(hz, hz > 0, "sample_rate", "must be positive");
            return this;
        }

        /** @throws InvalidSettingException for a setting the format does not have or a value out of its range */
        public EncoderSettings build() {
            if (bitrateKbps > 0) {
                int[] range = switch (format) {
                    case MP3 -> new int[] {8, 320};
                    case OPUS -> new int[] {6, 510};
                    case AAC -> new int[] {8, 512};
                    default -> throw notA("bitrate");
                };
                if (bitrateKbps < range[0] || bitrateKbps > range[1]) {
                    throw new InvalidSettingException("bitrate", format.id() + " bitrate must be " + range[0]
                            + "-" + range[1] + " kbps, got " + bitrateKbps);
                }
            }
            if (compressionLevel >= 0) {
                if (format != OutputFormat.FLAC) {
                    throw notA("compression_level");
                }
                if (compressionLevel > 12) {
                    throw new InvalidSettingException("compression_level",
                            "flac compression level must be 0-12, got " + compressionLevel);
                }
            }
            if (sampleFormat != null && format != OutputFormat.WAV) {
                throw notA("sample_format");
            }
            if (sampleRate > 0 && !format.supportsRate(sampleRate)) {
                throw new InvalidSettingException("sample_rate", format.id() + " cannot carry " + sampleRate
                        + " Hz" + switch (format) {
                            case MULAW, ALAW -> ": G.711 is 8000 Hz";
                            case OPUS -> ": Ogg Opus is always coded at 48000 Hz";
                            case MP3 -> ": MPEG audio takes 8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100 or 48000";
                            case AAC -> ": AAC takes the standard rates 8000-96000 (44100, 48000, 22050, ...)";
                            default -> "";
                        });
            }
            return new EncoderSettings(this);
        }

        private InvalidSettingException notA(String setting) {
            return new InvalidSettingException(setting, format.id() + " has no " + setting.replace('_', ' ')
                    + " setting");
        }

        private static int require(int value, boolean ok, String setting, String rule) {
            if (!ok) {
                throw new InvalidSettingException(setting, setting.replace('_', ' ') + " " + rule + ", got " + value);
            }
            return value;
        }
    }
}
