#!/usr/bin/env python3
"""Exports the official StyleTTS2 LibriTTS checkpoint to the ONNX graphs the styletts2 provider
runs (contract: voice-provider-styletts2/README.md).

NOT RUN IN THIS REPOSITORY'S CI, AND NOT RUN BY ITS AUTHORS: it needs the upstream repository
(https://github.com/yl4579/StyleTTS2, for models.py, utils.py, text_utils.py, Utils/ and
Modules/) and the LibriTTS checkpoint (hf://yl4579/StyleTTS2-LibriTTS: Models/LibriTTS/config.yml
and epochs_2nd_00020.pth), plus their Python requirements (torch, munch, pyyaml, einops,
einops_exts, transformers). Treat it as a careful starting point and check each graph against
upstream's inference on a few sentences before shipping a model directory.

    python3 tools/styletts2/export_libritts_onnx.py --upstream ~/src/StyleTTS2 \
        --config Models/LibriTTS/config.yml --checkpoint Models/LibriTTS/epochs_2nd_00020.pth \
        --out ~/models/styletts2-libritts

Writes: model.onnx, style_encoder.onnx, predictor_encoder.onnx, bert.onnx, denoiser.onnx, config.json.
"""
import argparse
import json
import os
import sys

import torch
import torch.nn as nn

OPSET = 17


def load_upstream(upstream, config_path, checkpoint_path):
    sys.path.insert(0, upstream)
    os.chdir(upstream)  # upstream's config names Utils/... paths relative to the repository
    import yaml
    from models import build_model, load_ASR_models, load_F0_models
    from utils import recursive_munch
    from Utils.PLBERT.util import load_plbert
    from text_utils import TextCleaner

    config = yaml.safe_load(open(config_path))
    text_aligner = load_ASR_models(config["ASR_path"], config["ASR_config"])
    pitch_extractor = load_F0_models(config["F0_path"])
    plbert = load_plbert(config["PLBERT_dir"])
    params = recursive_munch(config["model_params"])
    model = build_model(params, text_aligner, pitch_extractor, plbert)
    state = torch.load(checkpoint_path, map_location="cpu")["net"]
    for key in model:
        if key in state:
            weights = state[key]
            if all(k.startswith("module.") for k in weights):
                weights = {k[len("module."):]: v for k, v in weights.items()}
            model[key].load_state_dict(weights, strict=False)
        model[key].eval()
    return model, params, config, TextCleaner()


class Synthesis(nn.Module):
    """tokens [1, n] int64, style [1, 256] (acoustic 128 | prosody 128), speed [1] -> waveform [samples].
    Upstream's inference() after the style is known, with durations divided by speed and the
    alignment built from cumulative durations (no Python loop, so it exports)."""

    def __init__(self, model, hifigan):
        super().__init__()
        self.m = model
        self.hifigan = hifigan

    def forward(self, tokens, style, speed):
        m = self.m
        lengths = torch.full((1,), tokens.shape[1], dtype=torch.long)
        mask = torch.zeros_like(tokens, dtype=torch.bool)
        t_en = m.text_encoder(tokens, lengths, mask)
        bert_dur = m.bert(tokens, attention_mask=(~mask).int())
        d_en = m.bert_encoder(bert_dur).transpose(-1, -2)
        ref, s = style[:, :128], style[:, 128:]
        d = m.predictor.text_encoder(d_en, s, lengths, mask)
        x, _ = m.predictor.lstm(d)
        duration = torch.sigmoid(m.predictor.duration_proj(x)).sum(dim=-1) / speed
        dur = torch.round(duration.squeeze(0)).clamp(min=1).long()
        ends = torch.cumsum(dur, dim=0)
        starts = ends - dur
        frames = torch.arange(ends[-1], dtype=torch.long)
        aln = ((frames.unsqueeze(0) >= starts.unsqueeze(1)) & (frames.unsqueeze(0) < ends.unsqueeze(1))).float()
        en = d.transpose(-1, -2) @ aln.unsqueeze(0)
        asr = t_en @ aln.unsqueeze(0)
        if self.hifigan:
            en = torch.cat([en[:, :, :1], en[:, :, :-1]], dim=2)
            asr = torch.cat([asr[:, :, :1], asr[:, :, :-1]], dim=2)
        f0, n = m.predictor.F0Ntrain(en, s)
        return m.decoder(asr, f0, n, ref).view(-1)


