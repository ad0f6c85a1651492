#!/usr/bin/env bash
# Pretraining speed and peak memory of two revisions of Lamae, one after the other in one run (issue 21's before/after
# table): one epoch of `lamae pretrain` on the same 2,000 simulated ECGs for every model at its defaults, and LAMAE at
# batch 64 in fp32 and bf16. ECG/s is the run's own (metrics.jsonl), peak RSS is /usr/bin/time's.
# Usage: bench/scripts/before-after.sh [BEFORE_REV] [AFTER_REV]   (default e8e31dd, issue 21's --precision option in
# place but none of its speed and memory work, and HEAD; about 12-15 minutes; run it on an idle machine)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
before="${1:-e8e31dd}"; after="${2:-HEAD}"
work="$(mktemp -d)"
trap 'git -C "$here" worktree remove --force "$work/before" >/dev/null 2>&1 || true; git -C "$here" worktree remove --force "$work/after" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
for side in before after; do
  rev="${!side}"
  git -C "$here" worktree add --detach "$work/$side" "$rev" >/dev/null 2>&1
  dotnet build "$work/$side/src/Lamae.Cli/Lamae.Cli.csproj" -c Release --nologo -v quiet >/dev/null
done
lamae() { dotnet "$work/$1/src/Lamae.Cli/bin/Release/net10.0/Lamae.Cli.dll" "${@:2}"; }
lamae after cache build --dataset synthetic --count 2000 --out "$work/cache" --threads 2 >/dev/null 2>&1
date -u; grep -m1 "model name" /proc/cpuinfo
printf '%-36s %-8s %10s %12s\n' "run" "side" "ECG/s" "peak RSS GB"
while read -r name args; do
  for side in before after; do
    extra=()
    if [ "$side" = before ] && [[ "$args" == *precision* ]] && ! lamae before pretrain --help 2>/dev/null | grep -q -- --precision; then
      printf '%-36s %-8s %10s %12s\n' "$name" "$side" "-" "-"; continue
    fi
    rm -rf "$work/run"
    # shellcheck disable=SC2086
    /usr/bin/time -f "%M" -o "$work/rss" bash -c "dotnet '$work/$side/src/Lamae.Cli/bin/Release/net10.0/Lamae.Cli.dll' pretrain --cache '$work/cache' --out '$work/run' --epochs 1 --threads 2 $args" >/dev/null 2>&1
    ecgs=$(tail -1 "$work/run/metrics.jsonl" | sed -E 's/.*"ecg_per_s":([0-9.]+).*/\1/')
    printf '%-36s %-8s %10.1f %12.2f\n' "$name" "$side" "$ecgs" "$(echo "$(cat "$work/rss") * 1024 / 1000000000" | bc -l)"
  done
done <<'RUNS'
lamae(4,default) --model lamae
lamae(64) --model lamae --batch 64
lamae(64,bf16) --model lamae --batch 64 --precision bf16
lamae(4,bf16) --model lamae --precision bf16
mae-lead(4,default) --model mae-lead
mae-joint(4,default) --model mae-joint
contrastive(64,default) --model contrastive
RUNS
