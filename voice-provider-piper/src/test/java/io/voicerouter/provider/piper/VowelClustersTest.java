package io.voicerouter.provider.piper;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicerouter.onnx.SessionOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.voicerouter.provider.piper.PiperProviderTest.PLAIN;
import static io.voicerouter.provider.piper.ProbeVoices.K;
import static io.voicerouter.provider.piper.ProbeVoices.SINGLE;
import static io.voicerouter.provider.piper.ProbeVoices.decode;
import static io.voicerouter.provider.piper.ProbeVoices.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Phoneme-id-map keys of more than one code point, as piper1-gpl (OHF-Voice/piper1-gpl) uses them:
 * its default map has "aɪ", "aʊ", "ɔɪ", "eɪ", "oʊ", and its espeak phonemizer merges a voice's
 * {@code vowel_clusters} into such phonemes, the longest cluster first
 * ({@code phonemize_espeak._merge_known_vowel_clusters}; its tests: "my" becomes m ˈ aɪ with the
 * en-us clusters, m ˈ a ɪ without). The probe model turns each id into a tone, so the ids the
 * model received are read back from the audio.
 */
class VowelClustersTest {
    static final long AI = 150;
    static final long AIE = 155;
    static final long OU = 152;

    @TempDir
    Path dir;
    ProbeVoices.FixedPhonemizer phonemizer;
    PiperProvider provider;

    @BeforeEach
    void setUp() throws Exception {
        ProbeVoices.install(dir, SINGLE);
        install("en_US-clusters-x_low", "[[\"a\", \"ɪ\"], [\"o\", \"ʊ\"], [\"a\", \"ɪ\", \"ə\"]]");
        install("en_US-pairs-x_low", "[[\"a\", \"ɪ\"], [\"o\", \"ʊ\"]]");
        install("en_US-noclusters-x_low", null);
        phonemizer = new ProbeVoices.FixedPhonemizer();
        provider = PiperProvider.builder()
                .voices(PiperVoices.builder().directory(dir).offline(true).build())
                .sessionOptions(SessionOptions.builder().device("cpu").intraOpThreads(1).build())
                .phonemizer(phonemizer)
                .build();
        provider.initialize();
        // fixed IPA ("aɪə" as espeak-ng en-gb writes "fire"): shows which cluster wins where two start
        phonemizer.answer("Fire no.", "fˈaɪə nˈoʊ.");
    }

    @AfterEach
    void tearDown() {
        provider.close();
    }

    /** The probe voice under another key, its map extended with piper1-gpl style diphthong keys. */
    private void install(String key, String clustersJson) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = (ObjectNode) json.readTree(ProbeVoices.bytes(SINGLE + ".onnx.json"));
        ObjectNode map = (ObjectNode) config.get("phoneme_id_map");
        map.putArray("aɪ").add(AI);
        map.putArray("aɪə").add(AIE);
        map.putArray("oʊ").add(OU);
        config.put("dataset", key);
        if (clustersJson != null) {
            config.set("vowel_clusters", json.readTree(clustersJson));
        }
        Files.write(dir.resolve(key + ".onnx.json"), json.writeValueAsBytes(config));
        Files.copy(dir.resolve(SINGLE + ".onnx"), dir.resolve(key + ".onnx"));
    }

    private List<Long> ids(String voice) {
        return decode(provider.synthesize(request(provider, "Fire no.", voice, PLAIN)).audio(), K);
    }

    @Test
    void theLongestListedClusterIsMergedFirst() {
        // ^ _ f _ ˈ _ aɪə _ ' ' _ n _ ˈ _ oʊ _ . _ $
        assertThat(ids("en_US-clusters-x_low")).containsExactly(1L, 0L, 19L, 0L, 120L, 0L, AIE, 0L, 3L, 0L, 26L, 0L,
                120L, 0L, OU, 0L, 10L, 0L, 2L);
    }

    @Test
    void onlyListedClustersAreMerged() {
        // "aɪə" is a key but not a cluster of this voice: aɪ then ə
        assertThat(ids("en_US-pairs-x_low")).containsExactly(1L, 0L, 19L, 0L, 120L, 0L, AI, 0L, 59L, 0L, 3L, 0L, 26L,
                0L, 120L, 0L, OU, 0L, 10L, 0L, 2L);
    }

    @Test
    void withoutVowelClustersMultiCodePointKeysAreNotUsed() {
        // as piper1-gpl: its default map carries the diphthong keys in every voice, but only a voice
        // trained with vowel_clusters ever saw those ids
        assertThat(ids("en_US-noclusters-x_low")).containsExactly(1L, 0L, 19L, 0L, 120L, 0L, 14L, 0L, 74L, 0L, 59L, 0L,
                3L, 0L, 26L, 0L, 120L, 0L, 27L, 0L, 100L, 0L, 10L, 0L, 2L);
    }

    @Test
    void aMalformedClusterListIsAClearError() {
        assertThatThrownBy(() -> PiperVoiceConfig.parse("""
                {"phoneme_id_map": {"_": [0], "^": [1], "$": [2]}, "vowel_clusters": ["aɪ"]}"""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("vowel_clusters");
    }
}
