#!/usr/bin/env bash
# Runs the PyTorch peer of Lamae's tiny LAMAE (bench/peer/lamae_peer.py) with Debian's python3-torch.
#
#   bench/peer/run.sh check FIXTURE [--seed S]
#   bench/peer/run.sh time --fixture FIXTURE [--batch 64] [--threads 2] [--precision fp32|bf16|both]
#   bench/peer/run.sh embed-time --fixture FIXTURE [--threads 2]
#   bench/peer/run.sh matmul [--threads 2]
#   bench/peer/run.sh flops FIXTURE [--batch 64]
#   bench/peer/run.sh coretypes [--threads 1]     the fp32 matmul ceiling under each OpenBLAS core type
#
# The OpenBLAS setting: lamae_peer.py sets OPENBLAS_CORETYPE (default SkylakeX, --coretype to change; 'auto' lets
# OpenBLAS detect the CPU), OPENBLAS_NUM_THREADS = OMP_NUM_THREADS = --threads and Lamae's glibc malloc tuning itself,
# before torch loads, so an OPENBLAS_CORETYPE inherited from the shell (this machine exports Haswell, about half as
# fast here) does not apply. /usr/bin/python3 is the interpreter that sees python3-torch; the first python3 on PATH
# may not.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python=/usr/bin/python3

if [[ "${1:-}" == "coretypes" ]]; then
    shift
    for core in Haswell Zen SkylakeX auto; do
        "$python" "$here/lamae_peer.py" matmul --precision fp32 --linear-only --coretype "$core" "$@"
    done
    exit 0
fi

exec "$python" "$here/lamae_peer.py" "$@"
