#!/usr/bin/env bash
# OmniFold's replicas in step (their classifiers fused per step, the default for local replicas now) against the same
# replicas one after another, in one JVM, alternating round by round; ratio = in step / one after another, wall time
# (< 1: in step is faster). Intra-op threads: the engine's defaults (nn.IntraOpThreads). Prints a table, then one JSON
# line; `bench/run omnifold-replicas` records bench/results/omnifold-replicas.json.
# Usage: bench/omnifold-replicas/run.sh [ROUNDS]    env: EVENTS (simulation and data, default 5000), SEEDS (seed
#        replicas, 4), BOOTSTRAP (bootstrap replicas, 4), ITERATIONS (3), EPOCHS (5)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-3}
EVENTS=${EVENTS:-5000}; SEEDS=${SEEDS:-4}; BOOTSTRAP=${BOOTSTRAP:-4}; ITERATIONS=${ITERATIONS:-3}; EPOCHS=${EPOCHS:-5}
# BENCH_REALTIME=1: at real-time priority (chrt -f 1, needs root), ahead of every other process: a quiet machine
# emulated on a shared one, as bench/training/run.sh does (record it as omnifold-replicas-quiet)
RT=(); [ -n "${BENCH_REALTIME:-}" ] && RT=(chrt -f 1)
OUT=bench/out/omnifold-replicas
mkdir -p "$OUT"
mvn -q -o -pl engine compile dependency:build-classpath -Dmdep.outputFile="$PWD/$OUT/cp.txt" >/dev/null
rm -rf "$OUT/classes-run" && cp -r engine/target/classes "$OUT/classes-run"
CP="$OUT/classes-run:$(cat "$OUT/cp.txt")"
LOG=$OUT/results.txt
{
  echo "machine $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores"
  echo "load-start $(cut -d' ' -f1-3 /proc/loadavg)${BENCH_REALTIME:+ (at real-time priority)}"
} > "$LOG"
${RT[@]+"${RT[@]}"} env MKL_DYNAMIC=FALSE OMP_DYNAMIC=FALSE OMP_WAIT_POLICY=PASSIVE java -Xmx3g -Dai.djl.offline=true "-DDJL_CACHE_DIR=$PWD/.cache/djl" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
     -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error -Dai.djl.pytorch.num_interop_threads=1 \
     -cp "$CP" bench/omnifold-replicas/ReplicasBench.java "$EVENTS" "$SEEDS" "$BOOTSTRAP" "$ITERATIONS" "$EPOCHS" "$ROUNDS" \
     2>/dev/null | tee -a "$LOG" >&2
echo "load-end $(cut -d' ' -f1-3 /proc/loadavg)" >> "$LOG"
python3 - "$LOG" <<'PY'
import json, statistics, sys
lines = open(sys.argv[1]).read().splitlines()
machine = next(l[8:] for l in lines if l.startswith("machine "))
loads = [l for l in lines if l.startswith("load-")]
info = next(l[5:] for l in lines if l.startswith("info "))
agree = next(float(l.split()[1]) for l in lines if l.startswith("agreement "))
rows = {}
for l in lines:
    f = l.split()
    if len(f) == 5 and f[0] == "round":
        rows.setdefault(f[2], []).append((float(f[3]), float(f[4])))
fu, se = rows["fused"], rows["sequential"]
wall = [a[0] / b[0] for a, b in zip(fu, se)]
cpu = [a[1] / b[1] for a, b in zip(fu, se)]
ratio, cpu_ratio = statistics.median(wall), statistics.median(cpu)
med = lambda r, i: statistics.median(x[i] for x in r)
print(f"machine: {machine}; {info}; " + "; ".join(loads))
print(f"  in step: {med(fu, 0):.2f} s wall, {med(fu, 1):.2f} CPU-s; one after another: {med(se, 0):.2f} s wall, {med(se, 1):.2f} CPU-s (medians)")
print(f"  in step / one after another per round, wall: {', '.join(f'{r:.3f}' for r in wall)}; process CPU: {', '.join(f'{r:.3f}' for r in cpu)}")
print(f"  final weights agree to {agree:.2g} (largest relative per-event difference)")
print(f"omnifold-replicas: ratio={ratio:.3f} (replicas in step / one after another, wall; process CPU {cpu_ratio:.3f})")
print(json.dumps({"name": "omnifold-replicas", "machine": machine, "setup": info, "load": loads, "rounds": len(wall),
                  "fused_s": round(med(fu, 0), 3), "sequential_s": round(med(se, 0), 3), "ratio": round(ratio, 3),
                  "process_cpu_ratio": round(cpu_ratio, 3), "ratio_per_round": [round(r, 3) for r in wall],
                  "process_cpu_ratio_per_round": [round(r, 3) for r in cpu], "weights_agreement": agree}))
PY
