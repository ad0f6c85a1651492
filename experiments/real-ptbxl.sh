#!/usr/bin/env bash
# Issue 17's experiment, from a clean clone: pretrain tiny lamae, mae-lead, mae-joint and contrastive on the real corpus
# (corpora/real-ecg.json: PTB-XL-500, ptbxl-npy, LUDB, CinC; 2,429 ECGs once duplicates are left out), then probe the
# 353 labelled PTB-XL-500 records by cross-validation over strat_folds 1-8 (4 parts), PTB-XL's diagnostic superclasses
# and the ICD-10 bridge, 10 % and 100 % of the training patients, 3 seeds, with the untrained floor; then the report.
# The labelled records' signals are in the pretraining corpus as unlabelled ECGs; their labels never are.
# Usage: experiments/real-ptbxl.sh [OUT]   (default: runs/real-ptbxl). SIM_RUNS=DIR also probes models pretrained
# on simulated ECGs (DIR/lamae, DIR/mae-lead, ...: does pretraining on simulated ECGs transfer?).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$here/runs/real-ptbxl}"
lamae() { "$here/lamae" "$@"; }
models=(lamae mae-lead mae-joint contrastive)
mkdir -p "$out"
SECONDS=0
lamae cache build --dataset corpus --root "$here/corpora/real-ecg.json" --out "$out/corpus-cache"
for m in "${models[@]}"; do
  [ -f "$out/runs/$m/model.safetensors" ] || lamae pretrain --model "$m" --cache "$out/corpus-cache" --out "$out/runs/$m"
done
lamae cache build --dataset ptbxl --root "$here/../shared/data/ecg/ptbxl-500" --out "$out/ptbxl-cache"
emb=()
for m in "${models[@]}"; do
  [ -f "$out/emb/$m/embedding.json" ] || lamae embed --run "$out/runs/$m" --cache "$out/ptbxl-cache" --out "$out/emb/$m"
  emb+=("$out/emb/$m")
done
[ -f "$out/emb/random/embedding.json" ] || lamae embed --model random --preset tiny --cache "$out/ptbxl-cache" --out "$out/emb/random"
emb+=("$out/emb/random")
if [ -n "${SIM_RUNS:-}" ]; then
  for m in "${models[@]}"; do
    [ -f "$out/emb/sim-$m/embedding.json" ] || lamae embed --run "$SIM_RUNS/$m" --cache "$out/ptbxl-cache" --out "$out/emb/sim-$m"
    emb+=("$out/emb/sim-$m")
  done
fi
probes=()
for labels in ptbxl-superdiagnostic ptbxl-icd10; do
  [ -f "$out/probe-$labels/probe.json" ] || lamae probe --embeddings "${emb[@]}" --labels "$labels" --protocol cv --cv-folds 4 \
    --fractions 0.1,1 --seeds 3 --out "$out/probe-$labels"
  probes+=(--probe "$out/probe-$labels")
done
rm -rf "$out/report"
lamae report "${probes[@]}" --runs "${models[@]/#/$out/runs/}" --out "$out/report"
echo "experiments/real-ptbxl.sh: done in $SECONDS s -> $out/report/report.html"
