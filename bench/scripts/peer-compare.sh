#!/usr/bin/env bash
# Lamae against the PyTorch peer (bench/peer) on the identical tiny LAMAE, in one run, interleaved (issue 21):
#   1. a fixture (weights, a batch, a mask) that the peer checks to 1e-5, so both time the same model;
#   2. the matmul ceiling of both libraries at the model's shapes;
#   3. training steps, batch 64, 2 threads, fp32 and bf16, the whole batch at once and in micro-batches of 16 (Lamae's
#      default; the peer accumulates the same way), two rounds, Lamae then the peer each time;
#   4. inference: batched embedding throughput and the latency of one ECG.
# The peer runs at its best measured settings (OpenBLAS core type SkylakeX, short thread waits, no mmap; bench/peer/README.md).
# Usage: bench/scripts/peer-compare.sh [ROUNDS]   (about 10 minutes with the default 2 rounds; run it on an idle machine)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds="${1:-2}"
dotnet build "$here/bench/Lamae.Bench/Lamae.Bench.csproj" -c Release --nologo -v quiet >/dev/null
bench=(dotnet "$here/bench/Lamae.Bench/bin/Release/net10.0/Lamae.Bench.dll")
peer=("$here/bench/peer/run.sh")
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
date -u; grep -m1 "model name" /proc/cpuinfo
"${bench[@]}" peer-fixture "$work/fixture" batch=8
"${peer[@]}" check "$work/fixture" --seed 0
"${bench[@]}" matmul threads=2
"${peer[@]}" matmul --threads 2 --malloc nommap
for round in $(seq "$rounds"); do
  for precision in fp32 bf16; do
    for micro in 64 16; do
      echo "round $round, $precision, micro-batch $micro"
      "${bench[@]}" steps lamae batch=64 micro="$micro" threads=2 precision="$precision" steps=10 warmup=3
      "${peer[@]}" time --fixture "$work/fixture" --batch 64 --micro-batch "$micro" --threads 2 --precision "$precision" --steps 10 --warmup 3 --profile-steps 0 --malloc nommap | tail -1
    done
  done
done
for precision in fp32 bf16; do
  "${bench[@]}" embed-speed lamae batch=64 threads=2 precision="$precision"
  "${peer[@]}" embed-time --fixture "$work/fixture" --batch 64 --threads 2 --precision "$precision" --malloc nommap | tail -2
done
