#!/bin/sh
# Makes voice-provider-xtts's MP3 reference sample (RemoteSampleTest): the 2 s speech fixture
# ref_22050.wav looped to 8 s, mono 22.05 kHz, 48 kbit/s MP3 (ffmpeg with libmp3lame, bit-exact flags
# so reruns give the same bytes). Run from the repository root.
set -e
R=voice-provider-xtts/src/test/resources/xtts/reference
ffmpeg -hide_banner -loglevel error -y -stream_loop 3 -i "$R/ref_22050.wav" -t 8 -ac 1 -ar 22050 \
  -c:a libmp3lame -b:a 48k -fflags +bitexact -flags:a +bitexact -map_metadata -1 "$R/voice_8s.mp3"
