package io.voicerouter.xtts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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
