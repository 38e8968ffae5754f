#!/usr/bin/env bash
# Regenerates voice-samples' test fixtures from the shared Piper speech recordings (MIT).
# Needs Debian's ffmpeg (with libmp3lame). Run from the repository root:
#   bash tools/make_voice_sample_fixtures.sh [path/to/shared/data/speech]
set -euo pipefail
SRC=${1:-../shared/data/speech}
OUT=voice-samples/src/test/resources/speech
mkdir -p "$OUT"
# 22.05 kHz mono 16-bit originals, unchanged
for f in exit gpuavailable multispeaker downloaded; do cp "$SRC/$f.wav" "$OUT/$f.wav"; done
# the 48 kHz stereo ones, as 16 kHz mono: sources for babble noise
for f in starting success waiting; do
  ffmpeg -v error -y -i "$SRC/$f.wav" -ac 1 -ar 16000 -c:a pcm_s16le "$OUT/${f}_16k.wav"
done
# one ~14.5 s recording as WAV and as MP3 (MPEG-2 layer III at 22.05 kHz, 64 kbps) for the
# same-report test, and a 48 kHz stereo MP3 (MPEG-1) for the decoder
ffmpeg -v error -y -i "$SRC/exit.wav" -i "$SRC/gpuavailable.wav" \
  -filter_complex '[0:a][1:a]concat=n=2:v=0:a=1' -c:a pcm_s16le "$OUT/joined_22k.wav"
ffmpeg -v error -y -i "$OUT/joined_22k.wav" -c:a libmp3lame -b:a 64k "$OUT/joined_22k.mp3"
ffmpeg -v error -y -i "$SRC/waiting.wav" -c:a libmp3lame -b:a 128k "$OUT/waiting_48k_stereo.mp3"
# the same recording with pink room noise about 18 dB down, as WAV and as 128 kbps MP3
ffmpeg -v error -y -i "$OUT/joined_22k.wav" -filter_complex \
  'anoisesrc=r=22050:c=pink:a=0.02:seed=42:d=15[n];[0:a][n]amix=inputs=2:duration=first:normalize=0' \
  -c:a pcm_s16le "$OUT/joined_noisy_22k.wav"
ffmpeg -v error -y -i "$OUT/joined_noisy_22k.wav" -c:a libmp3lame -b:a 128k "$OUT/joined_noisy_22k.mp3"
