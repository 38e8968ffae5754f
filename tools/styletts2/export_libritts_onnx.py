#!/usr/bin/python3
"""Exports a StyleTTS2 model (yl4579/StyleTTS2, e.g. the LibriTTS checkpoint) to the ONNX graphs
the styletts2 provider's cloning path loads (contract: voice-provider-styletts2/README.md), then
checks every graph against upstream's own eager PyTorch code at 5, 14, 63 and 400 tokens.

Needs a checkout of https://github.com/yl4579/StyleTTS2 (its model code is used as it is, never
copied: this script imports it and patches four methods for the export, below) and, for a real
voice, a checkpoint (hf://yl4579/StyleTTS2-LibriTTS: Models/LibriTTS/epochs_2nd_00020.pth with its
config.yml). Without --checkpoint the weights are random (seeded), which proves the graphs, not
the voice. Runs on Debian's torch 1.13 (apt-get install python3-torch python3-onnx python3-yaml
python3-munch python3-scipy python3-torchaudio python3-tqdm python3-typing-extensions) with
/usr/bin/python3; einops, einops_exts and transformers are not in Debian, so upstream_shims.py
stands in for each one that is missing. ONNX Runtime has no Debian package either: the checks
run the graphs with the ONNX Runtime Java artifact the providers use (OrtRun.java, found in
~/.m2 or given with --ort-jar).

    /usr/bin/python3 tools/styletts2/export_libritts_onnx.py --upstream ~/src/StyleTTS2 \
        --config ~/src/StyleTTS2-LibriTTS/Models/LibriTTS/config.yml \
        --checkpoint ~/src/StyleTTS2-LibriTTS/Models/LibriTTS/epochs_2nd_00020.pth \
        --out ~/models/styletts2-libritts

Writes model.onnx, style_encoder.onnx, predictor_encoder.onnx, bert.onnx, denoiser.onnx and
config.json, then prints the largest absolute difference from eager for each graph and length
and exits non-zero when one is above --tolerance (1e-4). Eager is upstream's own code, unpatched
(the export's patches are active only while tracing). The waveform is compared with eager's
decoder given the graph's own F0 and energy curves, which are checked themselves: the curves
differ from eager's by an ulp (the predictor's LSTMs and convolutions round differently in ONNX
Runtime and torch), and upstream's decoder integrates F0 into a float32 phase of thousands of
cycles, so one ulp of F0 moves upstream's own eager waveform by 1e-3 (5 tokens) to 0.1 (400
tokens). The script measures and prints that (eager with its F0 moved by one ulp) next to the
free-running difference; it is the model's float32 conditioning, not the export's.

What had to change for the export (all at run time, on upstream's classes):
- The modules are registered as submodules of the exported wrappers (a plain dict of modules
  made tracing fail with "Cannot insert a Tensor that requires grad as a constant").
- TextEncoder.forward and DurationEncoder.forward pack each LSTM's input with lengths taken as
  numpy (input_lengths.cpu().numpy()), which tracing freezes at the example's length. The provider
  sends one unpadded sequence per call, for which packing is the identity, so the patched forwards
  run the LSTMs on the whole sequence (as hexgrad/kokoro's modules do for one sequence) and keep
  the masks.
- DurationEncoder's s.permute(1, -1, 0) is written s.permute(1, 2, 0): torch 1.13 exports the
  negative axis into Transpose's perm, which ONNX Runtime refuses.
- DownSample('half') pads an odd-width mel with a Python `if` on the width, which tracing freezes;
  the patch pads by slicing with the width's parity instead (same values, any width).
- The alignment matrix is built from cumulative durations (comparisons with a frame index)
  instead of upstream's Python loop, and durations are divided by `speed` (1: upstream).
- SineGen._f02sine is rewritten (exact_f02sine) so that ONNX Runtime rounds where torch rounds:
  its 1/300 and 300x linear interpolations as explicit gathers with torch's own weights (ONNX
  Runtime's Resize computes them from float32 coordinates), its float32 cumsum as a float64
  CumSum rounded to float32 (torch accumulates float32 cumsums in float64; ONNX Runtime's CumSum
  in float32). Run by torch, the rewrite gives upstream's SineGen output bit for bit (checked at
  every length). As torch exports SineGen the waveform is 4.2e-3 (5 tokens) to 1.6 (400 tokens)
  from eager (tools/styletts2/diagnose_decoder.py --plain-phase).
- instance_norm is exported as torch 1.13's CPU kernel computes it (float64 sums, float32
  rounding of mean and variance, one fused multiply-add), not as InstanceNormalization, which
  accumulates in float32: bit-identical to torch on the decoder's inputs (see register_symbolics).
- The decoder's excitation draws random numbers (torch.rand for the harmonics' initial phases,
  torch.randn_like for the noise), exported as RandomUniformLike/RandomNormalLike nodes, as in
  hexgrad/kokoro's exports. The checks compare a copy of each graph whose random nodes are
  replaced by zeros with eager run with those draws zeroed; --no-noise writes that copy as
  model.onnx (deterministic output, used for the provider's test resources).

--tiny (the provider's test resources) cuts the widths down and rounds the random weights to
values float16 holds exactly, which the graphs then store as float16 behind a Cast (store_half):
the graphs compute with the same float32 weights as eager at half the file size. It also
shortens the graphs' intermediate tensor names and drops node names (compact_names).

Not emulated: the predictor's float32 sums (LSTM, convolutions, the duration bins' sum) round in
ONNX Runtime's order, not torch's. Integer durations come from round() of that sum; a sum within
an ulp of .5 could round the other way and change the length by a frame (checked: the sample
counts are equal at every length).
"""
import argparse
import contextlib
import glob
import json
import os
import subprocess
import sys
import tempfile
import types

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import upstream_shims  # noqa: E402

OPSET = 17
LENGTHS = (5, 14, 63, 400)

# A small model for the provider's committed test resources: upstream's classes and wiring, with
# the widths cut down (the style stays 2 x 128, the vocabulary 178 symbols, the upsampling 300x).
TINY_MODEL = {"dim_in": 8, "hidden_dim": 16, "max_conv_dim": 16, "n_layer": 3,
              "decoder": {"upsample_initial_channel": 16},
              "diffusion": {"transformer": {"num_layers": 1, "num_heads": 2, "head_features": 16, "multiplier": 1}}}
