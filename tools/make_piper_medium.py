#!/usr/bin/env python3
"""Writes a Piper "medium" voice with random weights, for benchmarks only (it speaks noise).

The graph follows Piper's medium VITS generator as exported for inference (no posterior encoder):
  text encoder   embedding + 6 transformer layers, hidden 192, 2 heads, filter 768, kernel 3
  duration       convolutional predictor (Piper's stochastic predictor is replaced by a deterministic
                 one of similar size; noise_w scales its noise); about 3 frames per phoneme id (ceil of 2.6)
  flow           4 residual coupling layers (WaveNet, 4 layers, kernel 5, hidden 192), reversed
  decoder        HiFi-GAN v2-style: resblock 2, kernels 3/5/7, dilations (1,2)/(2,6)/(3,12),
                 upsample 8x8x4, initial channels 256, kernels 16/16/8 (hop 256 at 22050 Hz)
Inputs and outputs are Piper's exactly: input int64 [1,N], input_lengths int64 [1],
scales float [3] (noise_scale, length_scale, noise_w) -> output float [1,1,1,T].
About 63 MB, like a real medium voice. The file is large: it is NOT committed.

Usage: /usr/bin/python3 tools/make_piper_medium.py [OUT_DIR]   (default: models/piper-medium)
Writes OUT_DIR/en_US-random-medium.onnx and .onnx.json. Takes a minute on a small CPU.
"""
import json
import math
import os
import sys

import torch
from torch import nn
from torch.nn import functional as F

HIDDEN = 192
FILTER = 768
HEADS = 2
LAYERS = 6
SAMPLE_RATE = 22050


def phoneme_id_map():
    """Piper-style map: Piper's ids for the common symbols, then every IPA-ish code point."""
    base = {"_": 0, "^": 1, "$": 2, " ": 3, "!": 4, "'": 5, "(": 6, ")": 7, ",": 8, "-": 9, ".": 10, ":": 11,
            ";": 12, "?": 13}
    for i, c in enumerate("abcdefhijklmnopqrstuvwxyz"):
        base[c] = 14 + i
    next_id = 40
    extra = [chr(c) for c in range(0x00C0, 0x0250)] + [chr(c) for c in range(0x0250, 0x02B0)] + \
            [chr(c) for c in range(0x02B0, 0x0300)] + [chr(c) for c in range(0x0300, 0x0370)] + \
            list("gθβχ\u2191\u2193\u2016\u203f\u1d7b\u2014\u2026\"\u00ab\u00bb\u00a1\u00bf")
    for c in extra:
        if c not in base:
            base[c] = next_id
            next_id += 1
    return {k: [v] for k, v in base.items()}, next_id


