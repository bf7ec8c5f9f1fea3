#!/usr/bin/env bash
# EMD validation and speed: hepml's energy mover's distance against the `energyflow` package on the same random jet
# pairs (bench/emd/jets.py: 20-100 particles, R in {0.4, 0.8, 1.0, 1.5}, beta in {0.5, 1, 2}, some normalised, some
# across phi = 0, some far apart). Peers: energyflow.emd (the Wasserstein library's network simplex, C++) and
# energyflow.emd_pot (POT's ot.emd). Prints the largest relative difference to each and how many pairs agree within
# 1e-6, then times one pass over all pairs, hepml (one JVM, warmed up, one thread) and energyflow.emd alternating
# round by round (order flipped each round), and the pairwise matrix of MATRIX jets on all cores against
# energyflow.emds; ratio = peer time / hepml time (> 1: hepml faster).
# Usage: bench/emd/run.sh | python3 bench/record.py emd        env PAIRS (150), ROUNDS (7), SEED (1), MATRIX (60)
set -euo pipefail
cd "$(dirname "$0")/../.."
export PAIRS=${PAIRS:-150} ROUNDS=${ROUNDS:-7} SEED=${SEED:-1}
PY=${EMD_PYTHON:-$HOME/.cache/hepml/venv-emd/bin/python}
if [ ! -x "$PY" ]; then
  python3 -m venv "$HOME/.cache/hepml/venv-emd"
  "$HOME/.cache/hepml/venv-emd/bin/pip" install -q energyflow==1.4.0 wasserstein==1.1.0 pot==0.9.7.post1 numpy==1.26.4
  PY=$HOME/.cache/hepml/venv-emd/bin/python
fi
mkdir -p bench/out/emd
mvn -q -B -ntp -pl engine compile dependency:build-classpath -Dmdep.outputFile="$PWD/bench/out/emd/cp.txt" >/dev/null
export EMD_JAVA_CP="engine/target/classes:$(cat bench/out/emd/cp.txt)"
"$PY" bench/emd/compare.py
