#!/usr/bin/env bash
# The tutorials at full size through the real kernel (./hepml lab --execute), each notebook's wall time and the kernel's
# CPU seconds against the stated budget of 10 minutes a notebook on a 2-core laptop. On a busy machine the wall time
# says little (the run shares the cores); the kernel's CPU seconds say more: they grow on a busy machine too (cache,
# memory bandwidth: notebook 02 used 346 CPU-s at load 19 and 196 at load 3), so a notebook that used at most the budget
# in CPU time, even on a busy machine, fits it on an idle one, even on one core. Usage: bench/tutorials/run.sh [NOTEBOOK ...]   (default: all)
# (or bench/run tutorials); the figures go to bench/results/tutorials.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
status=0
./hepml lab --execute "$@" >&2 || status=$?
python3 bench/tutorials/figures.py build/executed/timings.json
exit $status
