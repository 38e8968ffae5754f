package io.voicerouter.provider.xtts;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds GptDecoder against coqui-ai-TTS's own GPT classes: tools/xtts/upstream_gpt_reference.py ran
 * upstream's {@code GPT.generate} (greedy) over random weights with v2's table sizes, recorded the mel
 * position upstream's {@code GPT2InferenceModel} picked for every token it fed back, and exported the same
 * weights behind the public export's tensor names (xtts/upstream/). Here the tiny export's encoders and
 * vocoder are reused and its GPT and tables replaced by upstream's.
 */
class GptUpstreamReferenceTest {
    private static final JsonNode REF = Fixtures.json("upstream/reference.json");
    @TempDir
    static Path dir;
    private static XttsEngine engine;

    @BeforeAll
    static void load() throws Exception {
        try (Stream<Path> files = Files.walk(Fixtures.tinyModel())) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = dir.resolve(Fixtures.tinyModel().relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        Path upstream = Fixtures.dir("upstream");
        Files.copy(upstream.resolve("gpt_model.onnx"), dir.resolve("gpt_model.onnx"), StandardCopyOption.REPLACE_EXISTING);
        for (String t : List.of("text_embedding", "text_pos_embedding", "mel_embedding", "mel_pos_embedding")) {
            Files.copy(upstream.resolve("embeddings/" + t + ".npy"), dir.resolve("embeddings/" + t + ".npy"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        engine = XttsEngine.load(dir, 1);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @Test
    void audioTokenKIsFedBackAtMelPositionKPlusOne() {
        // upstream's calls: the start token at 0, then each generated token that was fed back
        int[] upstream = GreedyDecodeTest.ints(REF.get("mel_positions"));
        assertThat(upstream[0]).isZero();
        int[] ours = new int[upstream.length - 1];
        Arrays.setAll(ours, GptDecoder::melPosition);
        assertThat(ours).containsExactly(Arrays.copyOfRange(upstream, 1, upstream.length));
    }

    @Test
    void greedyDecodeGivesUpstreamsTokensAndLatents() throws Exception {
        assertThat(engine.constants().startText()).isEqualTo(REF.get("start_text_token").asInt());
        assertThat(engine.constants().stopText()).isEqualTo(REF.get("stop_text_token").asInt());
        float[] cond = Fixtures.f32("upstream/cond_latents.f32");
        SamplingParams greedy = new SamplingParams(1.0, 1, 1.0, REF.get("repetition_penalty").asDouble(), 1.0, 0);
        List<Integer> streamed = new ArrayList<>();
        GptDecoder.Result r = engine.decode(GreedyDecodeTest.ints(REF.get("text_ids")),
                new XttsEngine.Conditioning(cond, new float[512]), greedy, engine.constants().maxAudioTokens(),
                (t, latent) -> streamed.add(t), () -> false);

        assertThat(r.tokens()).containsExactlyElementsOf(
                Arrays.stream(GreedyDecodeTest.ints(REF.get("tokens"))).boxed().toList());
        assertThat(r.stopped()).isEqualTo(REF.get("stopped").asBoolean()).isTrue();
        assertThat(streamed).isEqualTo(r.tokens());
        float[] latents = Latents.flatten(r.latents(), engine.width());
        assertThat(GreedyDecodeTest.maxDiff(latents, Fixtures.f32("upstream/latents.f32"))).isLessThan(1e-4);
    }

    @Test
    void oneCallMakesAtMostAsManyTokensAsUpstreamsGenerate() {
        // upstream, v2 sizes, stop token suppressed: generate stopped at max_gen_mel_tokens
        assertThat(REF.get("tokens_without_stop").asInt()).isEqualTo(REF.get("max_gen_mel_tokens").asInt());
        assertThat(XttsConstants.V2.maxAudioTokens()).isEqualTo(REF.get("tokens_without_stop").asInt());
        // and the last token fed back then still has a row in v2's 608-row position table
        assertThat(GptDecoder.melPosition(XttsConstants.V2.maxAudioTokens() - 1)).isLessThan(608);
    }
}
