package io.voicerouter.provider.styletts2;

import io.voicerouter.audio.AudioData;
import io.voicerouter.config.ProviderConfig;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.Settings;
import io.voicerouter.spi.SynthesisOutput;
import io.voicerouter.spi.SynthesisRequest;
import io.voicerouter.spi.TtsProvider;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Streaming emits one chunk per sentence, and the chunks together are exactly the whole output. */
class StreamingTest {
    private static final String PARAGRAPH = "hɛlˈoʊ wˈɜːld. ɡʊd mˈɔːɹnɪŋ tə juː ˈɔːl! ðə kwˈɪk bɹˈaʊn fˈɑːks?";

    private static TtsProvider provider(String model) {
        return new StyleTts2Provider(ProviderContext.builder()
                .option("styletts2.model_dir", TestData.path(model).toString()).build(), TestData.NO_ESPEAK);
    }

    private static SynthesisRequest request(TtsProvider p, ProviderConfig config, Map<String, Object> settings) {
        return SynthesisRequest.of(PARAGRAPH, "en", config.withSettings(settings).voice(),
                Settings.resolve(p.capabilities().settings(), settings));
    }

    private static float[] concat(List<AudioData> chunks) {
        return AudioJoiner.concat(chunks.stream().map(AudioData::samples).toList());
    }

    @Test
    void aThreeSentenceParagraphStreamsAsThreeChunksThatEqualTheWholeOutput() {
        try (TtsProvider p = provider("tone")) {
            Map<String, Object> settings = Map.of("input_phonemes", true);
            List<AudioData> chunks = new ArrayList<>();
            SynthesisOutput streamed = p.synthesizeStreaming(request(p, ProviderConfig.enabledDefault(), settings),
                    chunks::add);
            SynthesisOutput whole = p.synthesize(request(p, ProviderConfig.enabledDefault(), settings));

            assertThat(chunks).hasSize(3).allSatisfy(c -> {
                assertThat(c.sampleRate()).isEqualTo(24_000);
                assertThat(c.channels()).isEqualTo(1);
            });
            // Each chunk is one sentence's call: the tone model makes 600 samples per token.
            assertThat(chunks.get(0).frames()).isEqualTo(
                    PhonemeChunker.tokens("hɛlˈoʊ wˈɜːld.", vocab("tone"), true).length * 600);
            assertThat(concat(chunks)).containsExactly(whole.audio().samples());
            assertThat(streamed.audio().samples()).containsExactly(whole.audio().samples());
            assertThat(streamed.metadata()).isEqualTo(whole.metadata()).containsEntry("chunks", "3");
            // The seams are faded on the chunks themselves: the first ends and the second starts at zero.
            float[] first = chunks.get(0).samples();
            assertThat(first[first.length - 1]).isZero();
            assertThat(chunks.get(1).samples()[0]).isZero();
        }
    }

    @Test
    void aClonedStyleWithDiffusionStreamsTheSameAudioAsAWholeRequest() {
        try (TtsProvider p = provider("probe")) {
            ProviderConfig cloned = ProviderConfig.enabledDefault()
                    .withVoiceSample(TestData.path("ref24k.wav").toUri().toString(), 6.1);
            Map<String, Object> settings = Map.of("input_phonemes", true, "diffusion_steps", 5);
            List<AudioData> chunks = new ArrayList<>();
            p.synthesizeStreaming(request(p, cloned, settings), chunks::add);
            SynthesisOutput whole = p.synthesize(request(p, cloned, settings));
            assertThat(whole.metadata()).containsEntry("diffusion", "true");
            assertThat(chunks).hasSize(3);
            assertThat(concat(chunks)).containsExactly(whole.audio().samples());
        }
    }

    @Test
    void aBadRequestFailsBeforeAnyAudioIsStreamed() {
        try (TtsProvider p = provider("probe")) {
            List<AudioData> chunks = new ArrayList<>();
            assertThatThrownBy(() -> p.synthesizeStreaming(request(p, ProviderConfig.enabledDefault(),
                    Map.of("input_phonemes", true, "voice", "nobody")), chunks::add))
                    .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_INPUT));
            assertThat(chunks).isEmpty();
        }
    }

    private static Map<Integer, Long> vocab(String model) {
        try {
            return ModelConfig.read(TestData.path(model + "/config.json")).vocab();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
