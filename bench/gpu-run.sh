#!/usr/bin/env bash
# bench/gpu-run.sh: the Node bench (our engine on Dawn, no Chromium) on a GPU machine with no
# network, such as the device tool's (/work/.library/device/README.md), in one call.
#
#   Here, once, in the repository root (needs node_modules and apt's network):
#     bash bench/gpu-run.sh prepare
#   fills .bench-gpu/ (git-ignored, about 33 MiB): bench-node.mjs (npm run bench:bundle),
#   dawn.node.gz (the webgpu package's linux-x64 binary), node.xz (this machine's node, used only
#   where the GPU machine has no node >= 20) and gl/*.deb (the Vulkan loader and the glvnd
#   libraries NVIDIA's Vulkan driver loads: the set the device README names).
#
#   There (the device tool's run, carry [".bench-gpu"], timeout_s 600):
#     bash bench/gpu-run.sh [bench options, default --trials 3]
#   unpacks the loader and the binaries under /tmp, points Vulkan at the NVIDIA driver when no
#   driver is named, runs the bench under `timeout` (BENCH_TIMEOUT seconds, default 540), and
#   writes bench-node.txt (the log and table) and bench-node.json to $OUT (or ./bench-gpu-out).
set -euo pipefail
cd "$(dirname "$0")/.."
PACK=.bench-gpu

if [ "${1:-}" = prepare ]; then
  mkdir -p "$PACK/gl"
  npm run --silent bench:bundle -- "$PACK/bundle"
  mv "$PACK/bundle/bench-node.mjs" "$PACK/bench-node.mjs"
  gzip -6 -c "$PACK/bundle/dist/linux-x64/dawn.node" >"$PACK/dawn.node.gz"
  rm -rf "$PACK/bundle"
  if [ "${BENCH_GPU_NO_NODE:-0}" != 1 ] && [ ! -s "$PACK/node.xz" ]; then
    xz -T2 -6 -c "$(command -v node)" >"$PACK/node.xz"
  fi
  if ! ls "$PACK"/gl/libvulkan1_*.deb >/dev/null 2>&1; then
    o='-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64'
    mkdir -p /tmp/amd64/partial
    # shellcheck disable=SC2086
    apt-get $o update -qq && (cd "$PACK/gl" && apt-get $o download libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2)
  fi
  du -ah "$PACK"
  exit 0
fi

OUTDIR="${OUT:-$PWD/bench-gpu-out}"
mkdir -p "$OUTDIR" /tmp/bench-gpu/dist/linux-x64
LOG="$OUTDIR/bench-node.txt"
exec > >(tee "$LOG") 2>&1
[ -s "$PACK/bench-node.mjs" ] || { echo "gpu-run: $PACK/bench-node.mjs is missing: run 'bash bench/gpu-run.sh prepare' here first and carry $PACK"; exit 2; }

# The Vulkan loader and glvnd, unless the machine has them.
if ! ldconfig -p | grep -q 'libvulkan.so.1' || ! ldconfig -p | grep -q 'libGLdispatch.so.0'; then
  for f in "$PACK"/gl/*.deb; do dpkg -x "$f" /; done
  ldconfig
fi
# The NVIDIA driver's ICD, where the loader would not find it by itself.
ICD=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
if [ -z "${VK_ICD_FILENAMES:-}${VK_DRIVER_FILES:-}" ] && [ -f "$ICD" ]; then export VK_DRIVER_FILES="$ICD" VK_ICD_FILENAMES="$ICD"; fi

NODE=node
if ! command -v node >/dev/null 2>&1 || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  xz -dc "$PACK/node.xz" >/tmp/bench-gpu/node && chmod +x /tmp/bench-gpu/node
  NODE=/tmp/bench-gpu/node
fi
cp "$PACK/bench-node.mjs" /tmp/bench-gpu/
gzip -dc "$PACK/dawn.node.gz" >/tmp/bench-gpu/dist/linux-x64/dawn.node

echo "gpu-run: $(date -u +%FT%TZ) on $(hostname); node $("$NODE" --version); $(nvidia-smi -L 2>/dev/null | head -1 || echo 'no nvidia-smi')"
[ $# -gt 0 ] || set -- --trials 3
status=0
timeout "${BENCH_TIMEOUT:-540}" "$NODE" /tmp/bench-gpu/bench-node.mjs "$@" --out "$OUTDIR/bench-node.json" || status=$?
echo "gpu-run: exit $status (124: the bench ran past BENCH_TIMEOUT)"
exit "$status"