TINY_PLBERT = {"hidden_size": 16, "num_attention_heads": 2, "intermediate_size": 32, "num_hidden_layers": 2,
               "embedding_size": 16}
TINY_DECODER_WIDTH = 16  # upstream's hifigan.Decoder hard-codes 1024 (and 512 into the generator)


def merge(base, override):
    for k, v in override.items():
        if isinstance(v, dict):
            merge(base.setdefault(k, {}), v)
        else:
            base[k] = v
    return base


@contextlib.contextmanager
def tiny_decoder(hidden_dim, initial_channel):
    """While upstream's hifigan.Decoder is built, maps its hard-coded widths to small ones."""
    import Modules.hifigan as hifigan
    block, real_nn = hifigan.AdainResBlk1d, hifigan.nn
    width = {1024: TINY_DECODER_WIDTH, 1024 + 2 + 64: TINY_DECODER_WIDTH + 2 + 64, 512: initial_channel}

    def small_block(dim_in, dim_out, *args, **kwargs):
        return block(width.get(dim_in, dim_in), width.get(dim_out, dim_out), *args, **kwargs)

    def conv1d(c_in, c_out, *args, **kwargs):  # asr_res: Conv1d(512, 64), 512 being hidden_dim
        return real_nn.Conv1d(hidden_dim if (c_in, c_out) == (512, 64) else c_in, c_out, *args, **kwargs)

    proxy = types.SimpleNamespace(**{k: getattr(real_nn, k) for k in dir(real_nn) if not k.startswith("__")})
    proxy.Conv1d = conv1d
    hifigan.AdainResBlk1d, hifigan.nn = small_block, proxy
    try:
        yield
    finally:
        hifigan.AdainResBlk1d, hifigan.nn = block, real_nn


def load_upstream(args):
    upstream = os.path.abspath(args.upstream)
    sys.path.insert(0, upstream)
    os.chdir(upstream)  # upstream's config names Utils/... relative to the repository
    shims = upstream_shims.install()
    import yaml
    from munch import munchify
    import models
    from Utils.PLBERT.util import CustomAlbert
    from transformers import AlbertConfig
    from text_utils import TextCleaner

    config = yaml.safe_load(open(args.config))
    plbert = yaml.safe_load(open(os.path.join(config.get("PLBERT_dir", "Utils/PLBERT/"), "config.yml")))["model_params"]
    params = config["model_params"]
    if args.tiny:
        merge(params, TINY_MODEL)
        merge(plbert, TINY_PLBERT)
    params = munchify(params)
    torch.manual_seed(args.seed)
    # PL-BERT's own weights (Utils/PLBERT/step_1000000.t7) are not needed: the second-stage
    # checkpoint holds the fine-tuned "bert" the model uses. ASR and F0 models serve training only.
    bert = CustomAlbert(AlbertConfig(**plbert))
    with tiny_decoder(params.hidden_dim, params.decoder.upsample_initial_channel) if args.tiny \
            else contextlib.nullcontext():
        nets = models.build_model(params, None, None, bert)
    keep = ("bert", "bert_encoder", "predictor", "decoder", "text_encoder", "predictor_encoder",
            "style_encoder", "diffusion")
    nets = {k: nets[k] for k in keep}
    if args.checkpoint:
        state = torch.load(args.checkpoint, map_location="cpu")["net"]
        for key, module in nets.items():
            weights = state[key]
            if all(k.startswith("module.") for k in weights):
                weights = {k[len("module."):]: v for k, v in weights.items()}
            module.load_state_dict(weights, strict=True)
    else:
        with torch.no_grad():
            # random weights give ~25 frames per token and an F0 near 0 (all unvoiced); these
            # biases give ~4 frames per token and a voiced F0 around 150 Hz, so the checks cover
            # the harmonic source and realistic lengths
            nets["predictor"].duration_proj.linear_layer.bias.fill_(-2.5)
            nets["predictor"].F0_proj.bias.fill_(150.0)
            # spectral_norm's power iteration has not run on fresh weights, so the style encoders'
            # weights are divided by a random estimate of their norm (styles of ~1e14); a few
            # iterations, as training does on its first batches, give normal magnitudes
            for name in ("style_encoder", "predictor_encoder"):
                nets[name].train()
                for _ in range(20):
                    nets[name](torch.randn(1, 1, 80, 192))
    if args.tiny and not args.checkpoint:
        # the committed test graphs: parameters that float16 holds exactly, so that store_half can
        # keep them in half the bytes while the graphs still compute with the same float32 values
        with torch.no_grad():
            for module in nets.values():
                for p in module.parameters():
                    p.copy_(p.half().float())
    for module in nets.values():
        module.eval()
        for p in module.parameters():
            p.requires_grad_(False)
    return types.SimpleNamespace(**nets), params, config, TextCleaner(), models, shims


# ------------------------------------------------------------------------ run-time patches (export)

def patched_text_encoder(self, x, input_lengths, m):
    """TextEncoder.forward for one unpadded sequence: no packing, masks kept."""
    x = self.embedding(x).transpose(1, 2)
    m = m.unsqueeze(1)
    x = x.masked_fill(m, 0.0)
    for c in self.cnn:
        x = c(x).masked_fill(m, 0.0)
    x, _ = self.lstm(x.transpose(1, 2))
    return x.transpose(-1, -2).masked_fill(m, 0.0)


def patched_duration_encoder(models):
    def forward(self, x, style, text_lengths, m):
        """DurationEncoder.forward for one unpadded sequence: no packing; permute(1, 2, 0)."""
        x = x.permute(2, 0, 1)
        s = style.expand(x.shape[0], x.shape[1], -1)
        x = torch.cat([x, s], dim=-1).masked_fill(m.unsqueeze(-1).transpose(0, 1), 0.0)
        x = x.transpose(0, 1).transpose(-1, -2)
        for block in self.lstms:
            if isinstance(block, models.AdaLayerNorm):
                x = block(x.transpose(-1, -2), style).transpose(-1, -2)
                x = torch.cat([x, s.permute(1, 2, 0)], dim=1)
                x = x.masked_fill(m.unsqueeze(-1).transpose(-1, -2), 0.0)
            else:
                x, _ = block(x.transpose(-1, -2))
                x = x.transpose(-1, -2)
        return x.transpose(-1, -2)
    return forward


