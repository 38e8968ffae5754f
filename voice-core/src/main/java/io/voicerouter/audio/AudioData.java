package io.voicerouter.audio;

import java.time.Duration;
import java.util.Objects;

/**
 * Immutable PCM audio: interleaved float samples in [-1, 1], a sample rate and a channel count.
 * The array is never exposed; {@link #samples()} returns a copy, {@link #sampleAt} reads in place.
 */
public final class AudioData {
    private final float[] samples;
    private final int sampleRate;
    private final int channels;

    private AudioData(float[] samples, int sampleRate, int channels) {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sampleRate must be positive: " + sampleRate);
        }
        if (channels <= 0) {
            throw new IllegalArgumentException("channels must be positive: " + channels);
        }
        if (samples.length % channels != 0) {
            throw new IllegalArgumentException(
                    "sample count " + samples.length + " is not a multiple of channels " + channels);
        }
        this.samples = samples;
        this.sampleRate = sampleRate;
        this.channels = channels;
    }

    /** Copies {@code samples}; later changes to the array do not reach this object. */
    public static AudioData of(float[] samples, int sampleRate, int channels) {
        return new AudioData(Objects.requireNonNull(samples, "samples").clone(), sampleRate, channels);
    }

    public static AudioData mono(float[] samples, int sampleRate) {
        return of(samples, sampleRate, 1);
    }

    /** Takes ownership of {@code samples} without copying: for code in this SDK that built the array. */
    public static AudioData wrap(float[] samples, int sampleRate, int channels) {
        return new AudioData(Objects.requireNonNull(samples, "samples"), sampleRate, channels);
    }

    public static AudioData silence(Duration duration, int sampleRate, int channels) {
        long frames = Math.round(duration.toNanos() / 1e9 * sampleRate);
        return new AudioData(new float[Math.toIntExact(frames * channels)], sampleRate, channels);
    }

    public int sampleRate() {
        return sampleRate;
    }

    public int channels() {
        return channels;
    }

    /** Frames (one sample per channel each). */
    public int frames() {
        return samples.length / channels;
    }

    /** Total interleaved samples. */
    public int sampleCount() {
        return samples.length;
    }

    public float sampleAt(int index) {
        return samples[index];
    }

    public float[] samples() {
        return samples.clone();
    }

    public double durationSeconds() {
        return (double) frames() / sampleRate;
    }

    public Duration duration() {
        return Duration.ofNanos(Math.round(durationSeconds() * 1e9));
    }

    /** Largest absolute sample value. */
    public double peak() {
        double peak = 0;
        for (float s : samples) {
            peak = Math.max(peak, Math.abs(s));
        }
        return peak;
    }

    /** Root mean square over every sample; 0 for empty audio. */
    public double rms() {
        if (samples.length == 0) {
            return 0;
        }
        double sum = 0;
        for (float s : samples) {
            sum += (double) s * s;
        }
        return Math.sqrt(sum / samples.length);
    }

    /** Averages the channels; returns this object when already mono. */
    public AudioData toMono() {
        if (channels == 1) {
            return this;
        }
        int frames = frames();
        float[] out = new float[frames];
        for (int f = 0; f < frames; f++) {
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += samples[f * channels + c];
            }
            out[f] = (float) (sum / channels);
        }
        return new AudioData(out, sampleRate, 1);
    }

    /** Multiplies every sample by {@code gain}, clamping to [-1, 1]. */
    public AudioData withGain(double gain) {
        float[] out = new float[samples.length];
        for (int i = 0; i < samples.length; i++) {
            out[i] = (float) Math.max(-1.0, Math.min(1.0, samples[i] * gain));
        }
        return new AudioData(out, sampleRate, channels);
    }

    /** Appends {@code other}, which must have the same rate and channel count. */
    public AudioData concat(AudioData other) {
        if (other.sampleRate != sampleRate || other.channels != channels) {
            throw new IllegalArgumentException("cannot join " + describe() + " and " + other.describe());
        }
        float[] out = new float[samples.length + other.samples.length];
        System.arraycopy(samples, 0, out, 0, samples.length);
        System.arraycopy(other.samples, 0, out, samples.length, other.samples.length);
        return new AudioData(out, sampleRate, channels);
    }

    private String describe() {
        return sampleRate + " Hz x" + channels;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AudioData a && a.sampleRate == sampleRate && a.channels == channels
                && java.util.Arrays.equals(a.samples, samples);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * sampleRate + channels) + java.util.Arrays.hashCode(samples);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "AudioData[%.3f s, %d Hz, %d ch]",
                durationSeconds(), sampleRate, channels);
    }
}
