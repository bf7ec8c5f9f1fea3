#!/usr/bin/env bash
# Mining gold for flows: SCANDAL (flow + joint-score term) against NDE (flow alone) at a small training set, several
# seeds, error in log p against the exact smeared ee -> mumu density (see FlowsMiningGold.java).
# Usage: bench/flows-mining-gold/run.sh [N] [SEEDS] [EPOCHS] [ALPHA] | python3 bench/record.py flows-mining-gold
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-2000}; SEEDS=${2:-5}; EPOCHS=${3:-40}; ALPHA=${4:-0.01}
OUT=bench/out/flows-mining-gold
mkdir -p "$OUT"
mvn -q -pl engine compile dependency:build-classpath -Dmdep.outputFile="$PWD/$OUT/cp.txt" >/dev/null
CP="engine/target/classes:$(cat "$OUT/cp.txt")"
echo "load-start $(cut -d' ' -f1-3 /proc/loadavg)" >&2
env OMP_WAIT_POLICY=PASSIVE java -Xmx2g -Dai.djl.offline=true "-DDJL_CACHE_DIR=$PWD/.cache/djl" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error -cp "$CP" bench/flows-mining-gold/FlowsMiningGold.java "$N" "$SEEDS" "$EPOCHS" "$ALPHA" 2>/dev/null
