#!/bin/sh
# Makes voice-provider-styletts2's MP3 reference sample (RemoteReferenceSampleTest): ref24k.wav as a
# mono 24 kHz 128 kbit/s MP3 (ffmpeg with libmp3lame, bit-exact flags so reruns give the same bytes).
# Run from the repository root.
set -e
R=voice-provider-styletts2/src/test/resources/styletts2
ffmpeg -hide_banner -loglevel error -y -i "$R/ref24k.wav" -ac 1 -ar 24000 \
  -c:a libmp3lame -b:a 128k -fflags +bitexact -flags:a +bitexact -map_metadata -1 "$R/ref24k.mp3"
