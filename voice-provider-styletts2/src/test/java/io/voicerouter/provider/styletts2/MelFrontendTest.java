package io.voicerouter.provider.styletts2;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Java frontend against the Python/torch reference run on the same WAV by make_test_models.py. */
class MelFrontendTest {

    @Test
    void trimKeepsTheSameRangeAsLibrosa() throws Exception {
        JsonNode expected = TestData.expected();
        int[] bounds = MelFrontend.trimBounds(TestData.referenceAudio());
        assertThat(bounds).containsExactly(expected.get("trim_start").asInt(), expected.get("trim_end").asInt());
    }

    @Test
    void logMelMatchesTorchWithin1e4() throws Exception {
        JsonNode expected = TestData.expected();
        float[][] mel = MelFrontend.logMel(MelFrontend.trim(TestData.referenceAudio()));
        int mels = expected.get("mel_shape").get(0).asInt();
        int frames = expected.get("mel_shape").get(1).asInt();
        assertThat(mel.length).isEqualTo(mels);
        assertThat(mel[0].length).isEqualTo(frames);
        float[] ref = TestData.floats("mel_expected.f32");
        double worst = 0;
        for (int m = 0; m < mels; m++) {
            for (int t = 0; t < frames; t++) {
                worst = Math.max(worst, Math.abs(mel[m][t] - ref[m * frames + t]));
            }
        }
        assertThat(worst).isLessThan(1e-4);
        // Not a flat spectrogram: speech spans a wide range of log energies.
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (float v : ref) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertThat(max - min).isGreaterThan(2.0);
    }

    @Test
    void tooShortAudioIsRejectedClearly() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MelFrontend.logMel(new float[1000]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too short");
    }
}
