#!/usr/bin/env bash
# Coverage validation at bench size: two-sided coverage of Wilks intervals (68.3% and 95%, and the levels 0.1-0.99)
# for the exact likelihood, CARL, ALICES and SALLY on the Galton board and on ee -> mumu, with many more
# pseudo-experiments than the tests. The estimators are trained once per simulator (settings of RatioEstimatorTest),
# then every experiment's events are evaluated together per grid point. The last stdout line is one JSON object,
# recorded by bench/record.py as bench/results/coverage.json.
# Usage: bench/coverage/run.sh [--quick]      (--quick: 100 experiments, for a smoke test)
set -euo pipefail
cd "$(dirname "$0")/../.."
K=${K:-1000}
[ "${1:-}" = "--quick" ] && K=100
mkdir -p bench/out/coverage
mvn -q -B -ntp -pl engine -am compile dependency:build-classpath -Dmdep.outputFile="$PWD/bench/out/coverage/cp.txt" >/dev/null
CP="engine/target/classes:$(cat bench/out/coverage/cp.txt)"
JVM=(-Xmx6g -Dai.djl.offline=true "-DDJL_CACHE_DIR=$PWD/.cache/djl" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
     -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error -Dai.djl.pytorch.num_interop_threads=1 -Dai.djl.pytorch.num_threads=1)
echo "load at the start $(cut -d' ' -f1-3 /proc/loadavg)" >&2
java "${JVM[@]}" -cp "$CP" bench/coverage/CoverageBench.java "$K" | python3 bench/record.py coverage
