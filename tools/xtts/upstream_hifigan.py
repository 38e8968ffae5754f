#!/usr/bin/python3
"""Builds coqui-ai-TTS's own XTTS v2 HiFi-GAN decoder with random seeded weights and exports it with the
contract of the public export's hifigan_vocoder.onnx (pltobing/XTTSv2-Streaming-ONNX):
latents [1, T, 1024] + speaker_embedding [1, 512, 1] -> waveform [1, 1, N] at 24 kHz.

make_bench_xtts.py --upstream uses it for the benchmark export; run alone it writes just the vocoder:
  /usr/bin/python3 tools/xtts/upstream_hifigan.py /path/to/coqui-ai-TTS --out /tmp/hifigan_vocoder.onnx

What runs is upstream's, loaded from the checkout by file path (nothing of it is copied here):
  TTS/tts/layers/xtts/hifigan_decoder.py  HifiDecoder: the latent interpolation (x ar_mel_length_compression /
                                          output_hop_length, then x output/input sample rate) and the wiring
  TTS/vocoder/models/hifigan_generator.py HifiganGenerator, ResBlock1 (upsampling 8-8-2-2 from 512 channels,
                                          kernels 3/7/11, the speaker conditioning in every upsampling layer)
  TTS/encoder/models/resnet.py, base_encoder.py  ResNetSpeakerEncoder (512-dim output), built as upstream
                                          builds it; it is not part of the vocoder graph
The sizes are XttsArgs' defaults, read from the checkout's TTS/tts/models/xtts.py with `ast` (they are the
values of XTTS v2's published config.json): input_sample_rate 22050, output_sample_rate 24000,
output_hop_length 256, gpt_code_stride_len 1024 (HifiDecoder's ar_mel_length_compression), decoder_input_dim
1024, d_vector_dim 512, cond_d_vector_in_each_upsampling_layer True; the generator's own sizes are
HifiDecoder's defaults, as Xtts.init_models leaves them.

Stand-ins, because Debian's torch is 1.13 and some of upstream's imports are not packaged:
  - torch.nn.utils.parametrizations.weight_norm (torch >= 2.1) is registered with torch 1.13's
    parametrize API, as torch 2.1 defines it: weight = g * v / ||v|| over every dim but `dim`, original0 = g,
    original1 = v. It is folded into plain weights before the export (the same values: upstream's eval
    keeps the parametrization and recomputes them in every forward).
  - trainer (load_fsspec, set_partial_state_dict), coqpit (Coqpit) and TTS.encoder.losses: placeholders;
    they load checkpoints and train, and play no part in building the modules or in the forward pass.

The check runs the graph with ONNX Runtime's Java artifact (tools/styletts2/OrtRun.java; Debian has no
Python onnxruntime) on several lengths and prints the largest absolute difference from upstream eager.
"""
import argparse
import ast
import glob
import importlib.util
import os
import subprocess
import sys
import tempfile
import types

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
ORT_RUN = os.path.join(os.path.dirname(HERE), "styletts2", "OrtRun.java")
ARGS = ("input_sample_rate", "output_sample_rate", "output_hop_length", "gpt_code_stride_len",
        "decoder_input_dim", "d_vector_dim", "cond_d_vector_in_each_upsampling_layer")
CHECK_FRAMES = (1, 20, 100)


def xtts_args(checkout):
    """XttsArgs' class-level defaults from the checkout's xtts.py (no import: it needs the whole library)."""
    tree = ast.parse(open(os.path.join(checkout, "TTS", "tts", "models", "xtts.py")).read())
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "XttsArgs")
    values = {s.target.id: ast.literal_eval(s.value) for s in cls.body
              if isinstance(s, ast.AnnAssign) and s.value is not None and isinstance(s.target, ast.Name)}
    return {k: values[k] for k in ARGS}


