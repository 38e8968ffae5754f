package io.voicerouter.audio;

import java.util.Objects;

/**
 * A decoded WAV file: its audio as floats and the format it was stored in.
 *
 * @param audio         the samples, scaled to [-1, 1) for PCM (float files keep their values as stored)
 * @param format        the container format of each sample
 * @param validBits     significant bits per sample: equal to {@code format.bits()} unless a
 *                      WAVE_FORMAT_EXTENSIBLE header says fewer (20-bit audio in 24-bit containers)
 * @param extensible    whether the header was WAVE_FORMAT_EXTENSIBLE
 */
public record DecodedWav(AudioData audio, SampleFormat format, int validBits, boolean extensible) {
    public DecodedWav {
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(format, "format");
    }

    public int sampleRate() {
        return audio.sampleRate();
    }

    public int channels() {
        return audio.channels();
    }

    public int frames() {
        return audio.frames();
    }
}
