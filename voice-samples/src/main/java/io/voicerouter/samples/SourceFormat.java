package io.voicerouter.samples;

import java.util.Objects;

/**
 * How a sample was stored before decoding.
 *
 * @param container     {@code "wav"} or {@code "mp3"}
 * @param codec         {@code "pcm_u8"}, {@code "pcm_s16"}, {@code "pcm_s24"}, {@code "pcm_s32"},
 *                      {@code "float32"}, {@code "float64"}, {@code "alaw"}, {@code "mulaw"} or {@code "mp3"}
 * @param sampleRate    the original rate in Hz
 * @param channels      the original channel count
 * @param bitsPerSample bits per sample for PCM and float; 0 for lossy codecs, where it does not apply
 * @param bitrateKbps   the average bitrate of a lossy stream; 0 for PCM
 */
public record SourceFormat(String container, String codec, int sampleRate, int channels, int bitsPerSample,
                           int bitrateKbps) {
    public SourceFormat {
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(codec, "codec");
    }

    public boolean lossy() {
        return bitsPerSample == 0;
    }
}
