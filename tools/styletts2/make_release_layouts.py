#!/usr/bin/python3
"""Small stand-ins for each public Kokoro release, with exactly its file layout and its synthesis
graph's input/output names and element types, so the provider's tests load each layout unchanged.

The graphs are echo graphs: the "waveform" is [the token ids as float..., the 256 style values...,
the speed], which proves the ids, the style row, the speed and every dtype the provider feeds.

releases/onnx-community-v1.0/    onnx-community/Kokoro-82M-v1.0-ONNX
    config.json                   {"model_type": "style_text_to_speech_2"} (the published 44 bytes)
    tokenizer.json                Hugging Face tokenizers JSON; the symbols are model.vocab ("$" = 0
                                  plus Kokoro-82M's 114). Only model.vocab is read and verified; the
                                  other sections are this script's reconstruction.
    tokenizer_config.json
    onnx/model.onnx               input_ids int64 [1, n], style float32 [1, 256], speed float32 [1]
                                  -> waveform float32 (what kokoro.js feeds and reads)
    onnx/model_fp16.onnx          the same signature; inside, the style passes through float16
    onnx/model_quantized.onnx     the same signature
    voices/af_heart.bin           raw little-endian float32 [510 * 256]: row r holds r + j/1000
releases/kokoro-onnx-v1.0/       thewh1teagle/kokoro-onnx release model-files-v1.0
    kokoro-v1.0.onnx              tokens int64 [1, n], style float32 [1, 256], speed float32 [1]
                                  -> one float32 output ("audio" here: the real name is unverified)
    voices-v1.0.bin               NumPy npz of float32 [510, 1, 256] (af_heart: r + j/1000,
                                  bf_emma: -(r + j/1000)); no config.json, no vocabulary file
releases/hexgrad-export-zh/      hexgrad/kokoro examples/export.py (the v1.1-zh export)
    kokoro.onnx                   input_ids int64, style float32, speed int32 -> waveform float32 and
                                  duration int64 (ones, one per token), export.py's names, dynamic
                                  axes and opset 17
    config.json                   a vocab (Kokoro-82M v1.0's, from the provider's resource, standing
                                  in for v1.1-zh's own config.json, which the user supplies)
    voices/zf_xiaoxiao.pt         torch.save of a float32 [510, 1, 256] tensor, as hexgrad ships voices
                                  (row r holds r + j/1000)

contract/                        graphs that break the contract, for the typed-error tests:
    int-waveform.onnx             waveform declared int64
    no-speed.onnx                 inputs input_ids and style only
    style-128.onnx                style declared [1, 128]: the mismatch shows only when it runs

Needs Debian's python3-torch (1.13), python3-onnx and python3-numpy. Usage, from the repository root:
    /usr/bin/python3 tools/styletts2/make_release_layouts.py
"""
import json
import os
import shutil

import numpy as np
import torch
import torch.nn as nn

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "voice-provider-styletts2", "src", "test", "resources", "styletts2", "releases")
VOCAB = os.path.join(ROOT, "voice-provider-styletts2", "src", "main", "resources", "io", "voicerouter",
                     "provider", "styletts2", "kokoro-v1.0-vocab.json")


class Echo(nn.Module):
    def forward(self, ids, style, speed):
        return torch.cat([ids.view(-1).float(), style.view(-1), speed.view(-1).float()])


class EchoHalf(nn.Module):
    """As onnx-community's fp16 export: float32 in and out, float16 inside."""

    def forward(self, ids, style, speed):
        return torch.cat([ids.view(-1).float(), style.half().float().view(-1), speed.view(-1).float()])


class EchoWithDuration(nn.Module):
    """KModelForONNX's outputs: the waveform and the int64 duration of every token."""

    def forward(self, input_ids, style, speed):
        wave = torch.cat([input_ids.view(-1).float(), style.view(-1), speed.view(-1).float()])
        return wave, torch.ones_like(input_ids.view(-1))


class IntWave(nn.Module):
    def forward(self, ids, style, speed):
        return torch.cat([ids.view(-1), (style.view(-1) * 0).long(), (speed * 0).long()])


class NoSpeed(nn.Module):
    def forward(self, ids, style):
        return torch.cat([ids.view(-1).float(), style.view(-1)])


def table(sign):
    rows = np.arange(510, dtype=np.float32).reshape(510, 1, 1)
    cols = np.arange(256, dtype=np.float32).reshape(1, 1, 256) / 1000.0
    return (sign * (rows + cols)).astype(np.float32)


