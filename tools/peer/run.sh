#!/usr/bin/env bash
# The peer benchmark: sherpa-onnx (npm's sherpa-onnx-node, which ships its own native library and
# ONNX Runtime) against voicerouter's Piper provider on the same Piper voice, interleaved in one run.
#
#   tools/peer/run.sh [VOICE.onnx] [rounds] [rtf] [paragraph]
#
# VOICE.onnx defaults to the real-architecture voice /work/shared/data/models/piper-arch/
# en_US-upstream_arch-medium.onnx (its .onnx.json beside it). Needs node + npm, /usr/bin/python3 with
# python3-onnx, espeak-ng-data, and voice-bench built:
#   mvn -B -ntp -q -pl voice-bench -am package -DskipTests
# npm installs into a throwaway folder ($PEER_WORK, default a new temp dir); nothing is written into
# the repository.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
voice="${1:-/work/shared/data/models/piper-arch/en_US-upstream_arch-medium.onnx}"
shift || true
rounds="${1:-5}"
shift || true
jar="$root/voice-bench/target/benchmarks.jar"
[[ -f "$voice" && -f "$voice.json" ]] || { echo "no Piper voice at $voice (+ .json)" >&2; exit 2; }
[[ -f "$jar" ]] || { echo "build voice-bench first: mvn -B -ntp -q -pl voice-bench -am package -DskipTests" >&2; exit 2; }

work="${PEER_WORK:-$(mktemp -d -t voicerouter-peer.XXXXXX)}"
mkdir -p "$work"
cp "$here/package.json" "$here/package-lock.json" "$here/bench.js" "$work/"
(cd "$work" && npm ci --no-audit --no-fund --loglevel=error)
/usr/bin/python3 "$here/prepare_model.py" "$voice" "$work/sherpa-model" >/dev/null

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(uptime | sed 's/.*load/load/')"
echo "voice: $voice"
cd "$work"
node bench.js "$work/sherpa-model" "$voice" "$jar" "$rounds" "$@"
echo "after: $(uptime | sed 's/.*load/load/')"
