#!/usr/bin/python3
"""Writes the Kokoro-82M v1.0 phoneme vocabulary the provider ships as a resource.

kokoro-onnx's v1.0 release (kokoro-v1.0.onnx + voices-v1.0.bin) has no config.json: its vocabulary is
hexgrad/Kokoro-82M's config.json "vocab" (114 symbols, Apache-2.0, as the model). The provider uses
this copy when a model directory has neither a config.json vocab nor a tokenizer.json.

Usage (from the repository root), with Kokoro-82M's config.json, e.g. the copy kokoro-onnx carries at
src/kokoro_onnx/config.json of a thewh1teagle/kokoro-onnx checkout:
    /usr/bin/python3 tools/styletts2/make_kokoro_vocab.py /path/to/config.json
"""
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "voice-provider-styletts2", "src", "main", "resources", "io", "voicerouter",
                   "provider", "styletts2", "kokoro-v1.0-vocab.json")

if len(sys.argv) != 2:
    raise SystemExit(__doc__)
with open(sys.argv[1], encoding="utf-8") as f:
    config = json.load(f)
vocab = config["vocab"]
assert config.get("n_token") == 178 and len(vocab) == 114, "not Kokoro-82M v1.0's config.json"
assert all(len(k) == 1 for k in vocab), "every Kokoro symbol is one code point"
with open(OUT, "w", encoding="utf-8") as f:
    json.dump({"_source": "hexgrad/Kokoro-82M config.json vocab (Apache-2.0), written by "
                          "tools/styletts2/make_kokoro_vocab.py", "vocab": vocab}, f, ensure_ascii=False, indent=0)
    f.write("\n")
print(f"wrote {len(vocab)} symbols to {OUT}")
