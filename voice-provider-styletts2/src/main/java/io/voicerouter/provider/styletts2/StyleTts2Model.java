package io.voicerouter.provider.styletts2;

import ai.onnxruntime.OnnxJavaType;
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
    private final Path synthesisFile;
    private final String tokenInput;
    private final String styleInput;
    private final String speedInput;
    private final OnnxJavaType tokenType;
    private final OnnxJavaType speedType;
    private final String waveformOutput;
    private final DiffusionSampler sampler;

    private StyleTts2Model(Path dir, Path synthesisFile, ModelConfig config, VoiceTable voices, OnnxSessions sessions,
                           List<OnnxGraph> graphs) throws OrtException {
        this.dir = dir;
        this.synthesisFile = synthesisFile;
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
            throw new ModelContractException(synthesisFile + " does not have the synthesis contract: inputs "
                    + names + ", expected input_ids (or tokens), style and speed");
        }
        this.tokenType = expect(tokenInput, OnnxJavaType.INT64, OnnxJavaType.INT32);
        expect(styleInput, OnnxJavaType.FLOAT);
        // kokoro/examples/export.py (the v1.1-zh release) declares speed int32; the others float32.
        this.speedType = expect(speedInput, OnnxJavaType.FLOAT, OnnxJavaType.INT32);
        this.waveformOutput = waveformOutput(synthesis.outputTypes(), synthesisFile);
        this.sampler = new DiffusionSampler(config.sigmaMin(), config.sigmaMax(), config.rho(), config.sigmaData());
    }

    private OnnxJavaType expect(String input, OnnxJavaType... accepted) throws OrtException {
        OnnxJavaType type = synthesis.inputType(input).orElse(OnnxJavaType.UNKNOWN);
        if (!List.of(accepted).contains(type)) {
            throw new ModelContractException(synthesisFile + ": input '" + input + "' is " + type + ", expected "
                    + List.of(accepted));
        }
        return type;
    }

    /**
     * The waveform is read by name: {@code waveform} (onnx-community, kokoro/examples/export.py), else
     * {@code audio}, else the graph's first float32 output (kokoro-onnx's v1.0 export). Any other
     * output, such as export.py's int64 {@code duration}, is ignored.
     */
    private static String waveformOutput(Map<String, OnnxJavaType> outputs, Path file) {
        for (String named : List.of("waveform", "audio")) {
            if (outputs.containsKey(named)) {
                if (outputs.get(named) != OnnxJavaType.FLOAT) {
                    throw new ModelContractException(file + ": output '" + named + "' is " + outputs.get(named)
                            + ", expected FLOAT (float32 samples)");
                }
                return named;
            }
        }
        return outputs.entrySet().stream().filter(e -> e.getValue() == OnnxJavaType.FLOAT).map(Map.Entry::getKey)
                .findFirst().orElseThrow(() -> new ModelContractException(file + " has no float32 output to read "
                        + "the waveform from: outputs " + outputs));
    }

    /**
     * Loads {@code dir}, opening its graphs on {@code device} ({@code cpu}, {@code auto},
     * {@code cuda} or {@code cuda:N}) with {@code threads} intra-op threads (0: ONNX Runtime's choice).
     * The synthesis graph is found by {@link SynthesisGraph} ({@code modelFile}: the
     * {@code styletts2.model_file} option) and the configuration by {@link ModelConfig#load}.
     *
     * @throws java.nio.file.NoSuchFileException when the directory or its synthesis graph is missing
     * @throws ModelContractException             when the synthesis graph's inputs or outputs are not the contract's
     * @throws io.voicerouter.onnx.OnnxSessionException when a graph cannot be loaded or an explicit
     *                                                  CUDA device is not available
     */
    static StyleTts2Model load(Path dir, java.util.Optional<String> modelFile, String device, int threads)
            throws IOException, OrtException {
        return load(dir, modelFile, SessionOptions.builder().device(device).intraOpThreads(Math.max(0, threads)).build());
    }

    /** Loads {@code dir} with the sessions made as {@code options} say (the provider reads them with OnnxOptions). */
    static StyleTts2Model load(Path dir, java.util.Optional<String> modelFile, SessionOptions options)
            throws IOException, OrtException {
        Path synthesisFile = SynthesisGraph.find(dir, modelFile);
        ModelConfig config = ModelConfig.load(dir);
        VoiceTable voices = VoiceTable.load(dir);
        OnnxSessions sessions = OnnxSessions.create(options);
        List<OnnxGraph> graphs = new ArrayList<>();
        try {
            graphs.add(OnnxGraph.open(sessions, synthesisFile));
            boolean clone = Files.isRegularFile(dir.resolve(STYLE_ENCODER))
                    && Files.isRegularFile(dir.resolve(PREDICTOR_ENCODER));
            graphs.add(clone ? OnnxGraph.open(sessions, dir.resolve(STYLE_ENCODER)) : null);
            graphs.add(clone ? OnnxGraph.open(sessions, dir.resolve(PREDICTOR_ENCODER)) : null);
            boolean diffuse = Files.isRegularFile(dir.resolve(BERT)) && Files.isRegularFile(dir.resolve(DENOISER));
            graphs.add(diffuse ? OnnxGraph.open(sessions, dir.resolve(BERT)) : null);
            graphs.add(diffuse ? OnnxGraph.open(sessions, dir.resolve(DENOISER)) : null);
            return new StyleTts2Model(dir, synthesisFile, config, voices, sessions, graphs);
        } catch (OrtException | RuntimeException e) {
            sessions.close();
            throw e;
        }
    }

    /** Loads {@code dir} with its synthesis graph found as {@link SynthesisGraph} finds it. */
    static StyleTts2Model load(Path dir, String device, int threads) throws IOException, OrtException {
        return load(dir, java.util.Optional.empty(), device, threads);
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

    /** The synthesis graph file in use. */
    Path synthesisFile() {
        return synthesisFile;
    }

    /** The synthesis graph's inputs and outputs as this provider uses them, for health and tests. */
    String signature() {
        return tokenInput + ":" + tokenType + ", " + styleInput + ":FLOAT, " + speedInput + ":" + speedType
                + " -> " + waveformOutput;
    }

    String device() {
        return synthesis.device();
    }

    /** Whether the graph takes speed as a whole number (only 1 and 2 are then meaningful). */
    boolean integerSpeed() {
        return speedType == OnnxJavaType.INT32;
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
        in.put(tokenInput, tokenType == OnnxJavaType.INT32 ? OnnxGraph.ints(narrow(tokens), 1, tokens.length)
                : OnnxGraph.longs(tokens, 1, tokens.length));
        in.put(styleInput, OnnxGraph.floats(style, 1, style.length));
        in.put(speedInput, speedType == OnnxJavaType.INT32
                ? OnnxGraph.ints(new int[] {Math.max(1, Math.round(speed))}, 1)
                : OnnxGraph.floats(new float[] {speed}, 1));
        float[] wave = synthesis.run(in, waveformOutput);
        int keep = Math.max(0, wave.length - config.trimEndSamples());
        return keep == wave.length ? wave : java.util.Arrays.copyOf(wave, keep);
    }

    private static int[] narrow(long[] tokens) {
        int[] out = new int[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            out[i] = Math.toIntExact(tokens[i]);
        }
        return out;
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
                if (out.get("cond") == null || out.get("uncond") == null) {
                    throw new ModelContractException(DENOISER + " gave no float32 outputs 'cond' and 'uncond': "
                            + out.keySet());
                }
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
