package io.voicerouter.xtts;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Streaming over the tiny export: chunked vocoding with cross-fades joins to the one-shot audio. */
class StreamingTest {
    private static final JsonNode REF = Fixtures.json("reference/decode.json");
    private static final int OVERLAP = 1024;
    private static XttsEngine engine;

    @BeforeAll
    static void load() throws Exception {
        engine = XttsEngine.load(Fixtures.tinyModel(), 1);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static XttsEngine.Conditioning voice() throws Exception {
        return new XttsEngine.Conditioning(engine.condLatents(GreedyDecodeTest.wav("ref_22050.wav")),
                engine.speakerEmbedding(GreedyDecodeTest.wav("ref_16000.wav")));
    }

    private static XttsSynthesizer.Options options(int chunk, double speed) {
        return new XttsSynthesizer.Options(GreedyDecodeTest.greedy(), speed, chunk, REF.get("max_tokens").asInt(), OVERLAP);
    }

    @Test
    void stitcherEmitsEverySampleOnceAndCrossFadesTheHeldTail() {
        ChunkStitcher s = new ChunkStitcher(4);
        float[] first = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
        assertThat(s.push(first, false)).hasSize(6);
        float[] second = new float[16]; // the re-vocoded region now says 0 where the held tail said 1
        float[] out = s.push(second, true);
        assertThat(out).hasSize(10);
        assertThat(out[0]).isEqualTo(0.875f); // ramp from the held tail (1) to the new audio (0)
        assertThat(out[3]).isEqualTo(0.125f);
        assertThat(out[4]).isZero();
        assertThat(s.emitted()).isEqualTo(16);
    }

    @Test
    void joinedStreamEqualsTheOneShotAudioAwayFromTheSeamsAndNearlyAtThem() throws Exception {
        XttsSynthesizer synth = new XttsSynthesizer(engine);
        XttsEngine.Conditioning voice = voice();
        float[] oneShot = synth.synthesize(REF.get("text").asText(), "en", voice, options(0, 1.0), null, () -> false);
        assertThat(GreedyDecodeTest.maxDiff(oneShot, Fixtures.f32("reference/audio.f32"))).isLessThan(1e-4);

        List<float[]> chunks = new ArrayList<>();
        List<Integer> chunkEnds = new ArrayList<>();
        int[] steps = {0};
        int[] stepsAtFirstChunk = {-1};
        float[] joined = synth.synthesize(REF.get("text").asText(), "en", voice, options(8, 1.0), c -> {
            if (chunks.isEmpty()) {
                stepsAtFirstChunk[0] = steps[0];
            }
            chunks.add(c);
            chunkEnds.add(chunkEnds.isEmpty() ? c.length : chunkEnds.get(chunkEnds.size() - 1) + c.length);
        }, () -> {
            steps[0]++; // polled once before the text piece, then once before every decoding step
            return false;
        });
        int tokens = REF.get("tokens").size();
        assertThat(stepsAtFirstChunk[0]).as("first audio after 8 of %d tokens", tokens).isEqualTo(1 + 8);
        assertThat(chunks).hasSize(tokens / 8 + 1);
        assertThat(chunks.get(0).length).isEqualTo(8 * REF.get("samples_per_latent").asInt() - OVERLAP);
        assertThat(joined).hasSameSizeAs(oneShot);

        double seamWorst = 0;
        double peak = 0;
        for (float v : oneShot) {
            peak = Math.max(peak, Math.abs(v));
        }
        for (int i = 0; i < oneShot.length; i++) {
            boolean nearSeam = false;
            for (int end : chunkEnds) {
                nearSeam |= i >= end && i < end + OVERLAP;
            }
            double diff = Math.abs(joined[i] - oneShot[i]);
            if (nearSeam) {
                assertThat(diff).as("sample %d at a seam", i).isLessThan(0.2 * peak);
                seamWorst = Math.max(seamWorst, diff);
            } else {
                assertThat(diff).as("sample %d", i).isLessThan(1e-5);
            }
        }
        // Measured: about 0.12 of the peak with the tiny vocoder, whose last latent's audio changes most.
        assertThat(seamWorst).isGreaterThan(0).isLessThan(0.2 * peak);
    }

    @Test
    void speedShortensTheAudioInStreamingToo() throws Exception {
        XttsSynthesizer synth = new XttsSynthesizer(engine);
        XttsEngine.Conditioning voice = voice();
        float[] normal = synth.synthesize(REF.get("text").asText(), "en", voice, options(8, 1.0), c -> { }, () -> false);
        float[] fast = synth.synthesize(REF.get("text").asText(), "en", voice, options(8, 1.25), c -> { }, () -> false);
        assertThat(fast.length).isLessThan(normal.length);
        float[] oneShotFast = synth.synthesize(REF.get("text").asText(), "en", voice, options(0, 1.25), null, () -> false);
        assertThat(GreedyDecodeTest.maxDiff(oneShotFast, Fixtures.f32("reference/audio_speed.f32"))).isLessThan(1e-4);
        assertThat(fast).hasSameSizeAs(oneShotFast);
    }
}
