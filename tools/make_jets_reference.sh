#!/usr/bin/env bash
# Remakes the FastJet reference that ClusteringTest compares with (CI needs no fastjet): 8 events of ~350 particles
# (bench/clustering/fastjet_jets.py, seed 2026) and FastJet 3.5.2's inclusive jets of them for anti-kT R=0.4, kT R=0.6,
# C/A R=0.8 and anti-kT R=1.0, gzipped into engine/src/test/resources/org/hepml/engine/jets/fastjet/.
# Needs a Python with fastjet==3.5.2.0, numpy and awkward: FASTJET_PYTHON (default bench/.venv-clustering/bin/python,
# which bench/clustering/run.sh creates).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${FASTJET_PYTHON:-bench/.venv-clustering/bin/python}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
"$PY" bench/clustering/fastjet_jets.py make "$TMP" 8 2026
"$PY" bench/clustering/fastjet_jets.py jets "$TMP" > /dev/null
DEST=engine/src/test/resources/org/hepml/engine/jets/fastjet
mkdir -p "$DEST"
for f in "$TMP"/*; do gzip -9 -n -c "$f" > "$DEST/$(basename "$f").gz"; done
echo "wrote $(ls "$DEST" | wc -l) files to $DEST"
