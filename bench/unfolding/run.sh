#!/usr/bin/env bash
# OmniFold benchmark: hepml's OmniFold vs the `omnifold` PyPI package (MultiFold, TensorFlow) on the paper's Gaussian
# toy (simulation N(0,1), data N(0.2,0.8), smearing N(0,0.5)), generated once by hepml and read by both. Same
# iterations, network (50-50-50 relu), epochs (no early stopping), batch, learning rate, validation fraction and
# intra-op threads. Each peer runs once per seed, alternately; compare.py prints both unfolded histograms against the
# truth, a chi2 between them with seed-to-seed errors, the unfolded mean and width, and the wall-time ratio.
# Usage: bench/unfolding/run.sh [--quick] [SEEDS]     env THREADS (default 1; 0 = each library's default)
# The figures (last line, JSON) are recorded in bench/results/unfolding.json by bench/record.py.
set -euo pipefail
cd "$(dirname "$0")/../.."
QUICK=0
if [ "${1:-}" = "--quick" ]; then QUICK=1; shift; fi
SEEDS=${1:-3}
THREADS=${THREADS:-1}
N=100000; ITER=3; EPOCHS=5; BATCH=256
if ((QUICK)); then N=20000; EPOCHS=4; SEEDS=${1:-2}; fi
# both warm-start each iteration's networks from the previous iteration's; HEPML_EPOCHS changes hepml's epochs only
HEPML_EPOCHS=${HEPML_EPOCHS:-$EPOCHS}
OUT=bench/out/unfolding/n$N
mkdir -p "$OUT"

mvn -q -pl engine compile dependency:build-classpath -Dmdep.outputFile="$PWD/bench/out/unfolding/cp.txt" >/dev/null
CP="engine/target/classes:$(cat bench/out/unfolding/cp.txt)"
JVM=(-Xmx3g -Dai.djl.offline=true "-DDJL_CACHE_DIR=$PWD/.cache/djl" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
     -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error -Dai.djl.pytorch.num_interop_threads=1)
((THREADS > 0)) && JVM+=("-Dai.djl.pytorch.num_threads=$THREADS")

VENV=bench/.venv-unfold
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q tensorflow-cpu omnifold numpy
fi

[ -s "$OUT/data.csv" ] || java -cp "$CP" bench/unfolding/UnfoldBench.java make "$OUT" "$N"
rm -f "$OUT"/w_*_*.txt "$OUT/times.txt"
echo "machine $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg);" \
     "$N sim + $N data events, $ITER iterations, $EPOCHS epochs (hepml $HEPML_EPOCHS), batch $BATCH, intra-op threads ${THREADS/#0/default}"
for ((s = 1; s <= SEEDS; s++)); do
  order=(hepml omnifold); ((s % 2 == 0)) && order=(omnifold hepml)
  for peer in "${order[@]}"; do
    echo "== seed $s $peer" >&2
    if [ "$peer" = hepml ]; then
      res=$(java "${JVM[@]}" -cp "$CP" bench/unfolding/UnfoldBench.java run "$OUT" "$ITER" "$HEPML_EPOCHS" "$BATCH" "$((100 * s))" "$OUT/w_hepml_$s.txt" 2>/dev/null)
    else
      res=$("$VENV/bin/python" bench/unfolding/omnifold_bench.py "$OUT" "$ITER" "$EPOCHS" "$BATCH" "$((100 * s))" "$OUT/w_omnifold_$s.txt" "$THREADS" 2>/dev/null \
            | sed -n 's/^BENCH //p')
    fi
    echo "$res" | sed "s/^/  $peer: /" >&2
    [ "$s" = 1 ] && echo "$res" | sed -n "s/^info /$peer: /p"
    echo "$peer $s $(echo "$res" | sed -n 's/^time //p')" >> "$OUT/times.txt"
  done
done
echo "load at the end $(cut -d' ' -f1-3 /proc/loadavg)"
"$VENV/bin/python" bench/unfolding/compare.py "$OUT" | python3 bench/record.py unfolding
