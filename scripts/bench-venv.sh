#!/usr/bin/env bash
# Creates .venv with CPU PyTorch for the bench's PyTorch row (bench/torch_bench.py).
# Usage: bash scripts/bench-venv.sh   (then `npm run bench` finds .venv/bin/python; or set BENCH_PYTHON)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/pip install --retries 0 torch==2.13.0+cpu numpy
.venv/bin/python -c "import torch; print('torch', torch.__version__, 'threads', torch.get_num_threads())"
