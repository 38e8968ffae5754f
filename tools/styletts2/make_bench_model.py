#!/usr/bin/python3
"""Builds a Kokoro-82M-sized synthesis graph for the StyleTTS2 benchmarks in voice-bench.

It has Kokoro's contract (input_ids int64 [1, n], style float [1, 256], speed float [1] ->
waveform float at 24 kHz, 600 samples per token) and roughly its size and work: about 80 M
parameters (a 6-layer text encoder and a 3-layer predictor at d=512, 24 residual convolutions at
the frame rate, then transposed-convolution upsampling x10, x6, x5 with residual convolutions at
each rate, as in an iSTFTNet-style decoder). The weights are random, so the audio is noise; only
the cost is meant to be realistic. The file is about 320 MB, so it is not committed: it goes to
models/styletts2-bench/ (git-ignored) with a config.json (Kokoro-like vocabulary) and a voices.npz
holding one voice, af_bench.

Needs Debian's python3-torch, python3-numpy and python3-onnx. Usage (from the repository root):
    /usr/bin/python3 tools/styletts2/make_bench_model.py [output_dir]
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_test_models import vocab, model_config  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
D = 512
FRAMES_PER_TOKEN = 2   # hop 300 samples: 600 samples (25 ms) per token at speed 1


class Attention(nn.Module):
    """A plain pre-norm transformer block (no fused fast path, so it exports to any opset)."""

    def __init__(self, heads=8):
        super().__init__()
        self.heads = heads
        self.norm1, self.norm2 = nn.LayerNorm(D), nn.LayerNorm(D)
        self.qkv, self.out = nn.Linear(D, 3 * D), nn.Linear(D, D)
        self.ff = nn.Sequential(nn.Linear(D, 4 * D), nn.GELU(), nn.Linear(4 * D, D))

    def forward(self, x):  # [1, n, D]
        n = x.shape[1]
        qkv = self.qkv(self.norm1(x)).reshape(1, n, 3, self.heads, D // self.heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        a = torch.softmax(q @ k.transpose(-1, -2) / (D // self.heads) ** 0.5, dim=-1) @ v
        x = x + self.out(a.transpose(1, 2).reshape(1, n, D))
        return x + self.ff(self.norm2(x))


class ResConv(nn.Module):
    def __init__(self, channels, kernel=7):
        super().__init__()
        self.conv = nn.Conv1d(channels, channels, kernel, padding=kernel // 2)

    def forward(self, x):
        return x + torch.tanh(self.conv(x)) * 0.5


class BenchKokoro(nn.Module):
    def __init__(self, n_token):
        super().__init__()
        self.emb = nn.Embedding(n_token, D)
        self.style = nn.Linear(256, D)
        self.encoder = nn.Sequential(*[Attention() for _ in range(6)])
        self.predictor = nn.Sequential(*[Attention() for _ in range(3)])
        self.frames = nn.Sequential(*[ResConv(D) for _ in range(24)])
        self.up1 = nn.ConvTranspose1d(D, 256, 20, stride=10, padding=5)
        self.res1 = nn.Sequential(*[ResConv(256) for _ in range(3)])
        self.up2 = nn.ConvTranspose1d(256, 128, 12, stride=6, padding=3)
        self.res2 = nn.Sequential(*[ResConv(128) for _ in range(3)])
        self.up3 = nn.ConvTranspose1d(128, 1, 9, stride=5, padding=2)

    def forward(self, input_ids, style, speed):
        x = self.emb(input_ids) + self.style(style).unsqueeze(1)      # [1, n, D]
        x = self.predictor(self.encoder(x)) * speed.view(1, 1, 1)
        x = x.transpose(1, 2).repeat_interleave(FRAMES_PER_TOKEN, dim=2)  # [1, D, 2n]
        x = self.res1(self.up1(self.frames(x)))
        x = self.res2(self.up2(x))
        return torch.tanh(self.up3(x)).reshape(-1)                     # [600 n]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "models", "styletts2-bench")
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(82)
    voc = vocab()
    model = BenchKokoro(max(voc.values()) + 1).eval()
    for p in model.parameters():  # small weights keep the random network's activations finite
        p.data.mul_(0.5)
    params = sum(p.numel() for p in model.parameters())
    ids = torch.tensor([[0] + [5] * 20 + [0]], dtype=torch.int64)
    with torch.no_grad():
        assert model(ids, torch.zeros(1, 256), torch.ones(1)).numel() == 600 * ids.shape[1]
        torch.onnx.export(model, (ids, torch.zeros(1, 256), torch.ones(1)), os.path.join(out, "model.onnx"),
                          input_names=["input_ids", "style", "speed"], output_names=["waveform"],
                          dynamic_axes={"input_ids": {1: "n"}, "waveform": {0: "samples"}}, opset_version=14)
    with open(os.path.join(out, "config.json"), "w", encoding="utf-8") as f:
        json.dump(model_config(voc, "both", 0, "af_bench", {"en": "en-us"}), f, ensure_ascii=False, indent=1)
    rng = np.random.default_rng(82)
    np.savez(os.path.join(out, "voices.npz"), af_bench=(rng.standard_normal((510, 1, 256)) * 0.1).astype(np.float32))
    print(f"{out}: {params / 1e6:.1f} M parameters, model.onnx {os.path.getsize(os.path.join(out, 'model.onnx')) / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
