#!/usr/bin/env bash
# Times `lamae simulate --count 10000` (issue target: 10,000 500 Hz 10 s ECGs in under a minute on 2 cores).
# Usage: bench/scripts/simulate-10k.sh [OUT_DIR]   (default: a temporary folder, removed afterwards)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-$(mktemp -d)}"
dotnet build "$here/src/Lamae.Cli/Lamae.Cli.csproj" -c Release --nologo -v quiet >/dev/null
rm -rf "$out/sim"
/usr/bin/time -f "wall %e s, user %U s, sys %S s, peak RSS %M KB" \
  dotnet "$here/src/Lamae.Cli/bin/Release/net10.0/Lamae.Cli.dll" simulate --count 10000 --out "$out/sim" --threads 2 --json
du -sh "$out/sim"
[ -z "${1:-}" ] && rm -rf "$out"
