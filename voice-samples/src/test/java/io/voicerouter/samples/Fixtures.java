package io.voicerouter.samples;

import io.voicerouter.audio.WavCodec;
import io.voicerouter.audio.SampleFormat;
import io.voicerouter.audio.AudioData;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Random;

/** Test speech recordings (see src/test/resources/speech/PROVENANCE.md) and signal helpers. */
final class Fixtures {
    private Fixtures() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/speech/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static AudioData speech(String name) {
        return SampleDecoder.decode(bytes(name)).audio();
    }

    static DecodedSample pcm16(AudioData audio) {
        return SampleDecoder.decode(WavCodec.write(audio, SampleFormat.PCM_16));
    }

    static float[] whiteNoise(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    static double power(float[] x) {
        double s = 0;
        for (float v : x) {
            s += (double) v * v;
        }
        return s / x.length;
    }

    /** speech + noise scaled so that 10 log10(P_speech / P_noise) over the whole file is {@code snrDb}. */
    static float[] mix(float[] speech, float[] noise, double snrDb) {
        double gain = Math.sqrt(power(speech) / power(noise) / Math.pow(10, snrDb / 10));
        float[] out = new float[speech.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (speech[i] + gain * noise[i]);
        }
        return out;
    }

    static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] out = new float[n];
        int o = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}