class Bert(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.m = model

    def forward(self, tokens):
        return self.m.bert(tokens, attention_mask=torch.ones_like(tokens, dtype=torch.int32))


class Denoiser(nn.Module):
    """The StyleTransformer1d with classifier-free guidance split out: the Java sampler combines
    cond and uncond by embedding_scale and applies the KDiffusion scalings itself."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x, c_noise, embedding, features):
        cond = self.net.run(x, c_noise, embedding=embedding, features=features)
        uncond = self.net.run(x, c_noise, embedding=self.net.fixed_embedding(embedding), features=features)
        return cond, uncond


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--upstream", required=True)
    ap.add_argument("--config", required=True)
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--espeak-language", default="en-us")
    args = ap.parse_args()
    out = os.path.abspath(args.out)
    config_path, checkpoint = os.path.abspath(args.config), os.path.abspath(args.checkpoint)
    os.makedirs(out, exist_ok=True)
    model, params, config, cleaner = load_upstream(args.upstream, config_path, checkpoint)

    tokens = torch.tensor([[0] + cleaner("hɛlˈoʊ wˈɜːld")], dtype=torch.long)
    style = torch.zeros(1, 256)
    mel = torch.zeros(1, 1, 80, 200)
    with torch.no_grad():
        torch.onnx.export(Synthesis(model, params.decoder.type == "hifigan"), (tokens, style, torch.ones(1)),
                          os.path.join(out, "model.onnx"), input_names=["tokens", "style", "speed"],
                          output_names=["waveform"], opset_version=OPSET,
                          dynamic_axes={"tokens": {1: "n"}, "waveform": {0: "samples"}})
        for name, enc in (("style_encoder", model.style_encoder), ("predictor_encoder", model.predictor_encoder)):
            torch.onnx.export(enc, (mel,), os.path.join(out, name + ".onnx"), input_names=["mel"],
                              output_names=["style"], opset_version=OPSET, dynamic_axes={"mel": {3: "frames"}})
        torch.onnx.export(Bert(model), (tokens,), os.path.join(out, "bert.onnx"), input_names=["tokens"],
                          output_names=["embedding"], opset_version=OPSET,
                          dynamic_axes={"tokens": {1: "n"}, "embedding": {1: "n"}})
        embedding = Bert(model)(tokens)
        net = model.diffusion.diffusion.net
        torch.onnx.export(Denoiser(net), (torch.zeros(1, 1, 256), torch.zeros(1), embedding, style),
                          os.path.join(out, "denoiser.onnx"), input_names=["x", "c_noise", "embedding", "features"],
                          output_names=["cond", "uncond"], opset_version=OPSET, dynamic_axes={"embedding": {1: "n"}})

    vocab = {symbol: index for symbol, index in cleaner.word_index_dictionary.items()}
    dist = config["model_params"]["diffusion"]["dist"]
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump({"format_version": 1, "vocab": vocab, "token_padding": "start", "max_phonemes": 510,
                   "sample_rate": 24000, "trim_end_samples": 50, "default_voice": "",
                   "languages": {"en": args.espeak_language}, "sigma_data": float(dist["sigma_data"]),
                   "diffusion": {"sigma_min": 0.0001, "sigma_max": 3.0, "rho": 9.0}},
                  f, ensure_ascii=False, indent=1)
    print("wrote", out)


if __name__ == "__main__":
    main()
