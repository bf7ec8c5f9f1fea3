#!/usr/bin/env bash
# Memory of particle lists as jagged columns (issue 18): 10^6 jets x up to 100 constituents x 4 features in the default
# heap, built in memory (worst case: all 100) and loaded from a padded HDF5 file through %events load's path.
# Needs h5py for the input file (PY, default python3; e.g. a venv with numpy and h5py).
# Usage: bench/jagged/run.sh [JETS] [M]   (defaults 1000000 100)
# Last line: one JSON object; `bench/jagged/run.sh | python3 bench/record.py jagged-memory` records it.
set -euo pipefail
cd "$(dirname "$0")/../.."
JETS=${1:-1000000}
M=${2:-100}
OUT=bench/out/jagged
mkdir -p "$OUT"
F=$OUT/padded_${JETS}_${M}.h5
[ -s "$F" ] || "${PY:-python3}" bench/jagged/make_padded.py "$F" "$JETS" "$M" >&2
mvn -q -o -pl engine compile dependency:build-classpath -Dmdep.outputFile="$PWD/$OUT/cp.txt" >/dev/null
CP="engine/target/classes:$(cat "$OUT/cp.txt")"
# no -Xmx: the JVM's default heap is the figure's point
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" bench/jagged/JaggedMemory.java "$F"
