#!/usr/bin/env python3
"""Writes tiny "probe" Piper voices for voice-provider-piper's tests.

The probe is an ONNX graph with Piper's exact interface:
    input          int64 [1, N]   phoneme ids
    input_lengths  int64 [1]      N
    scales         float [3]      noise_scale, length_scale, noise_w
    sid            int64 [1]      speaker id (multi-speaker variant only)
    output         float [1, 1, 1, T]
Instead of speech it renders phoneme id i as a sine of F0 + STEP * i Hz lasting
round(length_scale * K) samples at 22050 Hz, with amplitude A0 + A_STEP * sid.
Decoding each segment (Goertzel) therefore gives back the exact id sequence the
provider sent, segment length gives back length_scale, and amplitude gives back sid.

Usage: /usr/bin/python3 tools/make_piper_probe.py [OUT_DIR]
(default OUT_DIR: voice-provider-piper/src/test/resources/piper). Deterministic output.
"""
import json
import math
import os
import shutil
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

SAMPLE_RATE = 22050
K = 1024          # samples per id at length_scale 1.0
F0 = 200.0        # Hz of id 0
STEP = 60.0       # Hz between consecutive ids
A0 = 0.2          # amplitude of speaker 0
A_STEP = 0.2      # amplitude added per speaker id

# A subset of Piper's real IPA phoneme_id_map (same symbols and ids as Piper's default map).
PHONEME_ID_MAP = {
    "_": 0, "^": 1, "$": 2, " ": 3, "!": 4, "'": 5, ",": 8, "-": 9, ".": 10, ":": 11, ";": 12, "?": 13,
    "a": 14, "b": 15, "c": 16, "d": 17, "e": 18, "f": 19, "h": 20, "i": 21, "j": 22, "k": 23, "l": 24,
    "m": 25, "n": 26, "o": 27, "p": 28, "q": 29, "r": 30, "s": 31, "t": 32, "u": 33, "v": 34, "w": 35,
    "x": 36, "y": 37, "z": 38, "æ": 39, "ð": 41, "ŋ": 44, "ɐ": 50, "ɑ": 51, "ɔ": 54, "ə": 59, "ɚ": 60,
    "ɛ": 61, "ɜ": 62, "ɡ": 66, "ɪ": 74, "ɹ": 88, "ɾ": 92, "ʃ": 96, "ʊ": 100, "ʌ": 102, "ʒ": 108,
    "ʔ": 109, "ˈ": 120, "ˌ": 121, "ː": 122, "θ": 126, "̃": 141,
}


def const(name, value, dtype):
    arr = np.array(value, dtype=dtype)
    return helper.make_node("Constant", [], [name], value=numpy_helper.from_array(arr, name + "_v"))