def patched_downsample(original):
    def forward(self, x):
        if self.layer_type != "half":
            return original(self, x)
        # upstream: if the width is odd, repeat the last column; then 2x2 average pooling
        width = x.shape[-1]
        x = torch.cat([x, x[..., -1:]], dim=-1)[..., :width + width % 2]
        return F.avg_pool2d(x, 2)
    return forward


def exact_f02sine(self, f0_values):
    """SineGen._f02sine (not the pulse variant) rewritten so that ONNX Runtime rounds exactly where
    torch 1.13's CPU kernels round; in eager it gives upstream's result bit for bit (the checks
    assert that at every length). Upstream's phase is large (thousands of cycles after a few
    seconds), so every rounding of it matters, and the plain export differs in three places:
    - F.interpolate(scale_factor=1/300, mode="linear") takes, for frame f, samples 300f+149 and
      300f+150 with weights of exactly 0.5; ONNX Runtime's Resize derives its weights from a
      float32 1/300 and misses 0.5 by an ulp. Written here as the two halves.
    - torch.cumsum of float32 accumulates in float64 and rounds each running sum to float32;
      ONNX Runtime's CumSum accumulates in the input's type. Written here as a float64 CumSum
      rounded to float32.
    - F.interpolate(scale_factor=300, mode="linear") computes each output's source position in
      float64 from a float32 1/300, its weights lambda1 = (position - index) rounded to float32
      and lambda0 = 1 - lambda1, and the output as fma(t0, lambda0, t1 * lambda1); ONNX Runtime's
      Resize uses float32 positions (errors of 1e-4 in the weights at 3,000 frames). Written here
      as a gather of the two neighbours with those weights, the fused multiply-add as a float64
      multiply-add rounded once to float32.
    The sample positions come from an int64 arange cast to float64: with static shapes torch
    1.13's exporter constant-folds a float64 arange, and the arithmetic on it, into float32
    (7.8e-4 off at 63 tokens; tools/styletts2/diagnose_decoder.py exports stages that way)."""
    scale = int(self.upsample_scale)
    rad_values = (f0_values / self.sampling_rate) % 1
    rand_ini = torch.rand(f0_values.shape[0], f0_values.shape[2], device=f0_values.device)
    rand_ini[:, 0] = 0
    rad_values[:, 0, :] = rad_values[:, 0, :] + rand_ini
    r = 0.5 * rad_values[:, scale // 2 - 1::scale] + 0.5 * rad_values[:, scale // 2::scale]  # [B, frames, D]
    phase = torch.cumsum(r.double(), dim=1).float() * 2 * np.pi
    phase = phase.transpose(1, 2) * self.upsample_scale  # [B, D, frames], as upstream lays it out
    samples = torch.arange(phase.shape[2] * scale).double()  # int64, cast: see above
    src = (float(np.float32(1.0 / scale)) * (samples + 0.5) - 0.5).clamp(min=0)
    index = torch.floor(src)
    lambda1 = (src - index).clamp(0, 1).float()
    lambda0 = 1 - lambda1
    index = index.long()
    # the last frame's right neighbour is itself (torch: index1 = index0 there)
    padded = torch.cat([phase, phase[:, :, -1:]], dim=2)
    t0, t1 = padded.index_select(2, index), padded.index_select(2, index + 1)
    # transposed back as upstream does: torch.sin's result depends on the memory layout by an ulp
    phase = (t0.double() * lambda0.double() + (t1 * lambda1).double()).float().transpose(1, 2)
    return torch.sin(phase)


@contextlib.contextmanager
def exact_phase(sine_gen_class):
    saved = sine_gen_class._f02sine
    sine_gen_class._f02sine = lambda self, f0: saved(self, f0) if self.flag_for_pulse else exact_f02sine(self, f0)
    try:
        yield
    finally:
        sine_gen_class._f02sine = saved


@contextlib.contextmanager
def export_patches(models):
    saved = (models.TextEncoder.forward, models.DurationEncoder.forward, models.DownSample.forward)
    models.TextEncoder.forward = patched_text_encoder
    models.DurationEncoder.forward = patched_duration_encoder(models)
    models.DownSample.forward = patched_downsample(saved[2])
    try:
        yield
    finally:
        models.TextEncoder.forward, models.DurationEncoder.forward, models.DownSample.forward = saved


def register_symbolics():
    """Custom symbolics for two ops torch 1.13 exports unusably (reasons below)."""
    from torch.onnx import symbolic_helper

    def f64(g, v):
        return g.op("Cast", v, to_i=11)  # TensorProto.DOUBLE

    def f32(g, v):
        return g.op("Cast", v, to_i=1)  # TensorProto.FLOAT

    @symbolic_helper.parse_args("v", "v", "v", "v", "v", "b", "f", "f", "b")
    def instance_norm(g, x, weight, bias, running_mean, running_var, use_input_stats, momentum, eps, cudnn):
        """InstanceNorm computed the way torch 1.13's CPU kernel computes it for float32, not as
        ONNX's InstanceNormalization. torch (batch_norm_cpu_collect_stats on the reshaped input)
        sums x in float64, rounds the mean to float32, sums the float32 squares (x - mean)^2 in
        float64, rounds that sum to float32, divides it by the count in float32, takes
        1 / sqrt(var + eps) in float64 rounded to float32, and writes x * invstd + beta with one
        fused multiply-add. ONNX Runtime's InstanceNormalization accumulates in float32: over a
        generator layer's 150,000 samples that moves the output by up to 1e-5, which the decoder
        amplifies into 1e-3 of waveform. Here the sums are float64 ReduceSums and the fused
        multiply-add is a float64 multiply-add rounded once to float32 (exact products of two
        float32 values), so the graph rounds where torch rounds. It also sidesteps torch 1.13's
        "Unsupported: ONNX export of instance_norm for unknown channel size" (AdaIN1d after an
        LSTM), since no per-channel constant is needed."""
        if not use_input_stats:
            raise RuntimeError("instance_norm with running statistics is not used by StyleTTS2")
        rank = symbolic_helper._get_tensor_rank(x)
        if rank is None:
            raise RuntimeError("instance_norm needs the input's rank")
        axes = g.op("Constant", value_t=torch.arange(2, rank, dtype=torch.long))
        shape = g.op("Shape", x)
        count = g.op("ReduceProd", g.op("Slice", shape, g.op("Constant", value_t=torch.tensor([2])),
                                         g.op("Constant", value_t=torch.tensor([rank]))), keepdims_i=1)
        count64 = f64(g, count)
        mean = f32(g, g.op("Div", g.op("ReduceSum", f64(g, x), axes, keepdims_i=1), count64))
        centred = g.op("Sub", x, mean)
        var_sum = f32(g, g.op("ReduceSum", f64(g, g.op("Mul", centred, centred)), axes, keepdims_i=1))
        var = g.op("Div", var_sum, f32(g, count))
        one = g.op("Constant", value_t=torch.tensor(1.0, dtype=torch.float64))
        invstd = f32(g, g.op("Div", one, g.op("Sqrt", g.op("Add", f64(g, var),
                                                              g.op("Constant", value_t=torch.tensor(eps, dtype=torch.float64))))))
        per_channel = g.op("Concat", g.op("Constant", value_t=torch.tensor([1, -1], dtype=torch.long)),
                           g.op("Constant", value_t=torch.ones(rank - 2, dtype=torch.long)), axis_i=0)
        alpha = invstd
        if not symbolic_helper._is_none(weight):
            alpha = g.op("Mul", invstd, g.op("Reshape", weight, per_channel))
        beta = g.op("Neg", g.op("Mul", mean, alpha))
        if not symbolic_helper._is_none(bias):
            beta = g.op("Sub", g.op("Reshape", bias, per_channel), g.op("Mul", mean, alpha))
        return f32(g, g.op("Add", g.op("Mul", f64(g, x), f64(g, alpha)), f64(g, beta)))

    torch.onnx.register_custom_op_symbolic("aten::instance_norm", instance_norm, OPSET)

    # torch 1.13's opset-17 layer_norm leaves LayerNormalization's scale empty when the call has
    # no weight (AdaLayerNorm's F.layer_norm), which the ONNX checker rejects; give it ones/zeros.
    @symbolic_helper.parse_args("v", "is", "v", "v", "f", "b")
    def layer_norm(g, x, normalized_shape, weight, bias, eps, cudnn):
        if symbolic_helper._is_none(weight):
            weight = g.op("Constant", value_t=torch.ones(normalized_shape))
        if symbolic_helper._is_none(bias):
            bias = g.op("Constant", value_t=torch.zeros(normalized_shape))
        return g.op("LayerNormalization", x, weight, bias, epsilon_f=eps, axis_i=-len(normalized_shape))

    torch.onnx.register_custom_op_symbolic("aten::layer_norm", layer_norm, OPSET)


@contextlib.contextmanager
def no_noise():
    """Zeroes the decoder's random draws (torch.rand, torch.randn_like) in eager runs."""
    rand, randn_like = torch.rand, torch.randn_like
    torch.rand = lambda *size, **kw: torch.zeros(*size, **{k: v for k, v in kw.items() if k in ("dtype", "device")})
    torch.randn_like = lambda t, **kw: torch.zeros_like(t)
    try:
        yield
    finally:
        torch.rand, torch.randn_like = rand, randn_like


# ------------------------------------------------------------------------------- exported wrappers

class Synthesis(nn.Module):
    """tokens [1, n] int64, style [1, 256] (acoustic 128 | prosody 128), speed [1] -> waveform [samples].
    Upstream's inference() once the style is known, durations divided by speed."""

    def __init__(self, nets, hifigan, curves=False):
        super().__init__()
        self.text_encoder, self.bert, self.bert_encoder = nets.text_encoder, nets.bert, nets.bert_encoder
        self.predictor, self.decoder = nets.predictor, nets.decoder
        self.hifigan = hifigan
        self.curves = curves  # the checks' copy also returns the F0 and energy curves

    def forward(self, tokens, style, speed):
        lengths = torch.ones_like(tokens[:, 0]) * tokens.shape[1]
        mask = torch.zeros_like(tokens, dtype=torch.bool)
        t_en = self.text_encoder(tokens, lengths, mask)
        bert_dur = self.bert(tokens, attention_mask=(~mask).int())
        d_en = self.bert_encoder(bert_dur).transpose(-1, -2)
        ref, s = style[:, :128], style[:, 128:]
        d = self.predictor.text_encoder(d_en, s, lengths, mask)
        x, _ = self.predictor.lstm(d)
        duration = torch.sigmoid(self.predictor.duration_proj(x)).sum(dim=-1) / speed
        dur = torch.round(duration.squeeze(0)).clamp(min=1).long()
        ends = torch.cumsum(dur, dim=0)
        frames = torch.arange(ends[-1], dtype=torch.long)
        aln = ((frames.unsqueeze(0) >= (ends - dur).unsqueeze(1)) & (frames.unsqueeze(0) < ends.unsqueeze(1))).float()
        en = d.transpose(-1, -2) @ aln.unsqueeze(0)
        asr = t_en @ aln.unsqueeze(0)
        if self.hifigan:  # upstream shifts both by one frame for the hifigan decoder
            en = torch.cat([en[:, :, :1], en[:, :, :-1]], dim=2)
            asr = torch.cat([asr[:, :, :1], asr[:, :, :-1]], dim=2)
        f0, n = self.predictor.F0Ntrain(en, s)
        wave = self.decoder(asr, f0, n, ref).reshape(-1)
        return (wave, f0, n) if self.curves else wave


class Bert(nn.Module):
    def __init__(self, bert):
        super().__init__()
        self.bert = bert

    def forward(self, tokens):
        return self.bert(tokens, attention_mask=torch.ones_like(tokens, dtype=torch.int32))


class Denoiser(nn.Module):
    """StyleTransformer1d.run with and without the text: the Java sampler combines cond and uncond
    by embedding_scale and applies KDiffusion's scalings itself."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x, c_noise, embedding, features):
        cond = self.net.run(x, c_noise, embedding=embedding, features=features)
        uncond = self.net.run(x, c_noise, embedding=self.net.fixed_embedding(embedding), features=features)
        return cond, uncond


# --------------------------------------------------------------------------------- eager reference

def eager_synthesis(nets, tokens, style, hifigan, curves=None):
    """Upstream's inference() (Demo/Inference_LibriTTS.ipynb) after the style, unpatched modules.
    With `curves` (F0, energy) the decoder gets those instead of the predicted ones; returns the
    waveform and the F0 and energy curves the decoder got."""
    input_lengths = torch.LongTensor([tokens.shape[-1]])
    text_mask = torch.gt(torch.arange(input_lengths.max()).unsqueeze(0) + 1, input_lengths.unsqueeze(1))
    t_en = nets.text_encoder(tokens, input_lengths, text_mask)
    bert_dur = nets.bert(tokens, attention_mask=(~text_mask).int())
    d_en = nets.bert_encoder(bert_dur).transpose(-1, -2)
    ref, s = style[:, :128], style[:, 128:]
    d = nets.predictor.text_encoder(d_en, s, input_lengths, text_mask)
    x, _ = nets.predictor.lstm(d)
    duration = torch.sigmoid(nets.predictor.duration_proj(x)).sum(axis=-1)
    pred_dur = torch.round(duration.squeeze()).clamp(min=1)
    aln = torch.zeros(input_lengths, int(pred_dur.sum().data))
    frame = 0
    for i in range(aln.size(0)):
        aln[i, frame:frame + int(pred_dur[i].data)] = 1
        frame += int(pred_dur[i].data)
    en = d.transpose(-1, -2) @ aln.unsqueeze(0)
    asr = t_en @ aln.unsqueeze(0)
    if hifigan:
        en = torch.cat([en[:, :, :1], en[:, :, :-1]], dim=2)
        asr = torch.cat([asr[:, :, :1], asr[:, :, :-1]], dim=2)
    f0, n = nets.predictor.F0Ntrain(en, s) if curves is None else curves
    return nets.decoder(asr, f0, n, ref.squeeze().unsqueeze(0)).squeeze(), f0, n


# -------------------------------------------------------------------------- ONNX Runtime (Java) run

def store_half(path, min_elements=256):
    """Rewrites a graph so that each float32 initializer whose values float16 holds exactly (the
    --tiny weights, rounded so at creation) is stored as float16 and cast back to float32 by a
    Cast node: the graph computes with the same float32 values in half the file size. Weights
    that weight_norm or spectral_norm computes at run time (folded by the export) are not exact in
    float16 and stay float32. Returns the bytes saved."""
    import onnx
    from onnx import helper, numpy_helper, TensorProto
    model = onnx.load(path)
    casts, saved = [], 0
    for init in model.graph.initializer:
        if init.data_type != TensorProto.FLOAT:
            continue
        a = numpy_helper.to_array(init)
        if a.size < min_elements or not np.array_equal(a.astype(np.float16).astype(np.float32), a):
            continue
        name = init.name
        init.CopyFrom(numpy_helper.from_array(a.astype(np.float16), name + "_f16"))
        casts.append(helper.make_node("Cast", [name + "_f16"], [name], to=TensorProto.FLOAT, name=name + "_cast"))
        saved += a.size * 2
    nodes = casts + list(model.graph.node)
    del model.graph.node[:]
    model.graph.node.extend(nodes)
    onnx.checker.check_model(model)
    onnx.save(model, path)
    return saved


def compact_names(path):
    """Renames a graph's intermediate tensors to short names and drops node names (--tiny: about
    half of the synthesis graph's file is torch's scope names). Inputs, outputs and initializers
    keep their names; the computation is unchanged. Returns the bytes saved."""
    import onnx
    model = onnx.load(path)
    before = model.ByteSize()
    keep = {o.name for o in model.graph.output} | {i.name for i in model.graph.input}
    names = {}

    def graphs(graph):
        yield graph
        for node in graph.node:
            for attr in node.attribute:
                if attr.g.node:
                    yield from graphs(attr.g)
                for g in attr.graphs:
                    yield from graphs(g)

    for graph in graphs(model.graph):
        for node in graph.node:
            for out in node.output:
                if out and out not in keep and out not in names:
                    names[out] = "v%d" % len(names)
    for graph in graphs(model.graph):
        for node in graph.node:
            node.name = ""
            node.input[:] = [names.get(n, n) for n in node.input]
            node.output[:] = [names.get(n, n) for n in node.output]
        if graph is not model.graph:
            for out in graph.output:
                out.name = names.get(out.name, out.name)
        for info in graph.value_info:
            info.name = names.get(info.name, info.name)
    onnx.checker.check_model(model)
    onnx.save(model, path)
    return before - model.ByteSize()


def zero_random_nodes(src, dst):
    """Copies a graph with each RandomNormalLike/RandomUniformLike replaced by zeros of its input's
    shape (Sub(x, x)) and each RandomNormal/RandomUniform by a zero constant; returns the count."""
    import onnx
    from onnx import helper, numpy_helper
    model = onnx.load(src)
    nodes, count = [], 0
    for node in model.graph.node:
        if node.op_type in ("RandomNormalLike", "RandomUniformLike"):
            nodes.append(helper.make_node("Sub", [node.input[0], node.input[0]], list(node.output)))
            count += 1
        elif node.op_type in ("RandomNormal", "RandomUniform"):
            shape = next(a.ints for a in node.attribute if a.name == "shape")
            zero = numpy_helper.from_array(np.zeros(list(shape), np.float32))
            nodes.append(helper.make_node("Constant", [], list(node.output), value=zero))
            count += 1
        else:
            nodes.append(node)
    del model.graph.node[:]
    model.graph.node.extend(nodes)
    onnx.save(model, dst)
    return count


def find_ort_jar(given):
    if given:
        return given
    jars = sorted(glob.glob(os.path.expanduser("~/.m2/repository/com/microsoft/onnxruntime/onnxruntime/*/onnxruntime-*.jar")))
    jars = [j for j in jars if not j.endswith(("-sources.jar", "-javadoc.jar"))]
    if not jars:
        sys.exit("no ONNX Runtime jar: build the project once (mvn) or pass --ort-jar")
    return jars[-1]


class OrtJobs:
    """Collects graph runs, then runs them all in one JVM (OrtRun.java) and reads the outputs."""

    def __init__(self, work, jar):
        self.work, self.jar, self.lines, self.count = work, jar, [], 0

    def add(self, graph, inputs):
        prefix = os.path.join(self.work, "job%d" % self.count)
        self.count += 1
        specs = []
        for name, array in inputs.items():
            array = np.ascontiguousarray(array)
            kind = "i64" if array.dtype == np.int64 else "f32"
            path = "%s.in.%s" % (prefix, name)
            array.astype(np.int64 if kind == "i64" else np.float32).tofile(path)
            specs.append("%s:%s:%s:%s" % (name, kind, ",".join(str(d) for d in array.shape), path))
        self.lines.append(" ".join([graph, prefix] + specs))
        return prefix

    def run(self):
        jobs = os.path.join(self.work, "jobs.txt")
        with open(jobs, "w") as f:
            f.write("\n".join(self.lines) + "\n")
        subprocess.run(["java", "-cp", self.jar, os.path.join(HERE, "OrtRun.java"), jobs], check=True)

    @staticmethod
    def output(prefix, name):
        shape = json.loads(open("%s.%s.shape" % (prefix, name)).read())
        return np.fromfile("%s.%s.f32" % (prefix, name), dtype=np.float32).reshape(shape)


# ------------------------------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--upstream", required=True, help="a checkout of yl4579/StyleTTS2")
    ap.add_argument("--config", help="the model's config.yml (default: the checkout's Configs/config_libritts.yml)")
    ap.add_argument("--checkpoint", help="the second-stage checkpoint (.pth); without it, random weights")
    ap.add_argument("--out", required=True, help="the model directory to write")
    ap.add_argument("--seed", type=int, default=0, help="seed of the random weights and test inputs")
    ap.add_argument("--tiny", action="store_true", help="cut the widths down (the provider's test resources)")
    ap.add_argument("--no-noise", action="store_true", help="write model.onnx with its random nodes zeroed")
    ap.add_argument("--lengths", default=",".join(map(str, LENGTHS)), help="token counts to check")
    ap.add_argument("--tolerance", type=float, default=1e-4)
    ap.add_argument("--no-float64", action="store_true", help="skip the float64 runs (upstream's own float32 drift)")
    ap.add_argument("--ort-jar", help="onnxruntime-VERSION.jar (default: the newest in ~/.m2)")
    ap.add_argument("--reference-mel", help="float32 [80, frames] log mel to take the test style from")
    ap.add_argument("--references", help="also write the eager inputs and outputs here (Java tests)")
    ap.add_argument("--reference-lengths", default="5,14,63", help="token counts written to --references")
    ap.add_argument("--reference-text", default="ðɪs ɪz ɐ tˈɛst", help="IPA whose tokens are also written to --references")
    ap.add_argument("--espeak-language", default="en-us")
    args = ap.parse_args()
    out = os.path.abspath(args.out)
    for attr in ("config", "checkpoint", "reference_mel", "references", "ort_jar"):
        if getattr(args, attr):
            setattr(args, attr, os.path.abspath(getattr(args, attr)))
    if not args.config:
        args.config = os.path.join(os.path.abspath(args.upstream), "Configs", "config_libritts.yml")
    os.makedirs(out, exist_ok=True)
    jar = find_ort_jar(args.ort_jar)
    register_symbolics()
    nets, params, config, cleaner, models, shims = load_upstream(args)
    print("stand-ins for missing packages:", ", ".join(shims) or "none")
    hifigan = params.decoder.type == "hifigan"
    vocab = dict(cleaner.word_index_dictionary)
    lengths = [int(n) for n in args.lengths.split(",")]
    rng = np.random.default_rng(args.seed)
    ids = sorted(set(vocab.values()) - {0})

    def tokens_of(n):  # n tokens: the start pad 0, then n-1 symbols
        return torch.tensor([[0] + list(rng.choice(ids, n - 1))], dtype=torch.long)

    paths = {k: os.path.join(out, k + ".onnx") for k in
             ("model", "style_encoder", "predictor_encoder", "bert", "denoiser")}
    example = tokens_of(14)
    style_example = torch.randn(1, 256) * 0.3
    mel_example = torch.randn(1, 1, 80, 201)
    embedding_dim = nets.bert.config.hidden_size
    sine_gen = type(nets.decoder.generator.m_source.l_sin_gen)
    work = tempfile.mkdtemp(prefix="styletts2-export-")
    with torch.no_grad(), export_patches(models), exact_phase(sine_gen):
        torch.onnx.export(Synthesis(nets, hifigan).eval(), (example, style_example, torch.ones(1)), paths["model"],
                          input_names=["tokens", "style", "speed"], output_names=["waveform"], opset_version=OPSET,
                          dynamic_axes={"tokens": {1: "n"}, "waveform": {0: "samples"}})
        # the checks' copy of the same trace with the F0 and energy curves as extra outputs
        torch.onnx.export(Synthesis(nets, hifigan, curves=True).eval(), (example, style_example, torch.ones(1)),
                          os.path.join(work, "model_curves.onnx"), input_names=["tokens", "style", "speed"],
                          output_names=["waveform", "f0", "energy"], opset_version=OPSET,
                          dynamic_axes={"tokens": {1: "n"}, "waveform": {0: "samples"}, "f0": {1: "frames"},
                                        "energy": {1: "frames"}})
        for name in ("style_encoder", "predictor_encoder"):
            torch.onnx.export(getattr(nets, name), (mel_example,), paths[name], input_names=["mel"],
                              output_names=["style"], opset_version=OPSET, dynamic_axes={"mel": {3: "frames"}})
        torch.onnx.export(Bert(nets.bert).eval(), (example,), paths["bert"], input_names=["tokens"],
                          output_names=["embedding"], opset_version=OPSET,
                          dynamic_axes={"tokens": {1: "n"}, "embedding": {1: "n"}})
        torch.onnx.export(Denoiser(nets.diffusion.diffusion.net).eval(),
                          (torch.randn(1, 1, 256), torch.randn(1), torch.randn(1, 14, embedding_dim), style_example),
                          paths["denoiser"], input_names=["x", "c_noise", "embedding", "features"],
                          output_names=["cond", "uncond"], opset_version=OPSET, dynamic_axes={"embedding": {1: "n"}})

    if args.tiny and not args.checkpoint:
        graphs = list(paths.values()) + [os.path.join(work, "model_curves.onnx")]
        saved = sum(store_half(path) for path in graphs)
        print("float16-exact weights stored as float16: %.1f MB saved" % (saved / 1e6))
        saved = sum(compact_names(path) for path in graphs)
        print("intermediate names shortened: %.1f MB saved" % (saved / 1e6))
    # export restores each wrapper's training flag on everything under it: keep all in eval mode
    for module in vars(nets).values():
        module.eval()
    dist = config["model_params"]["diffusion"]["dist"]
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump({"format_version": 1, "vocab": vocab, "token_padding": "start", "max_phonemes": 510,
                   "sample_rate": 24000, "trim_end_samples": 50, "default_voice": "",
                   "languages": {"en": args.espeak_language}, "sigma_data": float(dist["sigma_data"]),
                   "diffusion": {"sigma_min": 0.0001, "sigma_max": 3.0, "rho": 9.0}},
                  f, ensure_ascii=False, indent=1)

    # ---- checks: eager (upstream's unpatched code) against ONNX Runtime
    quiet = os.path.join(work, "model_no_noise.onnx")
    random_nodes = zero_random_nodes(paths["model"], quiet)
    curves_graph = os.path.join(work, "model_curves_no_noise.onnx")
    zero_random_nodes(os.path.join(work, "model_curves.onnx"), curves_graph)
    if args.no_noise:
        os.replace(quiet, paths["model"])
        quiet = paths["model"]
    jobs = OrtJobs(work, jar)
    if args.reference_mel:
        mel = np.fromfile(args.reference_mel, dtype=np.float32).reshape(80, -1)
    else:
        mel = rng.standard_normal((80, 454)).astype(np.float32) * 2 - 4
    mels = [mel[None, None], rng.standard_normal((1, 1, 80, 201)).astype(np.float32) - 4,
            rng.standard_normal((1, 1, 80, 96)).astype(np.float32) - 4]
    checks = []  # (label, eager array, job prefix, output name)
    with torch.no_grad():
        for i, m in enumerate(mels):
            for name in ("style_encoder", "predictor_encoder"):
                eager = getattr(nets, name)(torch.from_numpy(m)).numpy()
                checks.append(("%s, %d frames" % (name, m.shape[-1]), eager,
                               jobs.add(paths[name], {"mel": m}), "style"))
        style = torch.cat([nets.style_encoder(torch.from_numpy(mels[0])),
                           nets.predictor_encoder(torch.from_numpy(mels[0]))], dim=1)
        cases, drift, synthesis, exactness = {}, [], [], []
        # the same model again (same seed or checkpoint), in float64: the exact-arithmetic yardstick
        nets64 = None if args.no_float64 else \
            types.SimpleNamespace(**{k: v.double() for k, v in vars(load_upstream(args)[0]).items()})
        for n in lengths:
            tokens = tokens_of(n)
            with no_noise():  # upstream's own code, unpatched
                wave, f0, energy = (t.numpy() for t in eager_synthesis(nets, tokens, style, hifigan))
            with no_noise(), exact_phase(sine_gen):  # the graph's SineGen, run by torch
                rewritten = eager_synthesis(nets, tokens, style, hifigan)[0].numpy()
            exactness.append((n, int(np.count_nonzero(rewritten != wave))))
            if nets64 is not None:
                with no_noise():
                    torch.set_default_dtype(torch.float64)  # upstream makes buffers with torch.zeros
                    try:
                        exact = eager_synthesis(nets64, tokens, style.double(), hifigan)[0].numpy()
                    finally:
                        torch.set_default_dtype(torch.float32)
                drift.append((n, wave, exact))
            inputs = {"tokens": tokens.numpy(), "style": style.numpy(), "speed": np.ones(1, np.float32)}
            product, curved = jobs.add(quiet, inputs), jobs.add(curves_graph, inputs)
            checks.append(("F0 curve, %d tokens" % n, f0, curved, "f0"))
            checks.append(("energy curve, %d tokens" % n, energy, curved, "energy"))
            synthesis.append((n, tokens, wave, product, curved))
            embedding = Bert(nets.bert)(tokens)
            checks.append(("bert, %d tokens" % n, embedding.numpy(),
                           jobs.add(paths["bert"], {"tokens": tokens.numpy()}), "embedding"))
            x = torch.randn(1, 1, 256)
            c_noise = torch.tensor([float(np.log(0.5)) / 4])
            cond, uncond = Denoiser(nets.diffusion.diffusion.net)(x, c_noise, embedding, style)
            prefix = jobs.add(paths["denoiser"], {"x": x.numpy(), "c_noise": c_noise.numpy(),
                                                  "embedding": embedding.numpy(), "features": style.numpy()})
            checks.append(("denoiser cond, %d tokens" % n, cond.numpy(), prefix, "cond"))
            checks.append(("denoiser uncond, %d tokens" % n, uncond.numpy(), prefix, "uncond"))
            cases[n] = dict(tokens=tokens.numpy(), wave=wave, embedding=embedding.numpy(), x=x.numpy(),
                            c_noise=c_noise.numpy(), cond=cond.numpy(), uncond=uncond.numpy())
        if args.references:  # one more case, from text, for the provider-level test
            tokens = torch.tensor([[0] + cleaner(args.reference_text)], dtype=torch.long)
            with no_noise():
                text_wave = eager_synthesis(nets, tokens, style, hifigan)[0].numpy()
            inputs = {"tokens": tokens.numpy(), "style": style.numpy(), "speed": np.ones(1, np.float32)}
            synthesis.append(("text", tokens, text_wave, jobs.add(quiet, inputs), jobs.add(curves_graph, inputs)))
            cases["text"] = dict(tokens=tokens.numpy())
    jobs.run()
    # The waveform is checked the way the graph is used: eager's decoder given the graph's own F0
    # and energy curves (the curves are checked above). Each computing its own curves is no check
    # of the export: the F0 curve (about 150 Hz) differs from eager's by an ulp (1.5e-5) where the
    # float32 roundings of the predictor's LSTM and convolutions differ, and the decoder integrates
    # F0 into a phase of thousands of cycles, so one ulp of F0 moves upstream's own eager waveform
    # by 1e-3. The check measures exactly that: eager's decoder with its own F0 moved by one ulp
    # at random (seeded), next to the free-running difference.
    sensitivity, free_running = [], []
    kick = np.random.default_rng(args.seed + 1)
    with torch.no_grad(), no_noise():
        for n, tokens, wave, product, curved in synthesis:
            forced = (torch.from_numpy(jobs.output(curved, "f0")), torch.from_numpy(jobs.output(curved, "energy")))
            forced_wave = eager_synthesis(nets, tokens, style, hifigan, curves=forced)[0].numpy()
            label = "%s tokens" % n if n != "text" else "reference text"
            checks.append(("model, %s" % label, forced_wave, product, "waveform"))
            free = jobs.output(product, "waveform")
            if free.shape == wave.shape:
                free_running.append((label, float(np.max(np.abs(free - wave))),
                                     float(np.max(np.abs(forced_wave - wave)))))
            else:
                checks.append(("model length, %s" % label, wave, product, "waveform"))
            if n != "text":
                _, f0, energy = eager_synthesis(nets, tokens, style, hifigan)
                f0 = f0.numpy()
                nudged = np.nextafter(f0, kick.choice(np.array([-np.inf, np.inf], np.float32), f0.shape))
                moved = eager_synthesis(nets, tokens, style, hifigan, curves=(torch.from_numpy(nudged), energy))[0]
                sensitivity.append((label, float(np.max(np.abs(moved.numpy() - wave)))))
            cases[n]["wave"] = forced_wave
    print("graphs in %s; %d random node(s) of model.onnx zeroed for the checks%s" %
          (out, random_nodes, " and in the written model.onnx" if args.no_noise else ""))
    worst = 0.0
    for n, mismatches in exactness:
        print("%-34s %d sample(s) differ from upstream's own SineGen%s" % (
            "eager with the graph's SineGen, %d" % n, mismatches, "" if mismatches == 0 else "  FAIL"))
        if mismatches:
            worst = float("inf")
    for label, eager, prefix, name in checks:
        got = jobs.output(prefix, name)
        if got.shape != eager.shape:
            print("%-34s shape %s, eager %s  FAIL" % (label, list(got.shape), list(eager.shape)))
            worst = float("inf")
            continue
        diff = float(np.max(np.abs(got - eager))) if eager.size else 0.0
        worst = max(worst, diff)
        print("%-34s max |onnx - eager| = %.3g  (shape %s, max |eager| %.3g)%s" %
              (label, diff, list(eager.shape), float(np.max(np.abs(eager))), "" if diff <= args.tolerance else "  FAIL"))

    for label, diff, through_f0 in free_running:
        print("%-34s max |onnx - eager| = %.3g, each computing its own curves; of which eager's decoder "
              "alone, given the graph's curves instead of its own: %.3g (not a check: see above)" %
              ("model free-running, " + label, diff, through_f0))
    for label, moved in sensitivity:
        print("%-34s eager's own waveform moves by %.3g when its F0 curve moves by one ulp" %
              ("conditioning, " + label, moved))
    for n, wave, exact in drift:
        if wave.shape != exact.shape:
            print("eager, %d tokens: float64 durations round differently; no exact comparison" % n)
            continue
        print("eager, %d tokens: max |upstream float32 - float64| = %.3g" % (n, float(np.max(np.abs(wave - exact)))))
    if args.references:
        write_references(args, cases, style.numpy(), mels[0])
    if worst > args.tolerance:
        sys.exit("largest difference %.3g is above the tolerance %.3g" % (worst, args.tolerance))
    print("all graphs within %.3g of eager" % args.tolerance)


def write_references(args, cases, style, mel):
    os.makedirs(args.references, exist_ok=True)
    manifest = {"style": "style.f32", "mel_frames": int(mel.shape[-1]), "cases": [],
                "trim_end_samples": 50, "note": "eager outputs of upstream StyleTTS2 (random weights, --tiny, "
                "excitation noise zeroed, upstream's code unpatched); waveforms untrimmed, from eager's decoder given "
                "the graph's own F0 and energy curves"}
    style.astype(np.float32).tofile(os.path.join(args.references, "style.f32"))
    for n in [int(k) for k in args.reference_lengths.split(",")]:
        c = cases[n]
        entry = {"tokens": c["tokens"][0].tolist(), "c_noise": float(c["c_noise"][0]),
                 "samples": int(c["wave"].size), "embedding_dim": int(c["embedding"].shape[-1])}
        for key in ("wave", "embedding", "x", "cond", "uncond"):
            name = "n%d_%s.f32" % (n, key)
            c[key].astype(np.float32).tofile(os.path.join(args.references, name))
            entry[key] = name
        manifest["cases"].append(entry)
    c = cases["text"]
    c["wave"].astype(np.float32).tofile(os.path.join(args.references, "text_wave.f32"))
    manifest["text"] = {"ipa": args.reference_text, "tokens": c["tokens"][0].tolist(),
                        "samples": int(c["wave"].size), "wave": "text_wave.f32"}
    with open(os.path.join(args.references, "references.json"), "w") as f:
        json.dump(manifest, f, indent=1)


if __name__ == "__main__":
    main()
