#!/usr/bin/env bash
# Builds a cache of N synthetic ECGs (default 100,000; simulated at 250 Hz, cached at 100 Hz x 10 s, float16) and
# prints build records/s and peak memory (issue: memory must not grow with the number of records beyond the index).
# Loading speed: dotnet run -c Release --project bench/Lamae.Bench -- loader CACHE
# Usage: bench/scripts/cache-scale.sh [N] [CACHE_DIR]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
n="${1:-100000}"
out="${2:-$(mktemp -d)/cache}"
dotnet build "$here/src/Lamae.Cli/Lamae.Cli.csproj" -c Release --nologo -v quiet >/dev/null
rm -rf "$out"
/usr/bin/time -f "build: wall %e s, user %U s, sys %S s, peak RSS %M KB" \
  dotnet "$here/src/Lamae.Cli/bin/Release/net10.0/Lamae.Cli.dll" cache build --dataset synthetic --count "$n" --sim-rate 250 \
  --out "$out" --threads 2 --json
du -sh "$out"
echo "cache: $out"
