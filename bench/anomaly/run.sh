#!/usr/bin/env bash
# Validation of issue 20's workflows over independent seeds (no peer): CWoLa hunting (significance before/after the cut
# at 1% signal in the signal region; the background fit without signal), autoencoder and VAE AUCs, DisCo's ABCD closure
# (AbcdClosure at 40,000 events: neither decorrelation nor penalty, penalty on raw features, penalty on decorrelated
# features), negative-weight resampling (chi2 of three histograms, ESS gain). Tables on stderr; the
# figures in bench/results/anomaly.json. About 7 minutes on 2 cores at load 20; --quick: 2 seeds, fewer events.
# Usage: bench/anomaly/run.sh [--quick]
set -euo pipefail
cd "$(dirname "$0")/../.."
SEEDS=5; EVENTS=100000; LAMBDA=50
if [ "${1:-}" = "--quick" ]; then SEEDS=2; EVENTS=60000; fi
OUT=bench/out/anomaly
mkdir -p "$OUT"
mvn -q -B -ntp -pl engine compile dependency:build-classpath -Dmdep.outputFile="$PWD/$OUT/cp.txt" >/dev/null
CP="engine/target/classes:$(cat "$OUT/cp.txt")"
java -Xmx4g -Dai.djl.offline=true "-DDJL_CACHE_DIR=$PWD/.cache/djl" -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error \
  -cp "$CP" bench/anomaly/AnomalyBench.java "$SEEDS" "$EVENTS" "$LAMBDA" 2> >(grep -v "Warning: AutoNonVariableTypeMode" >&2) \
  | python3 bench/record.py anomaly
