#!/usr/bin/env bash
# Issue 18's table on real ECGs, from a clean clone: tiny LAMAE (today's defaults and the old 1-block decoder) and
# mae-lead (its tuned defaults) pretrained on the real corpus (corpora/real-ecg.json: 2,429 ECGs once duplicates are
# left out), 1 thread each, seed 0; then the 353 labelled PTB-XL-500 records probed by patient-wise cross-validation
# (4 parts), superclasses and the ICD-10 bridge, 2 %, 10 % and 100 % of the training patients, 3 seeds, with the
# untrained floor; every difference paired against mae-lead. Settings were chosen on simulated ECGs only
# (experiments/cross-lead-sim.sh); this was run once with them. About 30 min on 2 cores.
# Usage: experiments/cross-lead-real.sh [OUT]   (default: runs/cross-lead-real)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$here/runs/cross-lead-real}"
lamae() { "$here/lamae" "$@"; }
mkdir -p "$out"
SECONDS=0
[ -f "$out/corpus-cache/manifest.json" ] || lamae cache build --dataset corpus --root "$here/corpora/real-ecg.json" --out "$out/corpus-cache"
[ -f "$out/ptbxl-cache/manifest.json" ] || lamae cache build --dataset ptbxl --root "$here/../shared/data/ecg/ptbxl-500" --out "$out/ptbxl-cache"
emb=()
while read -r name model options; do
  # shellcheck disable=SC2086
  [ -f "$out/runs/$name/model.safetensors" ] || lamae pretrain --model "$model" --cache "$out/corpus-cache" --out "$out/runs/$name" --threads 1 $options
  [ -f "$out/emb/$name/embedding.json" ] || lamae embed --run "$out/runs/$name" --cache "$out/ptbxl-cache" --out "$out/emb/$name"
  emb+=("$out/emb/$name")
done <<'VARIANTS'
mae-lead-lr2 mae-lead
lamae-dec3 lamae
lamae lamae --set decoder_depth=1
VARIANTS
[ -f "$out/emb/random/embedding.json" ] || lamae embed --model random --preset tiny --cache "$out/ptbxl-cache" --out "$out/emb/random"
emb+=("$out/emb/random")
for labels in ptbxl-superdiagnostic ptbxl-icd10; do
  [ -f "$out/probe-$labels/probe.json" ] || lamae probe "${emb[@]/#/--embeddings=}" --labels "$labels" --protocol cv --cv-folds 4 \
    --fractions 0.02,0.1,1 --seeds 3 --out "$out/probe-$labels"
  python3 "$here/experiments/variant-table.py" mae-lead-lr2 "$out/probe-$labels" || true
done
echo "experiments/cross-lead-real.sh: done in $SECONDS s -> $out"
