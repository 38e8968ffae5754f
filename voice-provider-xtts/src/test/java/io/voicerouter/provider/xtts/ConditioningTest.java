package io.voicerouter.provider.xtts;

import io.voicerouter.audio.AudioData;
import io.voicerouter.audio.Resampler;
import io.voicerouter.samples.FetchPolicy;
import io.voicerouter.samples.ReferenceSampleLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Several samples per personality, the sample-hash cache and XTTS's text splitting. */
class ConditioningTest {
    @RegisterExtension
    static final TinyEngine TINY = new TinyEngine();

    private static float[] concat(float[] a, float[] b) {
        float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void severalSamplesAverageTheSpeakerEmbeddingsAndJoinTheAudioForTheLatents() throws Exception {
        float[] speech = GreedyDecodeTest.wav("ref_22050.wav");
        float[] reversed = new float[speech.length];
        for (int i = 0; i < speech.length; i++) {
            reversed[i] = speech[speech.length - 1 - i];
        }
        AudioData a = AudioData.mono(speech, 22050);
        AudioData b = AudioData.mono(reversed, 22050);
        XttsEngine.Conditioning both = TINY.engine().condition(List.of(a, b));

        float[] sa = TINY.engine().speakerEmbedding(Resampler.resample(a, 16000).samples());
        float[] sb = TINY.engine().speakerEmbedding(Resampler.resample(b, 16000).samples());
        for (int i = 0; i < sa.length; i++) {
            assertThat(both.speakerEmbedding()[i]).isCloseTo((sa[i] + sb[i]) / 2, org.assertj.core.api.Assertions.within(1e-6f));
        }
        float[] joined = TINY.engine().condLatents(concat(speech, reversed));
        assertThat(both.condLatents()).containsExactly(joined);
        assertThat(both.condLatents()).isNotEqualTo(TINY.engine().condition(List.of(a)).condLatents());
    }

    @Test
    void voicesAreCachedByContentNotByPath(@TempDir Path dir) throws Exception {
        Path one = Fixtures.loopedSpeech(dir.resolve("one.wav"), 7);
        Path two = Files.copy(one, dir.resolve("two.wav"));
        VoiceCache cache = new VoiceCache(4, ReferenceSampleLoader.create(XttsProvider.ID, FetchPolicy.defaults()));
        VoiceCache.Voice v1 = cache.voice(List.of(one.toString()), TINY.engine());
        VoiceCache.Voice v2 = cache.voice(List.of(two.toString()), TINY.engine());
        assertThat(v2).isSameAs(v1);
        assertThat(v1.id()).isEqualTo(cache.identity(List.of(two.toString())));
    }

    @Test
    void longTextIsSplitAtTheLanguageLimitBeforeCleaning() {
        XttsSynthesizer s = new XttsSynthesizer(TINY.engine());
        String sentence = "This sentence is about sixty characters long, more or less. ";
        List<String> pieces = s.preparedPieces(sentence.repeat(10), "en");
        assertThat(pieces).hasSizeGreaterThan(2);
        for (String p : pieces) {
            assertThat(p).startsWith("[en]");
            assertThat(p.replace("[SPACE]", " ").length() - 4).isLessThanOrEqualTo(250);
        }
        assertThat(s.preparedPieces(sentence.repeat(10), "ja").size()).isGreaterThan(pieces.size());
    }

    @Test
    void piecesThatCleaningLengthensAreSplitAgain() {
        XttsSynthesizer s = new XttsSynthesizer(TINY.engine());
        // 240 raw characters; spelled out they are about 2000, past the model's 402 text positions
        List<String> pieces = s.preparedPieces("123456789012345 ".repeat(15), "en");
        assertThat(pieces).hasSizeGreaterThan(5);
        for (String p : pieces) {
            assertThat(p.replace("[SPACE]", " ").length() - 4).isLessThanOrEqualTo(250);
            assertThat(TINY.engine().tokenizer().encode(p).length).isLessThan(402);
        }
    }
}
