#!/usr/bin/env bash
# Issue 18's search on simulated ECGs, from a clean clone: every variant of experiments/cross-lead-variants.txt is
# pretrained (tiny, seed 0) on 2,000 simulated ECGs (seed 11), embedded on 3,000 other simulated ECGs (seed 12, new
# patients), and probed there by patient-wise cross-validation (5 parts) on the icd10 label set at 2 %, 10 % and 100 %
# of the training patients, 3 seeds, with the untrained floor; every difference is paired against the first
# embeddings (the tuned mae-lead). LAMAE runs are also read out through the lead encoder alone (--readout encoder).
# Usage: experiments/cross-lead-sim.sh [OUT] [VARIANT ...]   (default OUT: runs/cross-lead-sim; default: every variant)
# Pretraining runs on 1 thread (as measured; two ran side by side on 2 cores). About 6 min per LAMAE variant and 3 per mae-lead one on 2 cores, and 20 min for the probe of all of them.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$here/runs/cross-lead-sim}"; shift || true
lamae() { "$here/lamae" "$@"; }
mkdir -p "$out"
SECONDS=0
[ -f "$out/pretrain-cache/manifest.json" ] || lamae cache build --dataset synthetic --count 2000 --seed 11 --out "$out/pretrain-cache"
[ -f "$out/probe-cache/manifest.json" ] || lamae cache build --dataset synthetic --count 3000 --seed 12 --out "$out/probe-cache"
emb=()
while read -r name model options; do
  case "$name" in ''|'#'*) continue ;; esac
  if [ $# -gt 0 ] && [[ " $* " != *" $name "* ]] && [ "$name" != mae-lead-lr2 ]; then continue; fi  # the reference always runs
  # shellcheck disable=SC2086
  [ -f "$out/runs/$name/model.safetensors" ] || lamae pretrain --model "$model" --cache "$out/pretrain-cache" --out "$out/runs/$name" --threads 1 $options
  [ -f "$out/emb/$name/embedding.json" ] || lamae embed --run "$out/runs/$name" --cache "$out/probe-cache" --out "$out/emb/$name"
  emb+=("$out/emb/$name")  # the first line, the tuned mae-lead, is every comparison's reference
  if [ "$model" = lamae ]; then
    [ -f "$out/emb/$name-encoder/embedding.json" ] || lamae embed --run "$out/runs/$name" --cache "$out/probe-cache" --out "$out/emb/$name-encoder" --readout encoder
    emb+=("$out/emb/$name-encoder")
  fi
done < "$here/experiments/cross-lead-variants.txt"
[ -f "$out/emb/random/embedding.json" ] || lamae embed --model random --preset tiny --cache "$out/probe-cache" --out "$out/emb/random"
emb+=("$out/emb/random")
[ -f "$out/probe/probe.json" ] || lamae probe "${emb[@]/#/--embeddings=}" --labels icd10 --protocol cv --cv-folds 5 \
  --fractions 0.02,0.1,1 --seeds 3 --out "$out/probe"
rm -rf "$out/report"
lamae report --probe "$out/probe" --out "$out/report"
echo "experiments/cross-lead-sim.sh: done in $SECONDS s -> $out/report/report.html"
