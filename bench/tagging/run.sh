#!/usr/bin/env bash
# Issue 18's open lines (docs/TAGGING.md): the observables MLP against the EFN and PFNs over independent samples, and the
# Bayesian PFN's sigma on shifted jets. Tables on stderr; figures in bench/results/tagging-compare.json and
# bench/results/tagging-bayes.json.
# Usage: bench/tagging/run.sh compare [NTRAIN NTEST SAMPLES EPOCHS M INIT_SEEDS]   (default 12000 30000 4 20 40 4; THREADS=3 samples at once)
#        bench/tagging/run.sh info [NTRAIN NTEST SAMPLES EPOCHS]                   (default 12000 10000 4 25: MLPs on observables and subjet pair masses)
#        bench/tagging/run.sh bayes [NTRAIN NTEST TRAININGS EPOCHS]                 (default 3000 2000 4 15)
set -euo pipefail
cd "$(dirname "$0")/../.."
MODE=${1:-compare}; shift || true
OUT=bench/out/tagging
mkdir -p "$OUT"
mvn -q -B -ntp -o -pl engine compile dependency:build-classpath -Dmdep.outputFile="$PWD/$OUT/cp.txt" >/dev/null
CP="engine/target/classes:$(cat "$OUT/cp.txt")"
if [ "$MODE" = compare ]; then ARGS=("${@:-}"); [ -z "${1:-}" ] && ARGS=(12000 30000 4 20 40 4); NAME=tagging-compare
elif [ "$MODE" = info ]; then ARGS=("${@:-}"); [ -z "${1:-}" ] && ARGS=(12000 10000 4 25); NAME=tagging-info
else ARGS=("${@:-}"); [ -z "${1:-}" ] && ARGS=(3000 2000 4 15); NAME=tagging-bayes; fi
# one intra-op thread: small networks, and the machine is shared
java -Xmx6g "-Dthreads=${THREADS:-3}" -Dai.djl.offline=true "-DDJL_CACHE_DIR=$PWD/.cache/djl" -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error \
  -cp "$CP" bench/tagging/TaggerBench.java "$MODE" "${ARGS[@]}" 2> >(grep -v "Warning: AutoNonVariableTypeMode" >&2) \
  | python3 bench/record.py "$NAME"