def fresh(name):
    d = os.path.join(OUT, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    return d


def main():
    with open(VOCAB, encoding="utf-8") as f:
        vocab = json.load(f)["vocab"]
    ids = torch.tensor([[0, 50, 83, 0]], dtype=torch.int64)
    style = torch.zeros(1, 256)

    d = fresh("onnx-community-v1.0")
    os.makedirs(os.path.join(d, "onnx"))
    os.makedirs(os.path.join(d, "voices"))
    with open(os.path.join(d, "config.json"), "w") as f:
        f.write('{\n  "model_type": "style_text_to_speech_2"\n}')
    tokenizer = {
        "version": "1.0", "truncation": None, "padding": None, "added_tokens": [],
        "normalizer": None,
        "pre_tokenizer": {"type": "Split", "pattern": {"Regex": ""}, "behavior": "Isolated", "invert": False},
        "post_processor": {"type": "TemplateProcessing",
                           "single": [{"SpecialToken": {"id": "$", "type_id": 0}},
                                      {"Sequence": {"id": "A", "type_id": 0}},
                                      {"SpecialToken": {"id": "$", "type_id": 0}}],
                           "special_tokens": {"$": {"id": "$", "ids": [0], "tokens": ["$"]}}},
        "decoder": None,
        "model": {"type": "WordLevel", "vocab": {"$": 0, **vocab}, "unk_token": "$"},
    }
    with open(os.path.join(d, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tokenizer, f, ensure_ascii=False, indent=2)
    with open(os.path.join(d, "tokenizer_config.json"), "w") as f:
        json.dump({"model_max_length": 512, "pad_token": "$", "tokenizer_class": "PreTrainedTokenizer",
                   "unk_token": "$"}, f, indent=2)
    axes = {"input_ids": {1: "sequence_length"}, "waveform": {0: "num_samples"}}
    speed = torch.ones(1)
    for file, module in (("model.onnx", Echo()), ("model_fp16.onnx", EchoHalf()), ("model_quantized.onnx", Echo())):
        torch.onnx.export(module.eval(), (ids, style, speed), os.path.join(d, "onnx", file),
                          input_names=["input_ids", "style", "speed"], output_names=["waveform"],
                          dynamic_axes=axes, opset_version=17)
    table(1).reshape(-1).astype("<f4").tofile(os.path.join(d, "voices", "af_heart.bin"))

    d = fresh("kokoro-onnx-v1.0")
    torch.onnx.export(Echo().eval(), (ids, style, speed), os.path.join(d, "kokoro-v1.0.onnx"),
                      input_names=["tokens", "style", "speed"], output_names=["audio"],
                      dynamic_axes={"tokens": {1: "tokens"}, "audio": {0: "samples"}}, opset_version=17)
    np.savez_compressed(os.path.join(d, "voices-v1.0"), af_heart=table(1), bf_emma=table(-1))
    os.rename(os.path.join(d, "voices-v1.0.npz"), os.path.join(d, "voices-v1.0.bin"))

    d = fresh("hexgrad-export-zh")
    os.makedirs(os.path.join(d, "voices"))
    # examples/export.py: the same input and output names, dynamic axes and opset; speed is int32.
    torch.onnx.export(EchoWithDuration().eval(), (ids, style, torch.ones(1, dtype=torch.int32)),
                      os.path.join(d, "kokoro.onnx"), export_params=True,
                      input_names=["input_ids", "style", "speed"], output_names=["waveform", "duration"],
                      opset_version=17, do_constant_folding=True,
                      dynamic_axes={"input_ids": {0: "batch_size", 1: "input_ids_len"}, "style": {0: "batch_size"},
                                    "speed": {0: "batch_size"}})
    with open(os.path.join(d, "config.json"), "w", encoding="utf-8") as f:
        json.dump({"vocab": vocab}, f, ensure_ascii=False, indent=1)
    torch.save(torch.from_numpy(table(1)), os.path.join(d, "voices", "zf_xiaoxiao.pt"))
    d = os.path.join(os.path.dirname(OUT), "contract")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    torch.onnx.export(IntWave().eval(), (ids, style, speed), os.path.join(d, "int-waveform.onnx"),
                      input_names=["input_ids", "style", "speed"], output_names=["waveform"],
                      dynamic_axes={"input_ids": {1: "n"}}, opset_version=17)
    torch.onnx.export(NoSpeed().eval(), (ids, style), os.path.join(d, "no-speed.onnx"),
                      input_names=["input_ids", "style"], output_names=["waveform"],
                      dynamic_axes={"input_ids": {1: "n"}}, opset_version=17)
    torch.onnx.export(Echo().eval(), (ids, torch.zeros(1, 128), speed), os.path.join(d, "style-128.onnx"),
                      input_names=["input_ids", "style", "speed"], output_names=["waveform"],
                      dynamic_axes={"input_ids": {1: "n"}}, opset_version=17)
    print("wrote", OUT, "and", d)


if __name__ == "__main__":
    main()