class _WeightNorm(nn.Module):
    """torch 2.1's parametrizations.weight_norm, on torch 1.13's parametrize API."""

    def __init__(self, dim):
        super().__init__()
        self.dim = dim

    def forward(self, weight_g, weight_v):
        return torch._weight_norm(weight_v, weight_g, self.dim)

    def right_inverse(self, weight):
        return torch.norm_except_dim(weight, 2, self.dim), weight


def _weight_norm(module, name="weight", dim=0):
    torch.nn.utils.parametrize.register_parametrization(module, name, _WeightNorm(dim), unsafe=True)
    return module


def _module(name, **attrs):
    m = types.ModuleType(name)
    m.__dict__.update(attrs)
    m.__path__ = []
    sys.modules[name] = m
    return m


def _unused(*args, **kwargs):
    raise RuntimeError("checkpoint loading is not part of the benchmark export")


def _load(checkout, relative, name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(checkout, relative))
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def install_stand_ins():
    if not hasattr(torch.nn.utils.parametrizations, "weight_norm"):
        torch.nn.utils.parametrizations.weight_norm = _weight_norm
    for pkg in ("trainer", "TTS", "TTS.tts", "TTS.tts.layers", "TTS.tts.layers.xtts", "TTS.vocoder",
                "TTS.vocoder.models", "TTS.encoder", "TTS.encoder.models"):
        if pkg not in sys.modules:
            _module(pkg)
    _module("trainer.io", load_fsspec=_unused)
    _module("trainer.generic_utils", set_partial_state_dict=_unused)
    _module("coqpit", Coqpit=object)
    _module("TTS.encoder.losses", AngleProtoLoss=object, GE2ELoss=object, SoftmaxAngleProtoLoss=object)


def build(checkout, seed=0):
    """Upstream's HifiDecoder with XTTS v2's arguments, random weights (seeded), weight norm folded, eval."""
    checkout = os.path.abspath(checkout)
    install_stand_ins()
    _load(checkout, "TTS/vocoder/models/hifigan_generator.py", "TTS.vocoder.models.hifigan_generator")
    _load(checkout, "TTS/encoder/models/base_encoder.py", "TTS.encoder.models.base_encoder")
    _load(checkout, "TTS/encoder/models/resnet.py", "TTS.encoder.models.resnet")
    decoder_module = _load(checkout, "TTS/tts/layers/xtts/hifigan_decoder.py", "TTS.tts.layers.xtts.hifigan_decoder")
    a = xtts_args(checkout)
    torch.manual_seed(seed)
    # the same keyword arguments as Xtts.init_models
    decoder = decoder_module.HifiDecoder(
        input_sample_rate=a["input_sample_rate"], output_sample_rate=a["output_sample_rate"],
        output_hop_length=a["output_hop_length"], ar_mel_length_compression=a["gpt_code_stride_len"],
        decoder_input_dim=a["decoder_input_dim"], d_vector_dim=a["d_vector_dim"],
        cond_d_vector_in_each_upsampling_layer=a["cond_d_vector_in_each_upsampling_layer"])
    decoder.eval()
    # fold weight norm into plain weights (same values; upstream's remove_weight_norm() cannot be called
    # as it is: it also unregisters conv_pre's and conv_post's, which HifiDecoder already removed)
    parametrize = torch.nn.utils.parametrize
    for m in decoder.waveform_decoder.modules():
        if parametrize.is_parametrized(m, "weight"):
            parametrize.remove_parametrizations(m, "weight")
    for p in decoder.parameters():
        p.requires_grad_(False)
    return decoder, a


class Vocoder(nn.Module):
    """The public export's interface over upstream's forward: hifigan_decoder(latents, g=speaker_embedding)."""

    def __init__(self, decoder):
        super().__init__()
        self.waveform_decoder = decoder.waveform_decoder
        self.decoder = decoder

    def forward(self, latents, speaker_embedding):
        return self.decoder(latents, g=speaker_embedding)


def export(decoder, path, width):
    with torch.no_grad():
        torch.onnx.export(Vocoder(decoder).eval(), (torch.randn(1, 7, width), torch.randn(1, 512, 1)), path,
                          input_names=["latents", "speaker_embedding"], output_names=["waveform"],
                          dynamic_axes={"latents": {1: "frames"}, "waveform": {2: "samples"}},
                          opset_version=14, do_constant_folding=True)


