#!/usr/bin/env bash
# Regenerates voice-core/src/test/resources/speech/: real Piper speech (MIT, see PROVENANCE.md there)
# and short conversions of it written by sox and ffmpeg, plus expected.tsv, the header facts soxi and
# ffprobe report and the sample statistics numpy computes. Tests compare WavCodec against these, so
# CI needs none of sox, ffmpeg or Python. Run from the repository root.
set -euo pipefail
SRC=${SPEECH_DIR:-/work/shared/data/speech}
OUT=voice-core/src/test/resources/speech
mkdir -p "$OUT"
cp "$SRC/downloaded.wav" "$SRC/waiting.wav" "$OUT/"
chmod 644 "$OUT"/*.wav
cd "$OUT"
# -D: no dither, so the conversions hold exactly the source's 16-bit values (8-bit: rounded)
sox -D downloaded.wav -b 8 -e unsigned-integer short-u8.wav trim 0 0.1
sox -D downloaded.wav -b 24 -e signed-integer short-s24.wav trim 0 0.1
sox -D downloaded.wav -b 32 -e signed-integer short-s32.wav trim 0 0.1
sox -D downloaded.wav -b 32 -e floating-point short-f32.wav trim 0 0.1
sox -D downloaded.wav -b 64 -e floating-point short-f64.wav trim 0 0.1
sox -D -M downloaded.wav downloaded.wav downloaded.wav -b 16 short-3ch.wav trim 0 0.1
ffmpeg -loglevel error -y -i downloaded.wav -t 0.1 -c:a pcm_s16le -metadata title="fixture" short-ffmpeg-list.wav
ffmpeg -loglevel error -i downloaded.wav -t 0.1 -c:a pcm_s24le -f wav - > short-ffmpeg-streamed.wav
# G.711 from both writers: sox writes A-law, ffmpeg mu-law (each with an 18-byte fmt and a fact chunk)
sox -D downloaded.wav -e a-law short-sox-alaw.wav trim 0 0.1
ffmpeg -loglevel error -y -i downloaded.wav -t 0.1 -c:a pcm_mulaw short-ffmpeg-mulaw.wav
python3 - <<'PY' > expected.tsv
import glob, json, subprocess, numpy as np
print("file\tchannels\trate\tframes\tbits\tencoding\tffprobe_codec\tpeak\trms")
def soxi(flag, f):
    return subprocess.run(["soxi", flag, f], capture_output=True, text=True).stdout.strip()
for f in sorted(glob.glob("*.wav")):
    probe = json.loads(subprocess.run(["ffprobe", "-v", "error", "-show_streams", "-of", "json", f],
                                      capture_output=True, text=True).stdout)["streams"][0]
    codec = probe["codec_name"]
    dtype = {"pcm_u8": "u1", "pcm_s16le": "<i2", "pcm_s24le": None, "pcm_s32le": "<i4", "pcm_f32le": "<f4",
             "pcm_f64le": "<f8", "pcm_alaw": None, "pcm_mulaw": None}[codec]
    ch = int(probe["channels"])
    # sample statistics from the raw stream ffmpeg decodes (independent of our reader)
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", f, "-f", "f64le", "-c:a", "pcm_f64le", "-"],
                         capture_output=True).stdout
    x = np.frombuffer(raw, dtype="<f8")
    frames = soxi("-s", f)
    print(f"{f}\t{soxi('-c', f)}\t{soxi('-r', f)}\t{frames}\t{soxi('-b', f)}\t{soxi('-e', f)}\t{codec}\t"
          f"{np.abs(x).max():.9f}\t{np.sqrt((x ** 2).mean()):.9f}")
PY
cat expected.tsv
# The 16-bit value of every G.711 code, as ffmpeg and sox expand it (the script stops if they disagree).
cd - > /dev/null
G=voice-core/src/test/resources/g711
mkdir -p "$G"
TMP=$(mktemp -d)
python3 -c "import sys; sys.stdout.buffer.write(bytes(range(256)))" > "$TMP/codes"
for law in alaw mulaw; do
  ffmpeg -loglevel error -f $law -ar 8000 -ac 1 -i "$TMP/codes" -f s16le - > "$TMP/$law.ffmpeg"
done
sox -t al -r 8000 -c 1 "$TMP/codes" -t s16 "$TMP/alaw.sox"
sox -t ul -r 8000 -c 1 "$TMP/codes" -t s16 "$TMP/mulaw.sox"
cmp "$TMP/alaw.ffmpeg" "$TMP/alaw.sox" && cmp "$TMP/mulaw.ffmpeg" "$TMP/mulaw.sox"
python3 - "$TMP" <<'PY' > "$G/expanded.tsv"
import sys, numpy as np
a = np.fromfile(sys.argv[1] + "/alaw.ffmpeg", "<i2")
u = np.fromfile(sys.argv[1] + "/mulaw.ffmpeg", "<i2")
print("code\talaw\tmulaw")
for c in range(256):
    print(f"{c}\t{a[c]}\t{u[c]}")
PY
rm -r "$TMP"
