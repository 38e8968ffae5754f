package io.voicerouter.xtts;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicerouter.audio.WavCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the whole Java pipeline over the tiny contract-shaped export and compares it with the PyTorch
 * reference decode of tools/xtts/make_tiny_xtts.py: conditioning, speaker embedding, greedy tokens,
 * latents and audio.
 */
class GreedyDecodeTest {
    private static final JsonNode REF = Fixtures.json("reference/decode.json");
    private static XttsEngine engine;

    @BeforeAll
    static void load() throws Exception {
        engine = XttsEngine.load(Fixtures.tinyModel(), 1);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    static float[] wav(String name) {
        return WavCodec.read(Fixtures.dir("reference").resolve(name)).audio().samples();
    }

    static XttsEngine.Conditioning referenceConditioning() throws Exception {
        return new XttsEngine.Conditioning(engine.condLatents(wav("ref_22050.wav")),
                engine.speakerEmbedding(wav("ref_16000.wav")));
    }

    static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    static double maxDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }

    static SamplingParams greedy() {
        return new SamplingParams(1.0, 1, 1.0, REF.get("repetition_penalty").asDouble(), 1.0, 0);
    }

    @Test
    void encodersMatchTorch() throws Exception {
        XttsEngine.Conditioning c = referenceConditioning();
        assertThat(maxDiff(c.condLatents(), Fixtures.f32("reference/cond_latents.f32"))).isLessThan(1e-4);
        assertThat(maxDiff(c.speakerEmbedding(), Fixtures.f32("reference/speaker_embedding.f32"))).isLessThan(1e-4);
    }

    @Test
    void tokenizerGivesTheReferenceTextIds() {
        String prepared = TextPreparer.prepare(REF.get("text").asText(), "en");
        assertThat(engine.tokenizer().encode(prepared)).containsExactly(ints(REF.get("text_ids")));
    }

    @Test
    void greedyDecodeGivesTheTorchTokensLatentsAndAudio() throws Exception {
        List<Integer> streamed = new ArrayList<>();
        GptDecoder.Result r = engine.decode(ints(REF.get("text_ids")), referenceConditioning(), greedy(),
                REF.get("max_tokens").asInt(), (t, latent) -> streamed.add(t), () -> false);
        assertThat(r.tokens()).containsExactlyElementsOf(
                java.util.Arrays.stream(ints(REF.get("tokens"))).boxed().toList());
        assertThat(r.stopped()).isEqualTo(REF.get("stopped").asBoolean());
        assertThat(streamed).isEqualTo(r.tokens());
        float[] latents = Latents.flatten(r.latents(), engine.width());
        assertThat(maxDiff(latents, Fixtures.f32("reference/latents.f32"))).isLessThan(1e-4);

        float[] speaker = Fixtures.f32("reference/speaker_embedding.f32");
        float[] audio = engine.vocode(latents, r.latents().size(), speaker, 1.0);
        assertThat(maxDiff(audio, Fixtures.f32("reference/audio.f32"))).isLessThan(1e-4);

        float[] faster = engine.vocode(latents, r.latents().size(), speaker, REF.get("speed").asDouble());
        assertThat(maxDiff(faster, Fixtures.f32("reference/audio_speed.f32"))).isLessThan(1e-4);
        assertThat(faster.length).isLessThan(audio.length);
    }

    @Test
    void cancellationStopsTheLoop() throws Exception {
        GptDecoder.Result r = engine.decode(ints(REF.get("text_ids")), referenceConditioning(), greedy(),
                REF.get("max_tokens").asInt(), (t, latent) -> { }, () -> true);
        assertThat(r.tokens()).isEmpty();
        assertThat(r.stopped()).isFalse();
    }
}