def find_ort_jar(given=None):
    if given:
        return given
    jars = sorted(glob.glob(os.path.expanduser("~/.m2/repository/com/microsoft/onnxruntime/onnxruntime/*/onnxruntime-*.jar")))
    if not jars:
        sys.exit("no onnxruntime jar in ~/.m2: build the project once (mvn -o -q -pl voice-onnx -am package) or pass --ort-jar")
    return jars[-1]


def check(decoder, path, ort_jar=None, frames=CHECK_FRAMES, seed=1):
    """Largest |ONNX Runtime - upstream eager| per latent count; returns [(frames, samples, diff, peak)]."""
    jar = find_ort_jar(ort_jar)
    work = tempfile.mkdtemp(prefix="xtts-hifigan-check-")
    gen = torch.Generator().manual_seed(seed)
    speaker = torch.nn.functional.normalize(torch.randn(1, 512, 1, generator=gen), dim=1)
    speaker.numpy().astype("<f4").tofile(os.path.join(work, "speaker.f32"))
    lines, eager = [], {}
    for n in frames:
        latents = torch.randn(1, n, 1024, generator=gen)
        latents.numpy().astype("<f4").tofile(os.path.join(work, f"latents{n}.f32"))
        with torch.no_grad():
            eager[n] = decoder(latents, g=speaker).numpy()
        lines.append(f"{path} {work}/out{n} latents:f32:1,{n},1024:{work}/latents{n}.f32 "
                     f"speaker_embedding:f32:1,512,1:{work}/speaker.f32")
    with open(os.path.join(work, "jobs.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")
    subprocess.run(["java", "-cp", jar, ORT_RUN, os.path.join(work, "jobs.txt")], check=True)
    results = []
    for n in frames:
        shape = [int(s) for s in open(f"{work}/out{n}.waveform.shape").read().strip("[]\n").split(",")]
        onnx_out = np.fromfile(f"{work}/out{n}.waveform.f32", dtype="<f4").reshape(shape)
        if onnx_out.shape != eager[n].shape:
            sys.exit(f"{n} latents: ONNX Runtime gave {onnx_out.shape}, upstream eager {eager[n].shape}")
        results.append((n, shape[-1], float(np.abs(onnx_out - eager[n]).max()), float(np.abs(eager[n]).max())))
    return results


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("upstream", help="a checkout of https://github.com/idiap/coqui-ai-TTS")
    ap.add_argument("--out", required=True, help="the hifigan_vocoder.onnx to write")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--ort-jar")
    ap.add_argument("--tolerance", type=float, default=1e-4)
    a = ap.parse_args()
    decoder, args = build(a.upstream, a.seed)
    report(decoder, args)
    export(decoder, a.out, args["decoder_input_dim"])
    sys.exit(0 if report_check(check(decoder, a.out, a.ort_jar), a.tolerance) else 1)


def report(decoder, args):
    gen = sum(p.numel() for p in decoder.waveform_decoder.parameters())
    spk = sum(p.numel() for p in decoder.speaker_encoder.parameters())
    print("upstream HifiDecoder:", ", ".join(f"{k}={v}" for k, v in args.items()))
    print(f"  waveform decoder {gen / 1e6:.2f} M parameters (in the graph); "
          f"speaker encoder {spk / 1e6:.2f} M, proj_dim {decoder.speaker_encoder.proj_dim} (not in the graph)")


def report_check(results, tolerance):
    ok = True
    for n, samples, diff, peak in results:
        print(f"  {n:4d} latents -> {samples} samples ({samples / 24000:.3f} s at 24 kHz): "
              f"max |ONNX Runtime - upstream eager| = {diff:.3g} (peak |eager| {peak:.3g})")
        ok &= diff <= tolerance
    print("vocoder check:", "passed" if ok else f"FAILED (tolerance {tolerance})")
    return ok


if __name__ == "__main__":
    main()
