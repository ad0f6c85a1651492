#!/usr/bin/env bash
# The demo's budget, measured: runs `lamae demo` (default 15 minutes, or the minutes given) from scratch into a fresh
# folder, prints the wall time against the budget with the CPU model, and per stage the seconds the demo expected
# (experiment.json's budget) beside the seconds it took, and seconds per unit: the numbers DemoBudget's costs come from.
# Usage: bench/scripts/demo-budget.sh [MINUTES] [OUT]   (run it on an otherwise idle machine)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
minutes="${1:-15}"
out="${2:-$(mktemp -d)/demo}"
dotnet build "$here/src/Lamae.Cli/Lamae.Cli.csproj" -c Release --nologo -v quiet >/dev/null
cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
start=$(date +%s.%N)
dotnet "$here/src/Lamae.Cli/bin/Release/net10.0/Lamae.Cli.dll" demo --minutes "$minutes" --out "$out"
end=$(date +%s.%N)
python3 - "$out/experiment.json" "$minutes" "$cpu" "$start" "$end" <<'PY'
import json, sys
record, minutes, cpu, start, end = json.load(open(sys.argv[1])), float(sys.argv[2]), sys.argv[3], float(sys.argv[4]), float(sys.argv[5])
wall = end - start
budget = record["budget"]
print(f"demo-budget: {cpu}, {record['stages'][0]['threads']} threads: {wall:.0f} s wall against a budget of {minutes * 60:.0f} s "
      f"(scale {budget['scale']}, expected {budget['estimated_seconds']:.0f} s; step {budget['step_seconds']} s, reference {budget['reference_step_seconds']} s)")
for s in record["stages"]:
    print(f"  {s['id']:<24} expected {budget['stages'].get(s['id'], float('nan')):7.1f} s   took {s['seconds']:7.1f} s")
print("within budget" if wall <= minutes * 60 else "OVER BUDGET")
PY
