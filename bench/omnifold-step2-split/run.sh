#!/usr/bin/env bash
# Step 2's validation split with and without both copies of an event kept together (issue 13), on the paper's Gaussian
# toy with a quarter of the events held out (as bench/unfolding runs OmniFold; the unfold magic and the notebooks hold
# none out, and there nothing changes). For each seed, the same unfolding grouped and ungrouped; prints both and the
# paired differences of the unfolded mean and width with their standard errors.
# Usage: bench/omnifold-step2-split/run.sh | python3 bench/record.py omnifold-step2-split
# env: N (events per sample, default 20000), SEEDS (4), EPOCHS (20), ITER (5), VALIDATION_PERCENT (25), THREADS (1).
# Default size: 8 unfoldings, 5-10 minutes on 2 cores shared with other trainings.
set -euo pipefail
cd "$(dirname "$0")/../.."
THREADS=${THREADS:-1}
mkdir -p bench/out/omnifold-step2-split
mvn -q -B -ntp -pl engine compile dependency:build-classpath -Dmdep.outputFile="$PWD/bench/out/omnifold-step2-split/cp.txt" >/dev/null
CP="engine/target/classes:$(cat bench/out/omnifold-step2-split/cp.txt)"
echo "load at the start $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx2g -Dai.djl.offline=true "-DDJL_CACHE_DIR=$PWD/.cache/djl" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
     -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error -Dai.djl.pytorch.num_interop_threads=1 \
     "-Dai.djl.pytorch.num_threads=$THREADS" -cp "$CP" bench/omnifold-step2-split/SplitBench.java
