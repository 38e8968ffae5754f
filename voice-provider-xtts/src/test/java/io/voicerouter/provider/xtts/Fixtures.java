package io.voicerouter.provider.xtts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voicerouter.audio.AudioData;
import io.voicerouter.audio.SampleFormat;
import io.voicerouter.audio.WavCodec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the fixtures that tools/xtts/make_tiny_xtts.py wrote under src/test/resources/xtts. */
final class Fixtures {
    private Fixtures() {
    }

    static Path dir(String sub) {
        try {
            return Path.of(Fixtures.class.getResource("/xtts/" + sub).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path tinyModel() {
        return dir("tiny");
    }

    /** A 22.05 kHz 16-bit WAV of real speech at {@code target}: the 2 s reference fixture looped to {@code seconds}. */
    static Path loopedSpeech(Path target, int seconds) {
        float[] speech = WavCodec.read(dir("reference").resolve("ref_22050.wav")).audio().samples();
        float[] out = new float[22050 * seconds];
        for (int i = 0; i < out.length; i++) {
            out[i] = speech[i % speech.length];
        }
        WavCodec.write(AudioData.mono(out, 22050), SampleFormat.PCM_16, target);
        return target;
    }

    static float[] f32(String relative) {
        try {
            byte[] b = Files.readAllBytes(dir(".").resolve(relative));
            ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            float[] out = new float[b.length / 4];
            bb.asFloatBuffer().get(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String relative) {
        try {
            return new ObjectMapper().readTree(dir(".").resolve(relative).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
