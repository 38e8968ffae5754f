#!/usr/bin/python3
"""Makes a benchmark export with XTTS v2's real GPT shape (width 1024, 16 heads, 30 layers by default;
random weights) for voice-bench's io.voicerouter.bench.xtts benchmarks. Not committed: ~1.6 GB at 30 layers.

Same contract and file layout as the tiny test export of make_tiny_xtts.py (whose networks it reuses with
the real sizes): gpt_model.onnx with past_key_i/past_value_i [1, 16, P, 64], logits [.., 1026],
hidden_states [.., 1024]; embeddings/ at XTTS v2's table sizes (text 6681, text positions 404, mel 1026,
mel positions 608); the tiny vocab.json. The conditioning encoder, speaker encoder and vocoder keep the
tiny networks' layers (with the real 1024-wide input/output). The vocoder:
  --upstream PATH   XTTS v2's real HiFi-GAN decoder, built by the upstream code of a coqui-ai-TTS checkout
                    (upstream_hifigan.py: HifiDecoder with XTTS v2's arguments, 17.8 M parameters in the
                    graph, random seeded weights), checked against upstream eager with ONNX Runtime; the
                    benchmark figures use this
  without it        the tiny stand-in (x4 interpolation and one x256 transposed conv): fast to make, for
                    trying the loop only; its cost is not the real vocoder's
The stop token's logit is biased to -1e4 so that a decode runs exactly to its token limit.

  /usr/bin/python3 tools/xtts/make_bench_xtts.py [--layers 30] [--upstream /path/to/coqui-ai-TTS] [--out DIR]

Needs Debian's python3-torch, python3-numpy and python3-onnx; run from the repository root (models/ is
git-ignored).
"""
import argparse
import json
import os
import shutil
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_tiny_xtts as tiny  # noqa: E402

REAL_TEXT_VOCAB = 6681


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--layers", type=int, default=30)
    ap.add_argument("--width", type=int, default=1024)
    ap.add_argument("--heads", type=int, default=16)
    ap.add_argument("--out", default=None)
    ap.add_argument("--upstream", help="a coqui-ai-TTS checkout: export its real HiFi-GAN decoder as the vocoder")
    ap.add_argument("--ort-jar", help="onnxruntime-VERSION.jar for the vocoder check (default: the newest in ~/.m2)")
    a = ap.parse_args()
    out = a.out or os.path.join(tiny.ROOT, "models", f"xtts_v2_bench_L{a.layers}")
    os.makedirs(os.path.join(out, "embeddings"), exist_ok=True)
    # the tiny networks read these module globals when built and run
    tiny.D, tiny.LAYERS, tiny.HEADS = a.width, a.layers, a.heads
    tiny.TEXT_VOCAB = REAL_TEXT_VOCAB

    torch.manual_seed(7)
    gen = torch.Generator().manual_seed(7)
    with torch.no_grad():
        cond_enc, spk_enc, gpt, voc = tiny.ConditioningEncoder(), tiny.SpeakerEncoder(), tiny.Gpt(), tiny.Vocoder()
        for block in gpt.blocks:  # GPT-2's init scale keeps 30 random layers numerically tame
            for lin in (block.qkv, block.proj, block.mlp[0], block.mlp[2]):
                lin.weight.normal_(0.0, 0.02)
                lin.bias.zero_()
        gpt.mel_head.bias[tiny.STOP_AUDIO] = -1e4
        tables = tiny.Tables(gen)

    for name, table in (("text_embedding", tables.text), ("text_pos_embedding", tables.text_pos),
                        ("mel_embedding", tables.mel), ("mel_pos_embedding", tables.mel_pos)):
        np.save(os.path.join(out, "embeddings", name + ".npy"), table.numpy().astype("<f4"))
    np.save(os.path.join(out, "mel_stats.npy"), (torch.rand(80) * 2 + 1.5).numpy().astype("<f4"))
    shutil.copy(os.path.join(tiny.OUT, "tiny", "vocab.json"), os.path.join(out, "vocab.json"))
    with open(os.path.join(out, "metadata.json"), "w") as f:
        json.dump({"files": {"conditioning_encoder": "conditioning_encoder.onnx",
                             "speaker_encoder": "speaker_encoder.onnx", "gpt_model": "gpt_model.onnx",
                             "hifigan_vocoder": "hifigan_vocoder.onnx"},
                   "n_layer": a.layers, "embed_dim": a.width, "num_heads": a.heads, "head_dim": a.width // a.heads,
                   "num_audio_tokens": tiny.NUM_AUDIO, "start_audio_token": tiny.START_AUDIO,
                   "stop_audio_token": tiny.STOP_AUDIO, "perceiver_output_len": tiny.COND_LATENTS,
                   "vocoder": "coqui-ai-TTS HifiDecoder (XTTS v2 arguments)" if a.upstream else "tiny stand-in",
                   "note": "random weights, benchmark only (tools/xtts/make_bench_xtts.py)"}, f, indent=1)

    d = a.width
    with torch.no_grad():
        tiny.export(cond_enc, (torch.randn(1, 80, 50),), os.path.join(out, "conditioning_encoder.onnx"),
                    ["mel_spectrogram"], ["cond_latents"],
                    {"mel_spectrogram": {0: "batch", 2: "frames"}, "cond_latents": {0: "batch"}})
        tiny.export(spk_enc, (torch.randn(1, 64, 50),), os.path.join(out, "speaker_encoder.onnx"),
                    ["mel_spec"], ["speaker_embedding"],
                    {"mel_spec": {0: "batch", 2: "frames"}, "speaker_embedding": {0: "batch"}})
        tiny.export_gpt(gpt, os.path.join(out, "gpt_model.onnx"))
        if not a.upstream:
            tiny.export(voc, (torch.randn(1, 7, d), torch.randn(1, tiny.SPEAKER_DIM, 1)),
                        os.path.join(out, "hifigan_vocoder.onnx"), ["latents", "speaker_embedding"], ["waveform"],
                        {"latents": {1: "frames"}, "waveform": {2: "samples"}})
    params = sum(p.numel() for p in gpt.parameters())
    print(f"wrote {out}: GPT {a.layers} layers, width {d}, {a.heads} heads, {params / 1e6:.0f} M parameters")
    if a.upstream:
        import upstream_hifigan
        if d != 1024:
            sys.exit("the upstream vocoder takes 1024-wide latents: use --width 1024 with --upstream")
        decoder, args = upstream_hifigan.build(a.upstream, seed=7)
        upstream_hifigan.report(decoder, args)
        path = os.path.join(out, "hifigan_vocoder.onnx")
        upstream_hifigan.export(decoder, path, d)
        if not upstream_hifigan.report_check(upstream_hifigan.check(decoder, path, a.ort_jar), 1e-4):
            sys.exit(1)
        print(f"wrote {path}: upstream's XTTS v2 HiFi-GAN decoder")
    else:
        print("vocoder: the tiny stand-in (pass --upstream PATH for XTTS v2's real HiFi-GAN decoder)")


if __name__ == "__main__":
    main()
