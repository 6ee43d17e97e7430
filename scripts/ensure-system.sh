#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks for the tests: Chromium (the e2e browser, and its
# SwiftShader Vulkan driver that WebGPU under Node uses), the Vulkan loader and Fashion-MNIST. Does nothing when
# they are present; on a machine without apt (a laptop with Chrome) set CHROMIUM_PATH instead.
set -euo pipefail

need=()
if [ -z "${CHROMIUM_PATH:-}" ] && [ ! -x /usr/bin/chromium ]; then need+=(chromium); fi
if ! ldconfig -p 2>/dev/null | grep -q 'libvulkan.so.1'; then need+=(libvulkan1); fi
if [ -z "${FASHION_MNIST_DIR:-}" ] && [ ! -f /usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz ]; then need+=(dataset-fashion-mnist); fi

if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "missing: ${need[*]} (no apt-get here: install Chrome/Chromium and set CHROMIUM_PATH)" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "installing: ${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
