package io.voicerouter.provider.styletts2;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Java ADPM2/Karras sampler against make_test_models.py's Python sampler, step by step, with
 * the same noise draws (fixed seed) and the same exported denoiser and text-embedding graphs.
 */
class DiffusionSamplerTest {
    private static StyleTts2Model model;

    @BeforeAll
    static void load() throws Exception {
        model = StyleTts2Model.load(TestData.path("probe"), "cpu", 1);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void karrasScheduleMatchesPython() {
        JsonNode sampler = TestData.expected().get("sampler");
        double[] sigmas = model.sampler().sigmas(sampler.get("steps").asInt());
        JsonNode expected = sampler.get("sigmas");
        assertThat(sigmas).hasSize(expected.size());
        for (int i = 0; i < sigmas.length; i++) {
            assertThat(sigmas[i]).isCloseTo(expected.get(i).asDouble(), org.assertj.core.data.Offset.offset(1e-6));
        }
        assertThat(sigmas[0]).isEqualTo(3.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(sigmas[sigmas.length - 1]).isZero();
    }

    @Test
    void everyStepMatchesThePythonSampler() throws Exception {
        JsonNode sampler = TestData.expected().get("sampler");
        int steps = sampler.get("steps").asInt();
        long[] tokens = new long[sampler.get("tokens").size()];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = sampler.get("tokens").get(i).asLong();
        }
        float[] features = TestData.floats("style_expected.f32");
        float[] noise = TestData.floats("sampler_noise.f32");
        float[] expectedTrace = TestData.floats("sampler_trace.f32");
        int[] draw = {0};
        DiffusionSampler.NoiseSource replay = n -> {
            float[] out = java.util.Arrays.copyOfRange(noise, draw[0] * n, (draw[0] + 1) * n);
            draw[0]++;
            return out;
        };
        List<float[]> trace = new ArrayList<>();
        float[] embedding = model.embed(tokens);
        float[] result = model.sampler().sample(model.denoiser(embedding, tokens.length, features), 256, steps,
                sampler.get("embedding_scale").asDouble(), replay, trace::add);

        assertThat(draw[0]).isEqualTo(steps);
        assertThat(trace).hasSize(steps - 1);
        for (int s = 0; s < trace.size(); s++) {
            for (int i = 0; i < 256; i++) {
                double want = expectedTrace[s * 256 + i];
                assertThat((double) trace.get(s)[i]).as("step %d value %d", s, i)
                        .isCloseTo(want, org.assertj.core.data.Offset.offset(1e-4 * Math.max(1, Math.abs(want))));
            }
        }
        assertThat(result).isEqualTo(trace.get(trace.size() - 1));
    }

    @Test
    void seededGaussianNoiseIsReproducibleAndStandard() {
        float[] a = DiffusionSampler.gaussian(42).next(20_000);
        float[] b = DiffusionSampler.gaussian(42).next(20_000);
        assertThat(a).isEqualTo(b);
        double mean = 0;
        double sq = 0;
        for (float v : a) {
            mean += v;
            sq += v * v;
        }
        mean /= a.length;
        assertThat(mean).isBetween(-0.05, 0.05);
        assertThat(Math.sqrt(sq / a.length - mean * mean)).isBetween(0.95, 1.05);
    }

    @Test
    void fewerThanTwoStepsIsRefused() {
        assertThatThrownBy(() -> model.sampler().sample((x, c) -> new float[][] {x, x}, 4, 1, 1.0,
                DiffusionSampler.gaussian(1), x -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2");
    }
}
