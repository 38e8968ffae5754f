package io.voicerouter.provider.styletts2;

import io.voicerouter.config.ProviderConfig;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.Settings;
import io.voicerouter.spi.SynthesisOutput;
import io.voicerouter.spi.SynthesisRequest;
import io.voicerouter.spi.TtsProvider;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Text over 510 phonemes on the "tone" model (a 220 Hz tone, 600 samples per token, its phase set
 * by the tokens, so every call ends mid-cycle): split at sentence boundaries, every call at most
 * 510 phonemes, and joined with no jump larger than the tone's own sample-to-sample range.
 */
class LongTextSeamTest {
    private static final String SENTENCE = "hɛlˈoʊ wˈɜːld ænd ɡʊd mˈɔːɹnɪŋ tə juː ˈɔːl.";

    @Test
    void longTextIsSplitAndJoinedWithoutAClick() throws Exception {
        ModelConfig config = ModelConfig.read(TestData.path("tone/config.json"));
        String text = String.join(" ", java.util.Collections.nCopies(30, SENTENCE));
        List<String> chunks = PhonemeChunker.chunks(List.of(SENTENCE).stream()
                .flatMap(s -> java.util.Collections.nCopies(30, s).stream()).toList(), config.vocab(), 510);
        assertThat(PhonemeChunker.count(String.join(" ", chunks))).isGreaterThan(1000);
        assertThat(chunks).hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(c -> assertThat(PhonemeChunker.count(c)).isLessThanOrEqualTo(510))
                .allSatisfy(c -> assertThat(c).endsWith("."));

        try (TtsProvider provider = new StyleTts2Provider(ProviderContext.builder()
                .option("styletts2.model_dir", TestData.path("tone").toString()).build(), TestData.NO_ESPEAK)) {
            Map<String, Object> settings = Map.of("input_phonemes", true);
            Settings resolved = Settings.resolve(provider.capabilities().settings(), settings);
            SynthesisOutput out = provider.synthesize(SynthesisRequest.of(text, "en",
                    ProviderConfig.enabledDefault().withSettings(settings).voice(), resolved));
            assertThat(out.metadata()).containsEntry("chunks", Integer.toString(chunks.size()));
            float[] joined = out.audio().samples();

            float[] single = provider.synthesize(SynthesisRequest.of(SENTENCE, "en",
                    ProviderConfig.enabledDefault().withSettings(settings).voice(), resolved)).audio().samples();
            double ownRange = maxStep(single, 0, single.length);
            assertThat(ownRange).isGreaterThan(0.02);

            int expectedLength = 0;
            double naiveWorstSeam = 0;
            double previousLast = Double.NaN;
            for (String c : chunks) {
                long[] tokens = PhonemeChunker.tokens(c, config.vocab(), true);
                int len = tokens.length * 600;
                double phase = java.util.Arrays.stream(tokens).sum() * 0.37;
                double first = 0.5 * Math.sin(phase);
                if (!Double.isNaN(previousLast)) {
                    naiveWorstSeam = Math.max(naiveWorstSeam, Math.abs(first - previousLast));
                }
                previousLast = 0.5 * Math.sin(2 * Math.PI * 220.0 / 24000.0 * (len - 1) + phase);
                expectedLength += len;
            }
            assertThat(joined).hasSize(expectedLength);
            assertThat(naiveWorstSeam).as("plain concatenation would click").isGreaterThan(ownRange);
            assertThat(maxStep(joined, 0, joined.length)).isLessThanOrEqualTo(ownRange * 1.001);
        }
    }

    private static double maxStep(float[] x, int from, int to) {
        double worst = 0;
        for (int i = from + 1; i < to; i++) {
            worst = Math.max(worst, Math.abs(x[i] - x[i - 1]));
        }
        return worst;
    }
}
