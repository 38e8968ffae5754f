package io.voicerouter.provider.styletts2;

import ai.onnxruntime.OrtException;
import io.voicerouter.onnx.OnnxSessions;
import io.voicerouter.onnx.SessionOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A loaded model directory: the synthesis graph, the optional cloning graphs (style encoders) and
 * diffusion graphs (text embedding, denoiser), the pre-made voices and the config. Thread-safe:
 * every graph is a shared ONNX session and everything else is immutable.
 */
final class StyleTts2Model implements AutoCloseable {
    static final String SYNTHESIS = "model.onnx";
    static final String STYLE_ENCODER = "style_encoder.onnx";
    static final String PREDICTOR_ENCODER = "predictor_encoder.onnx";
    static final String BERT = "bert.onnx";
    static final String DENOISER = "denoiser.onnx";
    static final int HALF = 128;

    private final Path dir;
    private final OnnxSessions sessions;
    private final ModelConfig config;
    private final VoiceTable voices;
    private final OnnxGraph synthesis;
    private final OnnxGraph styleEncoder;
    private final OnnxGraph predictorEncoder;
    private final OnnxGraph bert;
    private final OnnxGraph denoiser;
    private final String tokenInput;
    private final String styleInput;
    private final String speedInput;
    private final ai.onnxruntime.OnnxJavaType speedType;
    private final DiffusionSampler sampler;

    private StyleTts2Model(Path dir, ModelConfig config, VoiceTable voices, OnnxSessions sessions,
                           List<OnnxGraph> graphs) throws OrtException {
        this.dir = dir;
        this.sessions = sessions;
        this.config = config;
        this.voices = voices;
        this.synthesis = graphs.get(0);
        this.styleEncoder = graphs.get(1);
        this.predictorEncoder = graphs.get(2);
        this.bert = graphs.get(3);
        this.denoiser = graphs.get(4);
        var names = synthesis.inputNames();
        this.tokenInput = names.contains("input_ids") ? "input_ids" : "tokens";
        this.styleInput = names.contains("style") ? "style" : "ref_s";
        this.speedInput = "speed";
        if (!names.contains(tokenInput) || !names.contains(styleInput) || !names.contains(speedInput)) {
            throw new OrtException(dir.resolve(SYNTHESIS) + " does not have the synthesis contract: inputs "
                    + names + ", expected input_ids (or tokens), style and speed");
        }
        // Some Kokoro exports (kokoro-onnx's kokoro-v1.0.onnx) declare speed as int32.
        this.speedType = synthesis.inputType(speedInput).orElse(ai.onnxruntime.OnnxJavaType.FLOAT);
        this.sampler = new DiffusionSampler(config.sigmaMin(), config.sigmaMax(), config.rho(), config.sigmaData());
    }

    /**
     * Loads {@code dir}, opening its graphs on {@code device} ({@code cpu}, {@code auto},
     * {@code cuda} or {@code cuda:N}) with {@code threads} intra-op threads (0: ONNX Runtime's choice).
     *
     * @throws java.nio.file.NoSuchFileException when config.json or model.onnx is missing
     * @throws io.voicerouter.onnx.OnnxSessionException when a graph cannot be loaded or an explicit
     *                                                  CUDA device is not available
     */
    static StyleTts2Model load(Path dir, String device, int threads) throws IOException, OrtException {
        for (String required : List.of("config.json", SYNTHESIS)) {
            if (!Files.isRegularFile(dir.resolve(required))) {
                throw new java.nio.file.NoSuchFileException(dir.resolve(required).toString());
            }
        }
        ModelConfig config = ModelConfig.read(dir.resolve("config.json"));
        VoiceTable voices = VoiceTable.load(dir);
        OnnxSessions sessions = OnnxSessions.create(SessionOptions.builder().device(device)
                .intraOpThreads(Math.max(0, threads)).build());
        List<OnnxGraph> graphs = new ArrayList<>();
        try {
            graphs.add(OnnxGraph.open(sessions, dir.resolve(SYNTHESIS)));
            boolean clone = Files.isRegularFile(dir.resolve(STYLE_ENCODER))
                    && Files.isRegularFile(dir.resolve(PREDICTOR_ENCODER));
            graphs.add(clone ? OnnxGraph.open(sessions, dir.resolve(STYLE_ENCODER)) : null);
            graphs.add(clone ? OnnxGraph.open(sessions, dir.resolve(PREDICTOR_ENCODER)) : null);
            boolean diffuse = Files.isRegularFile(dir.resolve(BERT)) && Files.isRegularFile(dir.resolve(DENOISER));
            graphs.add(diffuse ? OnnxGraph.open(sessions, dir.resolve(BERT)) : null);
            graphs.add(diffuse ? OnnxGraph.open(sessions, dir.resolve(DENOISER)) : null);
            return new StyleTts2Model(dir, config, voices, sessions, graphs);
        } catch (OrtException | RuntimeException e) {
            sessions.close();
            throw e;
        }
    }

