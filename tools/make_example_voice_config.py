#!/usr/bin/env python3
"""Writes examples/personality-voice-config.json: the seed's voice_config example with its values.

The seed's "..." are filled from its language table (io/voicerouter/language/languages.json), and
its "{...}" stats entries get plausible figures from the seed's performance dashboard. The text is
json.dumps(indent=2, ensure_ascii=False) plus a newline: the form VoiceConfigJson.write produces.
Run from the repository root: python3 tools/make_example_voice_config.py
"""
import json
from collections import OrderedDict

TABLE = json.load(open("voice-core/src/main/resources/io/voicerouter/language/languages.json"))


def spoken_by(provider):
    return [row["code"] for row in TABLE if provider in row["providers"]]


xtts = spoken_by("xtts_v2")
seed_supported = ["en", "es", "fr", "de", "zh", "ja", "ko"]
config = OrderedDict([
    ("active_provider", "xtts_v2"),
    ("providers", OrderedDict([
        ("xtts_v2", OrderedDict([
            ("enabled", True),
            ("voice_sample_url", "https://storage.example.com/voices/aria/sample.wav"),
            ("voice_sample_duration", 15.2),
            ("settings", OrderedDict([
                ("temperature", 0.75), ("length_penalty", 1.0), ("repetition_penalty", 5.0),
                ("top_k", 50), ("top_p", 0.85), ("speed", 1.0)])),
            ("supported_languages", xtts),
        ])),
        ("styletts2", OrderedDict([
            ("enabled", True),
            ("voice_sample_url", "https://storage.example.com/voices/aria/sample.wav"),
            ("voice_sample_duration", 8.5),
            ("settings", OrderedDict([
                ("temperature", 0.7), ("diffusion_steps", 10), ("embedding_scale", 1.0)])),
            ("supported_languages", spoken_by("styletts2")),
        ])),
        ("piper", OrderedDict([
            ("enabled", True),
            ("voice_id", "en_US-ryan-medium"),
            ("settings", OrderedDict([("speed", 1.0), ("speaker_id", 0)])),
        ])),
        ("google_tts", OrderedDict([
            ("enabled", False),
            ("voice_name", "en-US-Neural2-D"),
            ("settings", OrderedDict([("pitch", 0), ("speaking_rate", 1.0)])),
        ])),
    ])),
    ("fallback_chain", ["xtts_v2", "styletts2", "piper", "google_tts"]),
    ("languages", OrderedDict([
        ("primary", "en"),
        # The seed's seven, then the rest of what the active provider (xtts_v2) speaks.
        ("supported", seed_supported + [c for c in xtts if c not in seed_supported]),
    ])),
    ("voice_samples", [OrderedDict([
        ("id", "sample_1"),
        ("url", "https://storage.example.com/voices/aria/sample1.wav"),
        ("duration", 15.2),
        ("language", "en"),
        ("quality_score", 0.95),
        ("uploaded_at", "2025-10-20T18:00:00Z"),
        ("notes", "Clean studio recording, neutral tone"),
    ])]),
    ("stats", OrderedDict([
        ("xtts_v2", OrderedDict([
            ("total_generations", 1234), ("total_characters", 567890), ("avg_latency_ms", 2500),
            ("failures", 5), ("last_used", "2025-10-20T18:30:00Z")])),
        ("styletts2", OrderedDict([
            ("total_generations", 456), ("total_characters", 203118), ("avg_latency_ms", 2300),
            ("failures", 2), ("last_used", "2025-10-20T17:45:00Z")])),
        ("piper", OrderedDict([
            ("total_generations", 3456), ("total_characters", 1408211), ("avg_latency_ms", 800),
            ("failures", 3), ("last_used", "2025-10-20T18:10:00Z")])),
    ])),
])

with open("examples/personality-voice-config.json", "w", encoding="utf-8") as f:
    f.write(json.dumps(config, indent=2, ensure_ascii=False) + "\n")