def build(multi_speaker):
    n = []
    n.append(const("k", K, np.float32))
    n.append(const("one_f", 1.0, np.float32))
    n.append(const("idx1", 1, np.int64))
    n.append(const("idx0", 0, np.int64))
    n.append(const("one_i", 1, np.int64))
    n.append(const("f0", F0, np.float32))
    n.append(const("step", STEP, np.float32))
    n.append(const("two_pi_over_sr", 2.0 * math.pi / SAMPLE_RATE, np.float32))
    n.append(const("out_shape_prefix", [1, 1, 1], np.int64))
    n.append(const("axes0", [0], np.int64))
    # samples per id = max(1, round(scales[1] * K))
    n.append(helper.make_node("Gather", ["scales", "idx1"], ["length_scale"], axis=0))
    n.append(helper.make_node("Mul", ["length_scale", "k"], ["dur_f"]))
    n.append(helper.make_node("Round", ["dur_f"], ["dur_r"]))
    n.append(helper.make_node("Max", ["dur_r", "one_f"], ["dur_m"]))
    n.append(helper.make_node("Cast", ["dur_m"], ["dur"], to=TensorProto.INT64))
    # T = input_lengths[0] * dur (input_lengths must be right, or Gather below fails)
    n.append(helper.make_node("Gather", ["input_lengths", "idx0"], ["len0"], axis=0))
    n.append(helper.make_node("Mul", ["len0", "dur"], ["total"]))
    n.append(helper.make_node("Range", ["idx0", "total", "one_i"], ["t"]))
    n.append(helper.make_node("Div", ["t", "dur"], ["seg"]))
    n.append(helper.make_node("Mul", ["seg", "dur"], ["seg_start"]))
    n.append(helper.make_node("Sub", ["t", "seg_start"], ["local"]))
    n.append(helper.make_node("Squeeze", ["input", "axes0"], ["ids_flat"]))
    n.append(helper.make_node("Gather", ["ids_flat", "seg"], ["ids_t"], axis=0))
    n.append(helper.make_node("Cast", ["ids_t"], ["ids_f"], to=TensorProto.FLOAT))
    n.append(helper.make_node("Mul", ["ids_f", "step"], ["ids_hz"]))
    n.append(helper.make_node("Add", ["ids_hz", "f0"], ["freq"]))
    n.append(helper.make_node("Cast", ["local"], ["local_f"], to=TensorProto.FLOAT))
    n.append(helper.make_node("Mul", ["freq", "local_f"], ["fl"]))
    n.append(helper.make_node("Mul", ["fl", "two_pi_over_sr"], ["phase"]))
    n.append(helper.make_node("Sin", ["phase"], ["wave"]))
    n.append(const("a0", A0, np.float32))
    if multi_speaker:
        n.append(const("a_step", A_STEP, np.float32))
        n.append(helper.make_node("Gather", ["sid", "idx0"], ["sid0"], axis=0))
        n.append(helper.make_node("Cast", ["sid0"], ["sid_f"], to=TensorProto.FLOAT))
        n.append(helper.make_node("Mul", ["sid_f", "a_step"], ["sid_amp"]))
        n.append(helper.make_node("Add", ["sid_amp", "a0"], ["amp"]))
    else:
        n.append(helper.make_node("Identity", ["a0"], ["amp"]))
    n.append(helper.make_node("Mul", ["wave", "amp"], ["y"]))
    n.append(helper.make_node("Reshape", ["total", "axes0_neg"], ["total_1d"]))
    n.insert(0, const("axes0_neg", [1], np.int64))
    n.append(helper.make_node("Concat", ["out_shape_prefix", "total_1d"], ["out_shape"], axis=0))
    n.append(helper.make_node("Reshape", ["y", "out_shape"], ["output"]))

    inputs = [
        helper.make_tensor_value_info("input", TensorProto.INT64, [1, "phonemes"]),
        helper.make_tensor_value_info("input_lengths", TensorProto.INT64, [1]),
        helper.make_tensor_value_info("scales", TensorProto.FLOAT, [3]),
    ]
    if multi_speaker:
        inputs.append(helper.make_tensor_value_info("sid", TensorProto.INT64, [1]))
    outputs = [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 1, 1, "time"])]
    graph = helper.make_graph(n, "piper_probe", inputs, outputs)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="voicerouter-probe")
    model.ir_version = 7
    onnx.checker.check_model(model)
    return model


def config(phoneme_type, num_speakers, key):
    cfg = {
        "audio": {"sample_rate": SAMPLE_RATE, "quality": "x_low"},
        "espeak": {"voice": "en-us"},
        "language": {"code": "en_US", "family": "en", "region": "US"},
        "inference": {"noise_scale": 0.667, "length_scale": 1.0, "noise_w": 0.8},
        "phoneme_type": phoneme_type,
        "phoneme_map": {},
        "phoneme_id_map": {p: [i] for p, i in PHONEME_ID_MAP.items()},
        "num_symbols": 256,
        "num_speakers": num_speakers,
        "speaker_id_map": {name: i for i, name in enumerate(["alice", "bob", "carol", "dave"][:num_speakers])}
        if num_speakers > 1 else {},
        "piper_version": "1.0.0",
        "dataset": key,
        "probe": {"k": K, "f0": F0, "step": STEP, "a0": A0, "a_step": A_STEP},
    }
    return cfg


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "voice-provider-piper", "src", "test", "resources", "piper")
    os.makedirs(out, exist_ok=True)
    voices = [
        ("en_US-probe-x_low", False, "espeak", 1),
        ("en_US-probemulti-x_low", True, "espeak", 4),
        ("en_US-probetext-x_low", False, "text", 1),
    ]
    for key, multi, ptype, speakers in voices:
        path = os.path.join(out, key + ".onnx")
        onnx.save(build(multi), path)
        with open(path + ".json", "w", encoding="utf-8") as f:
            json.dump(config(ptype, speakers, key), f, ensure_ascii=False, indent=2, sort_keys=True)
            f.write("\n")
        print("wrote", path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
