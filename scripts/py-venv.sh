#!/usr/bin/env bash
# Creates (or tops up) .venv with the Python tools the parity and export tests load models into,
# and the bench's PyTorch row uses: CPU PyTorch, Keras 3 (torch backend), ONNX Runtime, safetensors,
# and TensorBoard (its event reader checks the CLI's event files).
# Installs only from the registries pip is configured for; `--retries 0` fails fast when one is
# unreachable. Idempotent: a venv that already imports everything is left alone.
# Usage: bash scripts/py-venv.sh   (tests and `npm run bench` then find .venv/bin/python)
set -euo pipefail
cd "$(dirname "$0")/.."
PKGS=(torch==2.13.0+cpu numpy safetensors keras onnx onnxruntime h5py tensorboard)
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
if KERAS_BACKEND=torch .venv/bin/python -c "import torch, numpy, safetensors, keras, onnx, onnxruntime, h5py, tensorboard" 2>/dev/null; then
  echo "py-venv: .venv ready"
  exit 0
fi
.venv/bin/pip install --quiet --retries 0 "${PKGS[@]}"
KERAS_BACKEND=torch .venv/bin/python -c "import torch, keras, onnxruntime; import tensorboard; print('py-venv: torch', torch.__version__, 'keras', keras.__version__, 'onnxruntime', onnxruntime.__version__, 'tensorboard', tensorboard.__version__)"
