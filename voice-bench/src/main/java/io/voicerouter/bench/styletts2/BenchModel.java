package io.voicerouter.bench.styletts2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voicerouter.config.ProviderConfig;
import io.voicerouter.espeak.EspeakPhonemizer;
import io.voicerouter.provider.styletts2.StyleTts2ProviderFactory;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.Settings;
import io.voicerouter.spi.SynthesisRequest;
import io.voicerouter.spi.TtsProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kokoro-82M-sized benchmark model that tools/styletts2/make_bench_model.py writes (about 310 MB,
 * so not committed), and helpers shared by the StyleTTS2 benchmarks.
 */
final class BenchModel {
    /** Where the model is looked for: the system property, else models/styletts2-bench from the working directory. */
    static final String PROPERTY = "styletts2.bench.model";
    static final String SENTENCE = "The quick brown fox jumps over the lazy dog, and then it runs far away into the forest.";
    static final String PARAGRAPH = "The quick brown fox jumps over the lazy dog. It runs far away into the old forest, "
            + "where nobody can find it. Then the evening comes, and everything is quiet again.";

    private BenchModel() {
    }

    static Path dir() {
        Path dir = Path.of(System.getProperty(PROPERTY, "models/styletts2-bench"));
        if (!Files.isRegularFile(dir.resolve("model.onnx"))) {
            String how = "StyleTTS2 benchmark model not found at " + dir.toAbsolutePath() + ". Create it (about 310 MB, "
                    + "needs python3-torch, python3-onnx, python3-numpy) from the repository root with:\n"
                    + "    /usr/bin/python3 tools/styletts2/make_bench_model.py\n"
                    + "or point -D" + PROPERTY + "=<dir> (a JMH -jvmArgs option) at a Kokoro-format model directory.";
            System.err.println(how);
            throw new IllegalStateException(how);
        }
        return dir;
    }

    /** The styletts2 provider on the benchmark model with {@code threads} intra-op threads, initialized. */
    static TtsProvider provider(int threads) {
        TtsProvider p = new StyleTts2ProviderFactory().create(ProviderContext.builder()
                .option("styletts2.model_dir", dir().toString())
                .option("styletts2.threads", Integer.toString(threads)).build());
        p.initialize();
        if (!p.health().isUsable()) {
            throw new IllegalStateException("provider is " + p.health());
        }
        return p;
    }

    /**
     * A reference WAV (3-10 s) to clone the voice from, for model directories without pre-made voices
     * (an export_libritts_onnx.py directory): then every request clones, and runs the diffusion sampler
     * at the provider's defaults, as upstream's LibriTTS inference does.
     */
    static final String VOICE_SAMPLE_PROPERTY = "styletts2.bench.voice_sample";

    static SynthesisRequest request(TtsProvider p, String text, boolean inputPhonemes) {
        Map<String, Object> settings = Map.of("input_phonemes", inputPhonemes);
        ProviderConfig config = ProviderConfig.enabledDefault().withSettings(settings);
        String sample = System.getProperty(VOICE_SAMPLE_PROPERTY, "");
        if (!sample.isEmpty()) {
            Path wav = Path.of(sample).toAbsolutePath();
            config = config.withVoiceSample(wav.toString(), seconds(wav));
        } else if (!Files.isRegularFile(dir().resolve("voices.npz"))) {
            throw new IllegalStateException(dir() + " has no voices.npz: pass -jvmArgs -D" + VOICE_SAMPLE_PROPERTY
                    + "=<a 3-10 s WAV> to clone a voice");
        }
        return SynthesisRequest.of(text, "en", config.voice(), Settings.resolve(p.capabilities().settings(), settings));
    }

    private static double seconds(Path wav) {
        try (javax.sound.sampled.AudioInputStream in = javax.sound.sampled.AudioSystem.getAudioInputStream(wav.toFile())) {
            return in.getFrameLength() / (double) in.getFormat().getFrameRate();
        } catch (IOException | javax.sound.sampled.UnsupportedAudioFileException e) {
            throw new IllegalStateException("cannot read the voice sample " + wav, e);
        }
    }

    /** espeak-ng's IPA for {@code text} (one sentence), as the provider gets it. */
    static String ipa(String text) {
        List<String> sentences = EspeakPhonemizer.load().phonemize(text, "en-us");
        return Normalizer.normalize(String.join(" ", sentences), Normalizer.Form.NFC);
    }

    /**
     * The style row the provider picks for {@code tokens} from voices.npz's {@code af_bench}
     * (float32 [510, 1, 256], row = phoneme count): reads the .npy entry's header and data.
     */
    static float[] styleRow(long[] tokens) {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(dir().resolve("voices.npz").toFile())) {
            byte[] npy = zip.getInputStream(zip.getEntry("af_bench.npy")).readAllBytes();
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(npy).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            int dataStart = 10 + Short.toUnsignedInt(b.getShort(8)); // .npy v1: magic, version, header length
            int row = Math.min(tokens.length - 2, 509);
            float[] style = new float[256];
            b.position(dataStart + row * 256 * 4);
            b.asFloatBuffer().get(style);
            return style;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kokoro's token ids for {@code ipa}: [0, ids of the symbols in the vocabulary..., 0]. */
    static long[] tokens(String ipa) {
        Map<Integer, Long> vocab = new HashMap<>();
        try {
            JsonNode v = new ObjectMapper().readTree(dir().resolve("config.json").toFile()).get("vocab");
            v.fields().forEachRemaining(e -> vocab.put(e.getKey().codePointAt(0), e.getValue().asLong()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int[] cps = ipa.codePoints().filter(vocab::containsKey).toArray();
        long[] out = new long[cps.length + 2];
        for (int i = 0; i < cps.length; i++) {
            out[i + 1] = vocab.get(cps[i]);
        }
        return out;
    }
}
