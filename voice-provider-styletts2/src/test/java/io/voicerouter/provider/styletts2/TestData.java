package io.voicerouter.provider.styletts2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** The resources written by tools/styletts2/make_test_models.py. */
final class TestData {
    /** The phonemizer a provider gets when libespeak-ng is not installed. */
    static final io.voicerouter.espeak.Phonemizer NO_ESPEAK =
            new StyleTts2ProviderFactory.MissingPhonemizer("espeak-ng is not available: not installed in this test");

    private TestData() {
    }

    static Path path(String name) {
        try {
            return Path.of(TestData.class.getResource("/styletts2/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static float[] floats(String name) {
        try {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(path(name))).order(ByteOrder.LITTLE_ENDIAN);
            float[] out = new float[b.remaining() / 4];
            b.asFloatBuffer().get(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode expected() {
        try {
            return new ObjectMapper().readTree(path("expected.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static float[] referenceAudio() throws IOException {
        io.voicerouter.audio.AudioData pcm = io.voicerouter.audio.WavCodec.read(path("ref24k.wav")).audio();
        if (pcm.sampleRate() != MelFrontend.SAMPLE_RATE || pcm.channels() != 1) {
            throw new IllegalStateException("ref24k.wav is " + pcm.sampleRate() + " Hz, " + pcm.channels() + " channels");
        }
        return pcm.samples();
    }
}
