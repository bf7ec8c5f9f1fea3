#!/usr/bin/env bash
# The GPU check as a benchmark: hepml's engine on CUDA against PyTorch on CUDA, same MLP, same start, same batches
# (see docs/GPU.md). Runs the bundle's run.sh and records its figures in bench/results/gpu-training.json.
# Usage: bench/gpu/run.sh [run.sh options, e.g. --rounds 3 --epochs 4 --batches "256 4096"]
# The bundle: gpu/bundle/hepml-gpu (unpacked from gpu/bundle/hepml-gpu.tar.xz if only that is here, e.g. carried to a
# GPU machine; else made by gpu/make-bundle.sh, which needs Maven). PYTHON: a Python with torch (default python3).
# On a machine without a CUDA GPU it says so and records nothing (the CPU proof is gpu/test-here.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)' 2>/dev/null; then
  echo "bench/gpu: '$PYTHON' sees no CUDA GPU (or has no torch); nothing run, nothing recorded. On this machine: gpu/test-here.sh" >&2
  exit 0
fi
B=gpu/bundle
if [ ! -x "$B/hepml-gpu/run.sh" ]; then
  if [ -s "$B/hepml-gpu.tar.xz" ]; then
    "$PYTHON" -c 'import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2])' "$B/hepml-gpu.tar.xz" "$B"
  else
    gpu/make-bundle.sh >&2
  fi
fi
PYTHON=$PYTHON "$B/hepml-gpu/run.sh" "$@" | python3 bench/record.py gpu-training
