package io.voicerouter.xtts;

import ai.onnxruntime.OrtException;
import io.voicerouter.audio.AudioData;
import io.voicerouter.audio.Resampler;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One loaded XTTS export: conditioning from reference samples, the GPT decode and the vocoder.
 * Immutable after loading and thread-safe (ONNX Runtime sessions accept concurrent runs).
 */
final class XttsEngine implements AutoCloseable {
    static final int OUTPUT_RATE = 24000;

    /** A voice: averaged GPT conditioning latents [32 * D] and the speaker embedding [512]. */
    record Conditioning(float[] condLatents, float[] speakerEmbedding) {
    }

    private final Graphs graphs;
    private final GptDecoder decoder;
    private final float[] melStats;
    private final int width;
    private final XttsConstants constants;
    private final BpeTokenizer tokenizer;

    private XttsEngine(Graphs graphs, GptDecoder decoder, float[] melStats, int width, XttsConstants constants,
                       BpeTokenizer tokenizer) {
        this.graphs = graphs;
        this.decoder = decoder;
        this.melStats = melStats;
        this.width = width;
        this.constants = constants;
        this.tokenizer = tokenizer;
    }

    static XttsEngine load(Path dir, int intraOpThreads) throws IOException, OrtException {
        return load(ModelLayout.of(dir, false), intraOpThreads);
    }

    static XttsEngine load(ModelLayout layout, int intraOpThreads) throws IOException, OrtException {
        List<String> missing = layout.missing();
        if (!missing.isEmpty()) {
            throw new IOException("missing " + missing + " in " + layout.dir());
        }
        GptDecoder.Tables tables = new GptDecoder.Tables(Npy.read(layout.textEmbedding()),
                Npy.read(layout.textPosEmbedding()), Npy.read(layout.melEmbedding()), Npy.read(layout.melPosEmbedding()));
        int d = tables.width();
        if (tables.textPos().cols() != d || tables.mel().cols() != d || tables.melPos().cols() != d) {
            throw new IOException("embedding tables disagree on the model width " + d);
        }
        float[] stats = Npy.read(layout.melStats()).data();
        BpeTokenizer tokenizer = BpeTokenizer.load(layout.vocab());
        // Like the export's orchestrator, the text sentinels come from the vocabulary when it has them.
        XttsConstants constants = XttsConstants.V2
                .withTextTokens(tokenizer.id("[START]").orElse(XttsConstants.V2.startText()),
                        tokenizer.id("[STOP]").orElse(XttsConstants.V2.stopText()))
                .withAudioTokens(layout.startAudio(), layout.stopAudio());
        Graphs graphs = new Graphs(layout.dir(), layout.graphs(), intraOpThreads);
        return new XttsEngine(graphs, new GptDecoder(graphs, tables, constants), stats, d, constants, tokenizer);
    }

    int width() {
        return width;
    }

    BpeTokenizer tokenizer() {
        return tokenizer;
    }

    XttsConstants constants() {
        return constants;
    }

    /**
     * XTTS's get_conditioning_latents: each sample is cut to 30 s; the speaker embeddings of the samples
     * (16 kHz) are averaged; the samples are joined, cut to 30 s, split into 4 s chunks (chunks under
     * 0.33 s are dropped) and the conditioning latents of the chunks are averaged.
     */
    Conditioning condition(List<AudioData> samples) throws OrtException {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("need at least one reference sample");
        }
        int maxRef = constants.maxReferenceSeconds();
        List<float[]> speakers = new ArrayList<>();
        float[] joined = new float[0];
        for (AudioData s : samples) {
            AudioData mono = s.toMono();
            float[] x22 = Resampler.resample(mono, 22050).samples();
            x22 = Arrays.copyOf(x22, Math.min(x22.length, 22050 * maxRef));
            float[] x16 = Resampler.resample(mono, 16000).samples();
            x16 = Arrays.copyOf(x16, Math.min(x16.length, 16000 * maxRef));
            speakers.add(speakerEmbedding(x16));
            float[] j = Arrays.copyOf(joined, joined.length + x22.length);
            System.arraycopy(x22, 0, j, joined.length, x22.length);
            joined = j;
        }
        return new Conditioning(condLatents(joined), mean(speakers));
    }

    float[] condLatents(float[] wav22k) throws OrtException {
        int total = Math.min(wav22k.length, 22050 * constants.maxReferenceSeconds());
        int chunk = 22050 * constants.condChunkSeconds();
        MelFrontend mel = MelFrontend.conditioning();
        List<float[]> outs = new ArrayList<>();
        for (int start = 0; start < total; start += chunk) {
            int end = Math.min(total, start + chunk);
            if (end - start < 22050 * 0.33) {
                continue;
            }
            float[] piece = Arrays.copyOfRange(wav22k, start, end);
            outs.add(graphs.encode(graphs.conditioning, mel.conditioningMel(piece, melStats)));
        }
        if (outs.isEmpty()) {
            throw new IllegalArgumentException("reference audio shorter than 0.33 s");
        }
        return mean(outs);
    }

    float[] speakerEmbedding(float[] wav16k) throws OrtException {
        return graphs.encode(graphs.speaker, MelFrontend.speaker().speakerMel(wav16k));
    }

    GptDecoder.Result decode(int[] textIds, Conditioning c, SamplingParams params, int maxTokens,
                             GptDecoder.Listener listener, BooleanSupplier cancelled) throws OrtException {
        return decode(textIds, c, new Sampler(params), maxTokens, listener, cancelled);
    }

    GptDecoder.Result decode(int[] textIds, Conditioning c, Sampler sampler, int maxTokens,
                             GptDecoder.Listener listener, BooleanSupplier cancelled) throws OrtException {
        return decoder.decode(textIds, c.condLatents(), sampler, maxTokens, listener, cancelled);
    }

    /** Vocodes a flat [frames, D] latent sequence, stretched by 1/speed, to 24 kHz samples. */
    float[] vocode(float[] latents, int frames, float[] speakerEmbedding, double speed) throws OrtException {
        float[] x = latents;
        int n = frames;
        if (speed != 1.0) {
            x = Latents.interpolate(latents, frames, width, 1.0 / speed);
            n = x.length / width;
        }
        if (n == 0) {
            return new float[0];
        }
        return graphs.vocode(x, n, width, speakerEmbedding);
    }

    private static float[] mean(List<float[]> rows) {
        float[] out = new float[rows.get(0).length];
        for (float[] r : rows) {
            for (int i = 0; i < out.length; i++) {
                out[i] += r[i];
            }
        }
        for (int i = 0; i < out.length; i++) {
            out[i] /= rows.size();
        }
        return out;
    }

    @Override
    public void close() {
        graphs.close();
    }
}
