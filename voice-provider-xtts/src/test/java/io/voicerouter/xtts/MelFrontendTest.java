package io.voicerouter.xtts;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicerouter.audio.WavCodec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Compares both mel frontends with the torch references written by tools/xtts/make_tiny_xtts.py. */
class MelFrontendTest {
    private static final JsonNode SHAPES = Fixtures.json("mel/shapes.json");

    private static float[] wav(String name) {
        return WavCodec.read(Fixtures.dir("reference").resolve(name)).audio().samples();
    }

    private static void assertMatches(float[][] actual, float[] expected, JsonNode shape) {
        int bands = shape.get(0).asInt();
        int frames = shape.get(1).asInt();
        assertThat(actual.length).isEqualTo(bands);
        assertThat(actual[0].length).isEqualTo(frames);
        double worst = 0;
        for (int m = 0; m < bands; m++) {
            for (int t = 0; t < frames; t++) {
                worst = Math.max(worst, Math.abs(actual[m][t] - expected[m * frames + t]));
            }
        }
        assertThat(worst).as("largest difference to torch").isLessThan(1e-4);
    }

    @Test
    void conditioningMelMatchesTorch() {
        float[] norms = Fixtures.f32("mel/mel_norms.f32");
        float[][] mel = MelFrontend.conditioning().conditioningMel(wav("ref_22050.wav"), norms);
        assertMatches(mel, Fixtures.f32("mel/conditioning_mel.f32"), SHAPES.get("conditioning_mel"));
    }

    @Test
    void speakerMelMatchesTorch() {
        float[][] mel = MelFrontend.speaker().speakerMel(wav("ref_16000.wav"));
        assertMatches(mel, Fixtures.f32("mel/speaker_mel.f32"), SHAPES.get("speaker_mel"));
    }

    @Test
    void filterbankHasTheConfiguredBands() {
        assertThat(MelFrontend.conditioning().bands()).isEqualTo(80);
        assertThat(MelFrontend.speaker().bands()).isEqualTo(64);
        assertThat(MelFrontend.conditioning().frames(22050)).isEqualTo(22050 / 256 + 1);
    }
}
