package io.voicerouter.encoders;

import io.voicerouter.audio.AudioData;
import io.voicerouter.audio.Resampler;
import io.voicerouter.audio.WavCodec;
import io.voicerouter.encode.EncodeSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Real speech from voice-core's test resources (Piper prompts, MIT; see their PROVENANCE.md). */
final class Speech {
    private Speech() {
    }

    /** 2.07 s, mono, 22050 Hz: Piper's own rate. */
    static AudioData mono22k() {
        return load("speech/downloaded.wav");
    }

    /** 2.39 s, stereo, 48000 Hz. */
    static AudioData stereo48k() {
        return load("speech/waiting.wav");
    }

    private static AudioData load(String resource) {
        try (InputStream in = Speech.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " missing from voice-core's test jar");
            }
            return WavCodec.read(in).audio();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the encoder is given: {@code audio} mixed and resampled as {@code spec} says. */
    static AudioData asEncoded(AudioData audio, EncodeSpec spec) {
        AudioData a = audio.channels() == spec.channels() ? audio : audio.toMono();
        return Resampler.resample(a, spec.sampleRate());
    }

    /** Uneven chunks, as a streaming synthesis hands them over (sentences of different lengths). */
    static List<AudioData> chunks(AudioData audio) {
        int[] sizes = {1, 700, 4410, 12345, 333};
        List<AudioData> out = new ArrayList<>();
        float[] s = audio.samples();
        int ch = audio.channels();
        int at = 0;
        for (int i = 0; at < audio.frames(); i++) {
            int n = Math.min(sizes[i % sizes.length], audio.frames() - at);
            float[] c = new float[n * ch];
            System.arraycopy(s, at * ch, c, 0, n * ch);
            out.add(AudioData.wrap(c, audio.sampleRate(), ch));
            at += n;
        }
        return out;
    }
}