class FFN(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv1d(HIDDEN, FILTER, 3, padding=1)
        self.c2 = nn.Conv1d(FILTER, HIDDEN, 3, padding=1)

    def forward(self, x, mask):
        return self.c2(torch.relu(self.c1(x * mask)) * mask) * mask


class Attention(nn.Module):
    def __init__(self):
        super().__init__()
        self.q = nn.Conv1d(HIDDEN, HIDDEN, 1)
        self.k = nn.Conv1d(HIDDEN, HIDDEN, 1)
        self.v = nn.Conv1d(HIDDEN, HIDDEN, 1)
        self.o = nn.Conv1d(HIDDEN, HIDDEN, 1)
        # relative position embeddings as in VITS (window 4), used as a learned bias here
        self.rel_k = nn.Parameter(torch.randn(HEADS, 9, HIDDEN // HEADS) * 0.1)
        self.rel_v = nn.Parameter(torch.randn(HEADS, 9, HIDDEN // HEADS) * 0.1)

    def forward(self, x, attn_mask):
        b, c, t = x.shape
        d = c // HEADS
        q = self.q(x).view(b, HEADS, d, t).transpose(2, 3)
        k = self.k(x).view(b, HEADS, d, t).transpose(2, 3)
        v = self.v(x).view(b, HEADS, d, t).transpose(2, 3)
        scores = torch.matmul(q / math.sqrt(d), k.transpose(-2, -1))
        scores = scores + torch.matmul(q, self.rel_k.mean(1, keepdim=True).transpose(-2, -1)).mean(-1, keepdim=True)
        scores = scores.masked_fill(attn_mask == 0, -1e4)
        p = torch.softmax(scores, dim=-1)
        out = torch.matmul(p, v) + self.rel_v.mean(1, keepdim=True)
        return self.o(out.transpose(2, 3).contiguous().view(b, c, t))


class TextEncoder(nn.Module):
    def __init__(self, n_vocab):
        super().__init__()
        self.emb = nn.Embedding(n_vocab, HIDDEN)
        nn.init.normal_(self.emb.weight, 0.0, HIDDEN ** -0.5)
        self.attn = nn.ModuleList([Attention() for _ in range(LAYERS)])
        self.n1 = nn.ModuleList([nn.LayerNorm(HIDDEN) for _ in range(LAYERS)])
        self.ffn = nn.ModuleList([FFN() for _ in range(LAYERS)])
        self.n2 = nn.ModuleList([nn.LayerNorm(HIDDEN) for _ in range(LAYERS)])
        self.proj = nn.Conv1d(HIDDEN, HIDDEN * 2, 1)

    def forward(self, ids, mask):
        x = (self.emb(ids) * math.sqrt(HIDDEN)).transpose(1, 2) * mask
        attn_mask = mask.unsqueeze(2) * mask.unsqueeze(-1)
        for a, n1, f, n2 in zip(self.attn, self.n1, self.ffn, self.n2):
            x = n1((x + a(x, attn_mask)).transpose(1, 2)).transpose(1, 2)
            x = n2((x + f(x, mask)).transpose(1, 2)).transpose(1, 2)
        stats = self.proj(x) * mask
        m, logs = torch.split(stats, HIDDEN, dim=1)
        return x, m, logs


class DurationPredictor(nn.Module):
    def __init__(self):
        super().__init__()
        self.convs = nn.ModuleList([nn.Conv1d(HIDDEN, HIDDEN, 3, padding=1) for _ in range(4)])
        self.norms = nn.ModuleList([nn.LayerNorm(HIDDEN) for _ in range(4)])
        self.proj = nn.Conv1d(HIDDEN, 1, 1)
        nn.init.zeros_(self.proj.weight)
        nn.init.constant_(self.proj.bias, math.log(2.6))

    def forward(self, x, mask, noise_w):
        x = x.detach()
        for c, n in zip(self.convs, self.norms):
            x = n(torch.relu(c(x * mask)).transpose(1, 2)).transpose(1, 2)
        noise = torch.randn_like(x[:, :1, :]) * noise_w * 0.01
        return (self.proj(x * mask) + noise) * mask


class WN(nn.Module):
    def __init__(self, layers=4, kernel=5):
        super().__init__()
        self.layers = layers
        self.ins = nn.ModuleList([nn.Conv1d(HIDDEN, 2 * HIDDEN, kernel, padding=kernel // 2) for _ in range(layers)])
        self.res = nn.ModuleList([nn.Conv1d(HIDDEN, 2 * HIDDEN if i < layers - 1 else HIDDEN, 1) for i in range(layers)])

    def forward(self, x, mask):
        out = torch.zeros_like(x)
        for i in range(self.layers):
            a, b = torch.split(self.ins[i](x), HIDDEN, dim=1)
            acts = torch.tanh(a) * torch.sigmoid(b)
            rs = self.res[i](acts)
            if i < self.layers - 1:
                x = (x + rs[:, :HIDDEN]) * mask
                out = out + rs[:, HIDDEN:]
            else:
                out = out + rs
        return out * mask


class Coupling(nn.Module):
    def __init__(self):
        super().__init__()
        half = HIDDEN // 2
        self.pre = nn.Conv1d(half, HIDDEN, 1)
        self.enc = WN()
        self.post = nn.Conv1d(HIDDEN, half, 1)
        nn.init.zeros_(self.post.weight)
        nn.init.zeros_(self.post.bias)

    def reverse(self, x, mask):
        x0, x1 = torch.split(x, HIDDEN // 2, dim=1)
        m = self.post(self.enc(self.pre(x0) * mask, mask)) * mask
        x1 = (x1 - m) * mask
        return torch.cat([x0, x1], 1)


class ResBlock2(nn.Module):
    def __init__(self, ch, kernel, dilations):
        super().__init__()
        self.convs = nn.ModuleList([nn.Conv1d(ch, ch, kernel, dilation=d, padding=(kernel * d - d) // 2)
                                    for d in dilations])

    def forward(self, x):
        for c in self.convs:
            x = x + c(F.leaky_relu(x, 0.1))
        return x


class Generator(nn.Module):
    def __init__(self):
        super().__init__()
        init = 256
        rates, kernels = (8, 8, 4), (16, 16, 8)
        self.pre = nn.Conv1d(HIDDEN, init, 7, padding=3)
        self.ups = nn.ModuleList()
        self.blocks = nn.ModuleList()
        ch = init
        for r, k in zip(rates, kernels):
            self.ups.append(nn.ConvTranspose1d(ch, ch // 2, k, r, padding=(k - r) // 2))
            ch //= 2
            for rk, rd in zip((3, 5, 7), ((1, 2), (2, 6), (3, 12))):
                self.blocks.append(ResBlock2(ch, rk, rd))
        self.post = nn.Conv1d(ch, 1, 7, padding=3, bias=False)
        for p in self.parameters():
            if p.dim() > 1:
                nn.init.normal_(p, 0.0, 0.01)

    def forward(self, x):
        x = self.pre(x)
        for i, up in enumerate(self.ups):
            x = up(F.leaky_relu(x, 0.1))
            xs = None
            for j in range(3):
                y = self.blocks[i * 3 + j](x)
                xs = y if xs is None else xs + y
            x = xs / 3
        return torch.tanh(self.post(F.leaky_relu(x)))


class MediumVits(nn.Module):
    def __init__(self, n_vocab):
        super().__init__()
        self.enc_p = TextEncoder(n_vocab)
        self.dp = DurationPredictor()
        self.flows = nn.ModuleList([Coupling() for _ in range(4)])
        self.dec = Generator()

    def forward(self, input, input_lengths, scales):
        noise_scale, length_scale, noise_w = scales[0], scales[1], scales[2]
        t = input.shape[1]
        x_mask = (torch.arange(t).unsqueeze(0) < input_lengths.unsqueeze(1)).unsqueeze(1).float()
        x, m_p, logs_p = self.enc_p(input, x_mask)
        logw = self.dp(x, x_mask, noise_w)
        w = torch.ceil(torch.exp(logw) * x_mask * length_scale)          # [1,1,N] frames per id
        cum = torch.cumsum(w, dim=2)                                      # [1,1,N]
        y_len = cum[0, 0, -1].long()
        frames = torch.arange(y_len).float().view(1, -1, 1)               # [1,T,1]
        idx = (frames >= cum.view(1, 1, -1)).long().sum(-1)  # [1,T]
        idx = torch.clamp(idx, max=t - 1)
        m = torch.gather(m_p, 2, idx.unsqueeze(1).expand(-1, HIDDEN, -1))
        logs = torch.gather(logs_p, 2, idx.unsqueeze(1).expand(-1, HIDDEN, -1))
        z = m + torch.randn_like(m) * torch.exp(logs) * noise_scale
        y_mask = torch.ones_like(z[:, :1, :])
        for flow in reversed(self.flows):
            z = torch.flip(z, [1])
            z = flow.reverse(z, y_mask)
        audio = self.dec(z * y_mask)
        return audio.unsqueeze(1)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                                             "models", "piper-medium")
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(1234)
    id_map, n_vocab = phoneme_id_map()
    model = MediumVits(n_vocab).eval()
    params = sum(p.numel() for p in model.parameters())
    ids = torch.randint(3, 30, (1, 40), dtype=torch.long)
    lengths = torch.tensor([40], dtype=torch.long)
    scales = torch.tensor([0.667, 1.0, 0.8], dtype=torch.float32)
    with torch.no_grad():
        audio = model(ids, lengths, scales)
    print("parameters:", params, "test output", tuple(audio.shape))
    key = "en_US-random-medium"
    path = os.path.join(out, key + ".onnx")
    with torch.no_grad():
        torch.onnx.export(model, (ids, lengths, scales), path, opset_version=15,
                          input_names=["input", "input_lengths", "scales"], output_names=["output"],
                          dynamic_axes={"input": {0: "batch_size", 1: "phonemes"}, "input_lengths": {0: "batch_size"},
                                        "output": {0: "batch_size", 3: "time"}})
    cfg = {
        "audio": {"sample_rate": SAMPLE_RATE, "quality": "medium"},
        "espeak": {"voice": "en-us"},
        "language": {"code": "en_US", "family": "en", "region": "US"},
        "inference": {"noise_scale": 0.667, "length_scale": 1.0, "noise_w": 0.8},
        "phoneme_type": "espeak", "phoneme_map": {}, "phoneme_id_map": id_map,
        "num_symbols": n_vocab, "num_speakers": 1, "speaker_id_map": {},
        "piper_version": "1.0.0", "dataset": "random (benchmark only)",
    }
    with open(path + ".json", "w", encoding="utf-8") as f:
        json.dump(cfg, f, ensure_ascii=False, indent=2)
    print("wrote", path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
