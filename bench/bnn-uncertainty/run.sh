#!/usr/bin/env bash
# Bayesian networks' uncertainties against the truth (issue 12, item 6): the epistemic sigma of the regression against the
# actual error of its predictive mean over independent trainings (before: the old 100 epochs, after: 600), its scaling
# with the training size, and the Bayesian ratio classifier's band against the exact log r. Prints tables on stderr and
# records the figures in bench/results/bnn-uncertainty.json. About 20-30 minutes on 2 loaded cores.
# Usage: bench/bnn-uncertainty/run.sh [--quick]
set -euo pipefail
cd "$(dirname "$0")/../.."
TRAININGS=8; PER_SIZE=2; RATIO=4
if [ "${1:-}" = "--quick" ]; then TRAININGS=3; PER_SIZE=2; RATIO=2; fi
OUT=bench/out/bnn-uncertainty
mkdir -p "$OUT"
mvn -q -B -ntp -pl engine compile dependency:build-classpath -Dmdep.outputFile="$PWD/$OUT/cp.txt" >/dev/null
CP="engine/target/classes:$(cat "$OUT/cp.txt")"
# one intra-op thread: these networks are tiny, and two threads per process spin against each other on a busy machine
java -Xmx2g -Dai.djl.offline=true "-DDJL_CACHE_DIR=$PWD/.cache/djl" -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error \
  -cp "$CP" bench/bnn-uncertainty/BnnUncertaintyBench.java "$TRAININGS" "$PER_SIZE" "$RATIO" 2> >(grep -v "Warning: AutoNonVariableTypeMode" >&2) \
  | python3 bench/record.py bnn-uncertainty
