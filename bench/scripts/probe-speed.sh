#!/usr/bin/env bash
# The probe's speed target (issue 16): `lamae probe` of 5 embeddings x the icd10 codes x 3 fractions x 3 seeds on a
# 3,000-record cache, on 2 cores, in under a minute. Prints the CPU and /usr/bin/time's figures of one probe.
# Usage: bench/scripts/probe-speed.sh EMB1 EMB2 EMB3 EMB4 EMB5   (folders of 'lamae embed' over one cache)
# Without arguments it makes them: a 3,000-ECG synthetic cache and five untrained tiny models (seeds 0-4), which need
# about as many solver steps as trained ones (docs/evaluation.md, "Speed").
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dotnet build "$here/src/Lamae.Cli/Lamae.Cli.csproj" -c Release --nologo -v quiet >/dev/null
lamae=(dotnet "$here/src/Lamae.Cli/bin/Release/net10.0/Lamae.Cli.dll")
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [ "$#" -eq 0 ]; then
  "${lamae[@]}" cache build --dataset synthetic --count 3000 --out "$work/cache" --threads 2 >/dev/null
  for seed in 0 1 2 3 4; do
    "${lamae[@]}" embed --model random --preset tiny --seed "$seed" --cache "$work/cache" --out "$work/emb/random-$seed" --threads 2
  done
  set -- "$work"/emb/random-*
fi
args=()
for e in "$@"; do args+=(--embeddings "$e"); done
grep -m1 "model name" /proc/cpuinfo
/usr/bin/time -f "probe: wall %e s, user %U s, sys %S s, peak RSS %M KB" \
  "${lamae[@]}" probe "${args[@]}" --labels icd10 --fractions 0.01,0.1,1 --seeds 3 --threads 2 --out "$work/probe" >/dev/null
python3 -c "import json; r=json.load(open('$work/probe/probe.json')); print(f\"{len(r['embeddings'])} embeddings x {len(r['labels']['codes'])} codes x {len(r['protocol']['fractions'])} fractions x {len(r['protocol']['seeds'])} seeds, {len(r['fits'])} fits, {r['seconds']:.1f} s inside\")" 2>/dev/null || true
