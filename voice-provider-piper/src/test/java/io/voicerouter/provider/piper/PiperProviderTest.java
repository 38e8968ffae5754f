package io.voicerouter.provider.piper;

import io.voicerouter.audio.AudioData;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.onnx.ModelStore;
import io.voicerouter.onnx.SessionOptions;
import io.voicerouter.spi.ProviderHealth;
import io.voicerouter.spi.SynthesisOutput;
import io.voicerouter.spi.SynthesisRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.voicerouter.provider.piper.ProbeVoices.K;
import static io.voicerouter.provider.piper.ProbeVoices.MULTI;
import static io.voicerouter.provider.piper.ProbeVoices.SINGLE;
import static io.voicerouter.provider.piper.ProbeVoices.TEXT;
import static io.voicerouter.provider.piper.ProbeVoices.decode;
import static io.voicerouter.provider.piper.ProbeVoices.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PiperProviderTest {
    /** Raw audio, one sentence's worth with no silence: what the decoder reads cleanly. */
    static final Map<String, Object> PLAIN = Map.of("normalize", false, "sentence_silence", 0.0);

    @TempDir
    Path dir;
    ProbeVoices.FixedPhonemizer phonemizer;
    PiperProvider provider;

    @BeforeEach
    void setUp() throws Exception {
        ProbeVoices.install(dir, SINGLE, MULTI, TEXT);
        phonemizer = new ProbeVoices.FixedPhonemizer();
        provider = PiperProvider.builder()
                .voices(PiperVoices.builder().directory(dir).offline(true).build())
                .sessionOptions(SessionOptions.builder().device("cpu").intraOpThreads(1).build())
                .phonemizer(phonemizer)
                .build();
        provider.initialize();
    }

    @AfterEach
    void tearDown() {
        provider.close();
    }

    private static Map<String, Object> plus(Map<String, Object> base, String key, Object value) {
        Map<String, Object> m = new java.util.HashMap<>(base);
        m.put(key, value);
        return m;
    }

    @Test
    void phonemeIdsReachTheModelExactlyAsPiperBuildsThem() {
        phonemizer.answer("Hello.", "həlˈoʊ.");
        SynthesisOutput out = provider.synthesize(request(provider, "Hello.", SINGLE, PLAIN));
        // ^ _ h _ ə _ l _ ˈ _ o _ ʊ _ . _ $
        assertThat(decode(out.audio(), K)).containsExactly(1L, 0L, 20L, 0L, 59L, 0L, 24L, 0L, 120L, 0L, 27L, 0L, 100L,
                0L, 10L, 0L, 2L);
        assertThat(out.audio().sampleRate()).isEqualTo(22050);
        assertThat(phonemizer.voicesAsked).containsExactly("en-us");
    }

    @Test
    void unknownPhonemesAreSkippedAndInputIsDecomposedToNfd() {
        // ʁ is not in the probe voice's map; ã (U+00E3) decomposes into a + U+0303 (id 141)
        phonemizer.answer("x", "ʁ\u00e3");
        SynthesisOutput out = provider.synthesize(request(provider, "x", SINGLE, PLAIN));
        assertThat(decode(out.audio(), K)).containsExactly(1L, 0L, 14L, 0L, 141L, 0L, 2L);
    }

    @Test
    void textVoicesSpellTheTextByCodePoint() {
        SynthesisOutput out = provider.synthesize(request(provider, "Hi, yo.", TEXT, PLAIN));
        // H is not in the map and falls back to h; then i , space y o .
        assertThat(decode(out.audio(), K)).containsExactly(1L, 0L, 20L, 0L, 21L, 0L, 8L, 0L, 3L, 0L, 37L, 0L, 27L, 0L,
                10L, 0L, 2L);
        assertThat(phonemizer.voicesAsked).isEmpty();
    }

    @Test
    void speedScalesTheDurationThroughLengthScale() {
        phonemizer.answer("Hi.", "haɪ.");
        List<Long> expected = List.of(1L, 0L, 20L, 0L, 14L, 0L, 74L, 0L, 10L, 0L, 2L);
        AudioData normal = provider.synthesize(request(provider, "Hi.", SINGLE, PLAIN)).audio();
        AudioData fast = provider.synthesize(request(provider, "Hi.", SINGLE, plus(PLAIN, "speed", 2.0))).audio();
        AudioData slow = provider.synthesize(request(provider, "Hi.", SINGLE, plus(PLAIN, "speed", 0.5))).audio();
        assertThat(normal.frames()).isEqualTo(expected.size() * K);
        assertThat(fast.frames()).isEqualTo(normal.frames() / 2);
        assertThat(slow.frames()).isEqualTo(normal.frames() * 2);
        assertThat(decode(fast, K / 2)).isEqualTo(expected);
        assertThat(decode(slow, K * 2)).isEqualTo(expected);
    }

    @Test
    void speakerIdReachesAMultiSpeakerModelByNumberOrName() {
        phonemizer.answer("a", "a");
        assertThat(amplitude(Map.of())).isCloseTo(0.2, within(0.01));
        assertThat(amplitude(Map.of("speaker_id", "bob"))).isCloseTo(0.4, within(0.01));
        assertThat(amplitude(Map.of("speaker_id", "carol"))).isCloseTo(0.6, within(0.01));
        assertThat(amplitude(Map.of("speaker_id", 3))).isCloseTo(0.8, within(0.01));
        SynthesisOutput out = provider.synthesize(request(provider, "a", MULTI, plus(PLAIN, "speaker_id", "carol")));
        assertThat(out.metadata()).containsEntry("speaker_id", "2");
        assertThat(decode(out.audio(), K)).containsExactly(1L, 0L, 14L, 0L, 2L);
    }

    private double amplitude(Map<String, Object> extra) {
        Map<String, Object> s = new java.util.HashMap<>(PLAIN);
        s.putAll(extra);
        return provider.synthesize(request(provider, "a", MULTI, s)).audio().peak();
    }

    @Test
    void unknownSpeakersAreBadInput() {
        phonemizer.answer("a", "a");
        assertThatThrownBy(() -> provider.synthesize(request(provider, "a", MULTI, Map.of("speaker_id", "zed"))))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_INPUT))
                .hasMessageContaining("zed").hasMessageContaining("alice");
        assertThatThrownBy(() -> provider.synthesize(request(provider, "a", MULTI, Map.of("speaker_id", 4))))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_INPUT));
        assertThatThrownBy(() -> provider.synthesize(request(provider, "a", SINGLE, Map.of("speaker_id", "bob"))))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_INPUT));
    }

    @Test
    void streamingSplitsALongFirstSentenceAtItsFirstClauseAndKeepsTheOrder() {
        String a = "a".repeat(20);
        String b = "b".repeat(20);
        String c = "c".repeat(30);
        phonemizer.answer("long", a + ", " + b + ".", c + ".", "d.");
        List<AudioData> chunks = new ArrayList<>();
        SynthesisOutput out = provider.synthesizeStreaming(request(provider, "long", SINGLE, PLAIN), chunks::add);
        assertThat(chunks).hasSize(4);
        assertThat(decode(chunks.get(0), K)).containsExactly(ids(a + ","));
        assertThat(decode(chunks.get(1), K)).containsExactly(ids(b + "."));
        assertThat(decode(chunks.get(2), K)).containsExactly(ids(c + "."));
        assertThat(decode(chunks.get(3), K)).containsExactly(ids("d."));
        assertThat(out.metadata()).containsEntry("sentences", "3");

        // A whole answer keeps the sentence whole.
        SynthesisOutput whole = provider.synthesize(request(provider, "long", SINGLE, PLAIN));
        Long[] first = ids(a + ", " + b + ".");
        assertThat(decode(whole.audio(), K).subList(0, first.length)).containsExactly(first);
    }

    @Test
    void theFirstClausePieceGetsNoSentenceSilence() {
        String a = "a".repeat(20);
        String b = "b".repeat(20);
        phonemizer.answer("long", a + ", " + b + ".");
        List<AudioData> chunks = new ArrayList<>();
        provider.synthesizeStreaming(request(provider, "long", SINGLE, plus(PLAIN, "sentence_silence", 0.5)), chunks::add);
        assertThat(chunks).hasSize(2);
        assertThat(chunks.get(0).frames()).isEqualTo(ids(a + ",").length * K);
        assertThat(chunks.get(1).frames()).isEqualTo(ids(b + ".").length * K + (int) Math.round(0.5 * 22050));
    }

    @Test
    void sentencesMadeInParallelComeOutInOrderAndEqualSequentialOutput() {
        List<String> sentences = new ArrayList<>();
        for (char ch : "abcdefhi".toCharArray()) {
            sentences.add(String.valueOf(ch).repeat(5 + sentences.size() * 7) + ".");
        }
        phonemizer.answer("many", sentences.toArray(String[]::new));
        try (PiperProvider sequential = PiperProvider.builder()
                .voices(PiperVoices.builder().directory(dir).offline(true).build())
                .sessionOptions(SessionOptions.builder().device("cpu").intraOpThreads(1).build())
                .phonemizer(phonemizer).sentenceParallelism(1).build();
             PiperProvider parallel = PiperProvider.builder()
                .voices(PiperVoices.builder().directory(dir).offline(true).build())
                .sessionOptions(SessionOptions.builder().device("cpu").intraOpThreads(1).build())
                .phonemizer(phonemizer).sentenceParallelism(4).build()) {
            sequential.initialize();
            parallel.initialize();
            List<AudioData> chunks = new ArrayList<>();
            SynthesisOutput out = parallel.synthesizeStreaming(request(parallel, "many", SINGLE, PLAIN), chunks::add);
            assertThat(chunks).hasSize(sentences.size());
            for (int i = 0; i < sentences.size(); i++) {
                assertThat(decode(chunks.get(i), K)).containsExactly(ids(sentences.get(i)));
            }
            assertThat(out.audio().samples())
                    .isEqualTo(sequential.synthesize(request(sequential, "many", SINGLE, PLAIN)).audio().samples());
        }
    }

    @Test
    void theFirstPieceUsesEveryThreadOnlyWhenNothingElseRuns() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.getRuntime().availableProcessors() >= 2,
                "a wide session needs a second core");
        String lone = "abcdefhi".repeat(3) + ".";
        phonemizer.answer("lone", lone);
        phonemizer.answer("two", "abc.", "def.");
        try (PiperProvider narrow = PiperProvider.builder()
                .voices(PiperVoices.builder().directory(dir).offline(true).build())
                .sessionOptions(SessionOptions.builder().device("cpu").intraOpThreads(1).build())
                .phonemizer(phonemizer).sentenceParallelism(2).firstPieceAllThreads(false).build();
             PiperProvider adaptive = PiperProvider.builder()
                .voices(PiperVoices.builder().directory(dir).offline(true).build())
                .sessionOptions(SessionOptions.builder().device("cpu").intraOpThreads(1).build())
                .phonemizer(phonemizer).sentenceParallelism(2).build()) {
            narrow.initialize();
            adaptive.initialize();
            SynthesisOutput alone = adaptive.synthesize(request(adaptive, "lone", SINGLE, PLAIN));
            assertThat(alone.metadata()).containsEntry("intra_op_threads", "2");
            assertThat(decode(alone.audio(), K)).containsExactly(ids(lone));
            SynthesisOutput same = narrow.synthesize(request(narrow, "lone", SINGLE, PLAIN));
            assertThat(same.metadata()).doesNotContainKey("intra_op_threads");
            assertThat(alone.audio().samples()).containsExactly(same.audio().samples(), within(1e-6f));
            // several sentences share the cores one thread each
            assertThat(adaptive.synthesize(request(adaptive, "two", SINGLE, PLAIN)).metadata())
                    .containsEntry("intra_op_threads", "1");
            // a stream's first piece (its first audio) gets every core, the rest then share them
            List<AudioData> wideChunks = new ArrayList<>();
            List<AudioData> narrowChunks = new ArrayList<>();
            assertThat(adaptive.synthesizeStreaming(request(adaptive, "two", SINGLE, PLAIN), wideChunks::add)
                    .metadata()).containsEntry("intra_op_threads", "2,1");
            narrow.synthesizeStreaming(request(narrow, "two", SINGLE, PLAIN), narrowChunks::add);
            assertThat(wideChunks).hasSize(2);
            for (int i = 0; i < 2; i++) {
                assertThat(wideChunks.get(i).samples()).containsExactly(narrowChunks.get(i).samples(), within(1e-6f));
            }
            assertThat(decode(wideChunks.get(0), K)).containsExactly(ids("abc."));

            // while another request runs (held inside its stream's sink), a lone sentence stays narrow
            java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CompletableFuture<SynthesisOutput> other = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> adaptive.synthesizeStreaming(request(adaptive, "two", SINGLE, PLAIN), chunk -> {
                        inside.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }));
            assertThat(inside.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            try {
                SynthesisOutput busy = adaptive.synthesize(request(adaptive, "lone", SINGLE, PLAIN));
                assertThat(busy.metadata()).containsEntry("intra_op_threads", "1");
                assertThat(busy.audio().samples()).containsExactly(same.audio().samples(), within(1e-6f));
            } finally {
                release.countDown();
            }
            // it started alone, so its own first piece was wide
            assertThat(other.get(30, java.util.concurrent.TimeUnit.SECONDS).metadata()).containsEntry("intra_op_threads", "2,1");
            // and once it is done, the next lone sentence is wide again
            assertThat(adaptive.synthesize(request(adaptive, "lone", SINGLE, PLAIN)).metadata())
                    .containsEntry("intra_op_threads", "2");
        }
    }

    /** The probe voice's ids (Piper's default map) for the few phonemes these tests use. */
    private static final Map<Character, Long> PROBE_IDS = Map.of('a', 14L, 'b', 15L, 'c', 16L, 'd', 17L, 'e', 18L,
            'f', 19L, 'h', 20L, 'i', 21L, ',', 8L, '.', 10L);

    /** Piper's input for a phoneme string: ^ _ then each phoneme and _, then $ (a space has id 3). */
    private static Long[] ids(String phonemes) {
        List<Long> out = new ArrayList<>(List.of(1L, 0L));
        for (char ch : phonemes.toCharArray()) {
            out.add(ch == ' ' ? 3L : PROBE_IDS.get(ch));
            out.add(0L);
        }
        out.add(2L);
        return out.toArray(Long[]::new);
    }

    @Test
    void streamingEmitsOneChunkPerSentenceWithSentenceSilence() {
        phonemizer.answer("One. Two. Three.", "wʌn.", "tuː.", "θɹiː.");
        List<AudioData> chunks = new ArrayList<>();
        SynthesisRequest req = request(provider, "One. Two. Three.", SINGLE, Map.of("sentence_silence", 0.5));
        SynthesisOutput out = provider.synthesizeStreaming(req, chunks::add);
        assertThat(chunks).hasSize(3);
        int silence = (int) Math.round(0.5 * 22050);
        int[] phonemes = {4, 4, 5}; // w ʌ n . | t u ː . | θ ɹ i ː .
        float[] all = out.audio().samples();
        int at = 0;
        for (int i = 0; i < 3; i++) {
            AudioData c = chunks.get(i);
            int ids = 2 * phonemes[i] + 3;
            assertThat(c.frames()).isEqualTo(ids * K + silence);
            float[] s = c.samples();
            assertThat(c.peak()).isCloseTo(1.0, within(1e-3)); // normalized like Piper
            for (int j = ids * K; j < s.length; j++) {
                assertThat(s[j]).isZero();
            }
            assertThat(java.util.Arrays.copyOfRange(all, at, at + s.length)).isEqualTo(s);
            at += s.length;
        }
        assertThat(at).isEqualTo(all.length);
        assertThat(out.metadata()).containsEntry("sentences", "3");
    }

    @Test
    void deviceIsReportedInMetadataAndHealth() {
        phonemizer.answer("a", "a");
        SynthesisOutput out = provider.synthesize(request(provider, "a", SINGLE, Map.of()));
        assertThat(out.metadata()).containsEntry("device", "cpu").containsEntry("voice", SINGLE)
                .containsEntry("model", SINGLE + ".onnx");
        ProviderHealth h = provider.health();
        assertThat(h.isUsable()).isTrue();
        assertThat(h.attributes()).containsEntry("device", "cpu").containsEntry("installed_voices", "3");
        assertThat(provider.capabilities().languages()).containsExactly("en");
    }

    @Test
    void aMissingVoiceIsModelMissingWithHowToGetIt() {
        assertThatThrownBy(() -> provider.synthesize(request(provider, "a", "de_DE-thorsten-medium", Map.of())))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.MODEL_MISSING))
                .hasMessageContaining("de_DE-thorsten-medium")
                .hasMessageContaining("voice download piper")
                .hasMessageContaining("offline");
        assertThatThrownBy(() -> provider.synthesize(request(provider, "a", dir.resolve("nope.onnx").toString(), Map.of())))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.MODEL_MISSING));
    }

    @Test
    void aVoiceCanBeALocalPathAndItsIdentityIsTheFileHash() throws Exception {
        phonemizer.answer("a", "a");
        String path = dir.resolve(SINGLE + ".onnx").toString();
        SynthesisRequest req = request(provider, "a", path, PLAIN);
        assertThat(decode(provider.synthesize(req).audio(), K)).containsExactly(1L, 0L, 14L, 0L, 2L);
        String sha = ModelStore.digest(dir.resolve(SINGLE + ".onnx"), "SHA-256");
        assertThat(provider.modelIdentity(req)).isEqualTo("piper:sha256:" + sha);
        assertThat(provider.modelIdentity(request(provider, "a", MULTI, PLAIN))).isNotEqualTo("piper:sha256:" + sha);
    }

    @Test
    void aVoiceForAnotherLanguageIsUnsupportedLanguage() {
        SynthesisRequest german = new SynthesisRequest("Hallo", "de", request(provider, "Hallo", TEXT, Map.of()).voice(),
                request(provider, "Hallo", TEXT, Map.of()).settings(), java.time.Instant.MAX);
        assertThatThrownBy(() -> provider.synthesize(german))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNSUPPORTED_LANGUAGE));
    }

    @Test
    void aPassedDeadlineIsATimeout() {
        SynthesisRequest base = request(provider, "Hi.", TEXT, Map.of());
        SynthesisRequest late = new SynthesisRequest("Hi.", "en", base.voice(), base.settings(),
                java.time.Instant.now().minusSeconds(1));
        assertThatThrownBy(() -> provider.synthesize(late))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT));
    }

    @Test
    void oneSessionServesManyThreads() throws Exception {
        phonemizer.answer("Hello.", "həlˈoʊ.");
        SynthesisRequest req = request(provider, "Hello.", SINGLE, PLAIN);
        AudioData first = provider.synthesize(req).audio();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<AudioData>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> provider.synthesize(req).audio()));
            }
            for (var f : results) {
                assertThat(f.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(first);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(provider.health().attributes()).containsEntry("loaded_voices", "1");
    }

    @Test
    void blankTextIsBadInput() {
        assertThatThrownBy(() -> provider.synthesize(request(provider, "  ", SINGLE, Map.of())))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_INPUT));
    }
}