    ModelConfig config() {
        return config;
    }

    VoiceTable voices() {
        return voices;
    }

    Path directory() {
        return dir;
    }

    String device() {
        return synthesis.device();
    }

    /** Whether the graph takes speed as a whole number (only 1 and 2 are then meaningful). */
    boolean integerSpeed() {
        return speedType == ai.onnxruntime.OnnxJavaType.INT32;
    }

    boolean canClone() {
        return styleEncoder != null;
    }

    boolean canDiffuse() {
        return bert != null;
    }

    DiffusionSampler sampler() {
        return sampler;
    }

    /** Runs the synthesis graph; returns the waveform with the configured tail trimmed. */
    float[] synthesize(long[] tokens, float[] style, float speed) throws OrtException {
        Map<String, OnnxGraph.Input> in = new LinkedHashMap<>();
        in.put(tokenInput, OnnxGraph.longs(tokens, 1, tokens.length));
        in.put(styleInput, OnnxGraph.floats(style, 1, style.length));
        in.put(speedInput, speedType == ai.onnxruntime.OnnxJavaType.INT32
                ? OnnxGraph.ints(new int[] {Math.max(1, Math.round(speed))}, 1)
                : OnnxGraph.floats(new float[] {speed}, 1));
        float[] wave = first(synthesis.run(in));
        int keep = Math.max(0, wave.length - config.trimEndSamples());
        return keep == wave.length ? wave : java.util.Arrays.copyOf(wave, keep);
    }

    /** The 256-value style (acoustic then prosodic) of a normalised mel {@code [80][frames]}. */
    float[] encodeStyle(float[][] mel) throws OrtException {
        if (!canClone()) {
            throw new IllegalStateException("model has no style encoders");
        }
        int frames = mel[0].length;
        float[] flat = new float[mel.length * frames];
        for (int m = 0; m < mel.length; m++) {
            System.arraycopy(mel[m], 0, flat, m * frames, frames);
        }
        float[] style = new float[2 * HALF];
        float[] acoustic = first(styleEncoder.run(Map.of("mel", OnnxGraph.floats(flat, 1, 1, mel.length, frames))));
        float[] prosody = first(predictorEncoder.run(Map.of("mel", OnnxGraph.floats(flat, 1, 1, mel.length, frames))));
        System.arraycopy(acoustic, 0, style, 0, HALF);
        System.arraycopy(prosody, 0, style, HALF, HALF);
        return style;
    }

    /** The text embedding that conditions diffusion, flattened {@code [1, n, dim]}, and its dim. */
    float[] embed(long[] tokens) throws OrtException {
        return first(bert.run(Map.of("tokens", OnnxGraph.longs(tokens, 1, tokens.length))));
    }

    /** The denoiser network for one text embedding and reference style. */
    DiffusionSampler.Denoiser denoiser(float[] embedding, int tokens, float[] features) {
        long dim = embedding.length / tokens;
        return (x, cNoise) -> {
            Map<String, OnnxGraph.Input> in = new LinkedHashMap<>();
            in.put("x", OnnxGraph.floats(x, 1, 1, x.length));
            in.put("c_noise", OnnxGraph.floats(new float[] {cNoise}, 1));
            in.put("embedding", OnnxGraph.floats(embedding, 1, tokens, dim));
            in.put("features", OnnxGraph.floats(features, 1, features.length));
            try {
                Map<String, float[]> out = denoiser.run(in);
                return new float[][] {out.get("cond"), out.get("uncond")};
            } catch (OrtException e) {
                throw new IllegalStateException("denoiser failed: " + e.getMessage(), e);
            }
        };
    }

    private static float[] first(Map<String, float[]> outputs) {
        return outputs.values().iterator().next();
    }

    @Override
    public void close() {
        for (OnnxGraph g : new OnnxGraph[] {synthesis, styleEncoder, predictorEncoder, bert, denoiser}) {
            if (g != null) {
                g.close();
            }
        }
        sessions.close();
    }
}
