#!/usr/bin/env python3
"""Makes a Piper voice readable by sherpa-onnx, into a new folder (the source is left as it is).

sherpa-onnx reads a Piper voice as a VITS model whose settings sit in the ONNX file's metadata
(Piper keeps them in the .onnx.json beside it) and whose symbol table is a tokens.txt. So this
writes OUT/model.onnx (a copy with that metadata), OUT/tokens.txt (the .onnx.json's phoneme_id_map,
one "symbol id" a line) and OUT/espeak-ng-data (a link to the system's espeak-ng data, which
sherpa-onnx's bundled espeak-ng reads for phonemizing).

Usage: /usr/bin/python3 tools/peer/prepare_model.py VOICE.onnx OUT_DIR [ESPEAK_DATA_DIR]
Needs python3-onnx (Debian).
"""
import json
import os
import sys

import onnx


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    source, out = sys.argv[1], sys.argv[2]
    espeak = sys.argv[3] if len(sys.argv) == 4 else "/usr/lib/x86_64-linux-gnu/espeak-ng-data"
    with open(source + ".json", encoding="utf-8") as f:
        config = json.load(f)
    os.makedirs(out, exist_ok=True)

    with open(os.path.join(out, "tokens.txt"), "w", encoding="utf-8") as f:
        for symbol, ids in config["phoneme_id_map"].items():
            # A newline cannot be a line of tokens.txt; espeak never emits one as a phoneme.
            if symbol == "\n":
                continue
            f.write(f"{symbol} {ids[0] if isinstance(ids, list) else ids}\n")

    inference = config.get("inference", {})
    meta = {
        "model_type": "vits",
        "comment": "piper",  # selects Piper's phoneme-to-id rules (pad after each phoneme, ^ and $)
        "language": config.get("language", {}).get("name_english", "English"),
        "voice": config["espeak"]["voice"],
        "has_espeak": 1,
        "n_speakers": config.get("num_speakers", 1),
        "sample_rate": config["audio"]["sample_rate"],
        # Piper's ids already interleave the pad symbol; sherpa-onnx reads add_blank only for Coqui models.
        "add_blank": 0,
        "punctuation": " ".join(p for p in ";:,.!?¡¿—…\"«»“”" if p in config["phoneme_id_map"]),
        "noise_scale": inference.get("noise_scale", 0.667),
        "length_scale": inference.get("length_scale", 1.0),
        "noise_scale_w": inference.get("noise_w", 0.8),
    }
    model = onnx.load(source)
    del model.metadata_props[:]
    for key, value in meta.items():
        entry = model.metadata_props.add()
        entry.key = key
        entry.value = str(value)
    onnx.save(model, os.path.join(out, "model.onnx"))

    link = os.path.join(out, "espeak-ng-data")
    if not os.path.lexists(link):
        os.symlink(espeak, link)
    print(json.dumps(meta, ensure_ascii=False))


if __name__ == "__main__":
    main()
