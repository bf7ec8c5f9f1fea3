#!/usr/bin/env bash
# Is the error on CATHODE's AUC the spread it actually has? K independent dijet-toy data sets, each through CATHODE as
# CathodeTest / notebook 08 run it (40,000 events, signal 2% of the SR background, 2 folds, flow 20 epochs), SEEDS
# training seeds per set. Prints the actual sd of the AUC over the sets against Hanley-McNeil's and DeLong's errors,
# and the training-seed spread on fixed data.
# Usage: bench/cathode-auc-error/run.sh | python3 bench/record.py cathode-auc-error
# env: K (data sets, 14), N (events, 40000), S_OVER_B (0.02), FLOW_EPOCHS (20), SEEDS (2) on the first SEED_SETS (5) sets,
#      THREADS (1). The default (19 CATHODE runs) takes ~45 minutes on 2 cores at load ~14.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=bench/out/cathode-auc-error
mkdir -p "$OUT"
mvn -q -B -ntp -o -pl engine compile dependency:build-classpath -Dmdep.outputFile="$PWD/$OUT/cp.txt" >/dev/null
rm -rf "$OUT/classes" && cp -r engine/target/classes "$OUT/classes" # a copy: rebuilding the engine mid-run must not change it
CP="$OUT/classes:$(cat "$OUT/cp.txt")"
echo "load at the start $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx3g -Dai.djl.offline=true "-DDJL_CACHE_DIR=$PWD/.cache/djl" -Dai.djl.pytorch.num_threads=${THREADS:-1} -Dai.djl.pytorch.num_interop_threads=1 \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error \
  -cp "$CP" bench/cathode-auc-error/CathodeAucErrorBench.java 2> >(grep -v "Warning: AutoNonVariableTypeMode" >&2)
echo "load at the end $(cut -d' ' -f1-3 /proc/loadavg)"
