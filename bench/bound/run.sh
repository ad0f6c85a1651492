#!/usr/bin/env bash
# An upper bound on what fusing LAMAE's elementwise work could buy (issue 21), measured by deleting that work.
#
# delete-elementwise.patch adds a switch that drops every LayerNorm and GELU of the transformer blocks and the whole
# score chain of attention (score bias, key mask, fp32 softmax and the casts around it; a bf16 softmax stands in for a
# fused kernel). No fused kernel can be faster than no kernel at all, so a deleted step's time is a floor for any fusion
# of those operations. The loss is meaningless then; only the time is read. The patched `steps` bench alternates: even
# steps as the model is, odd steps deleted, in one process, so both halves see the same state of this noisy VM, and it
# prints a DELETED line and the usual line.
#
# This script applies the patch in a temporary worktree of HEAD, builds its bench, makes a fixture the peer checks to
# 1e-5, then runs rounds at batch 64 (micro-batches of 16), 2 threads: Lamae as it is and deleted (one process), then the
# PyTorch peer at its best settings, in micro-batches of 16 as Lamae and with the whole batch at once. Last, inference
# (embedding at batch 64): three interleaved pairs as is / deleted in one process, then the peer.
# Usage: bench/bound/run.sh [ROUNDS] [PRECISIONS]   (default 2 rounds of "bf16 fp32"; about 11 minutes; idle machine only)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds="${1:-2}"
precisions="${2:-bf16 fp32}"
work="$(mktemp -d)"
cleanup() { git -C "$here" worktree remove --force "$work/tree" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

git -C "$here" worktree add --detach "$work/tree" HEAD >/dev/null 2>&1
if ! err="$(git -C "$work/tree" apply "$here/bench/bound/delete-elementwise.patch" 2>&1)"; then
  echo "bench/bound/run.sh: delete-elementwise.patch no longer applies to HEAD (${err%%$'\n'*}); redo it against the model's current code" >&2
  exit 1
fi
dotnet build "$work/tree/bench/Lamae.Bench/Lamae.Bench.csproj" -c Release --nologo -v quiet >/dev/null
lamae=(dotnet "$work/tree/bench/Lamae.Bench/bin/Release/net10.0/Lamae.Bench.dll")
peer=("$here/bench/peer/run.sh")

date -u; grep -m1 "model name" /proc/cpuinfo
"${lamae[@]}" peer-fixture "$work/fixture" batch=8
"${peer[@]}" check "$work/fixture" --seed 0
for round in $(seq "$rounds"); do
  for precision in $precisions; do
    echo "round $round, $precision"
    "${lamae[@]}" steps lamae batch=64 micro=16 threads=2 precision="$precision" steps=20 warmup=4 | grep "step median"
    for micro in 16 64; do
      "${peer[@]}" time --fixture "$work/fixture" --batch 64 --micro-batch "$micro" --threads 2 --precision "$precision" --steps 10 --warmup 3 --profile-steps 0 --malloc nommap | tail -1
    done
  done
done
for precision in $precisions; do
  echo "inference, $precision"
  "${lamae[@]}" embed-speed lamae batch=64 threads=2 precision="$precision" | grep interleaved
  "${peer[@]}" embed-time --fixture "$work/fixture" --batch 64 --threads 2 --precision "$precision" --malloc nommap | tail -1
done
