#!/usr/bin/env bash
# The mining-gold comparison at the paper's protocol (Galton board, theta0 = -0.8, theta1 = -0.6): the error
# E_{x~p(x|theta1)}[(log r_hat - log r)^2], exact over the 31 positions, against the training size for every method,
# SEEDS independent training samples and network seeds per point, each training STEPS optimizer steps (batch 128,
# 25% validation, best epoch kept). Prints the table (mean +- standard error over seeds), the paper's numbers next to
# ours, writes the figure to bench/out/mining-gold/figure.png and records bench/results/mining-gold.json.
# Usage: bench/mining-gold/run.sh        env SEEDS (default 5), STEPS (default 2000), SIZES, METHODS, THREADS (default 1)
# 5 seeds took 27 minutes on the shared 2-core development machine at load 10-14 (bench/results/mining-gold.json), 4
# seeds 19 minutes at load ~9; SEEDS=10 gives standard errors 1.4 times smaller in twice the time.
set -euo pipefail
cd "$(dirname "$0")/../.."
SEEDS=${SEEDS:-5}
STEPS=${STEPS:-2000}
SIZES=${SIZES:-200,500,1000,2000,5000,10000}
METHODS=${METHODS:-carl,rolr,alice,cascal,rascal,alices}
THREADS=${THREADS:-1}
OUT=bench/out/mining-gold
mkdir -p "$OUT"
mvn -q -B -ntp -pl engine compile dependency:build-classpath -Dmdep.outputFile="$PWD/$OUT/cp.txt" >/dev/null
CP="engine/target/classes:$(cat "$OUT/cp.txt")"
# one intra-op thread: on a shared 2-core machine more threads only spin against each other
export OMP_NUM_THREADS=$THREADS MKL_NUM_THREADS=$THREADS
JVM=(-Xmx2g -Dai.djl.offline=true "-DDJL_CACHE_DIR=$PWD/.cache/djl" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
     -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error -Dai.djl.pytorch.num_interop_threads=1
     "-Dai.djl.pytorch.num_threads=$THREADS")
echo "machine $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc --all) cores; load $(cut -d' ' -f1-3 /proc/loadavg);" \
     "$SEEDS seeds, $STEPS steps per training, sizes $SIZES, methods $METHODS, intra-op threads $THREADS"
java "${JVM[@]}" -cp "$CP" bench/mining-gold/MiningGoldBench.java "$SEEDS" "$STEPS" "$SIZES" "$METHODS" "$OUT/figure.png" \
  | python3 bench/record.py mining-gold
echo "load at the end $(cut -d' ' -f1-3 /proc/loadavg)" >&2
