#!/usr/bin/env bash
# Fused ensembles (issue 15): K = 5 members trained as one batched network against the same 5 trained one after the
# other, in one process per case, alternating round by round; ratio = fused time / sequential time (< 1: fused is
# faster; the issue asks for <= 0.4). By default each case runs at the engine's default settings, as ./hepml runs it
# (OMP_WAIT_POLICY=PASSIVE; each training chooses its intra-op threads, nn.IntraOpThreads, and the bench prints what
# each side chose); THREADS="1 2" runs with that many threads set instead (2 threads: a shorter run, since 2 threads
# on a busy 2-core machine slow both sides down by an order of magnitude). Prints a table, then one JSON line.
# Usage: bench/ensemble/run.sh [--quick] [ROUNDS]    (bench/run ensemble records it in bench/results/ensemble.json)
#        CASES="mlp small alices" THREADS="default 1 2" MEMBERS=5 to choose (default: THREADS=default)
set -euo pipefail
cd "$(dirname "$0")/../.."
QUICK=0
if [ "${1:-}" = "--quick" ]; then QUICK=1; shift; fi
ROUNDS=${1:-5}; MEMBERS=${MEMBERS:-5}; THREADS=${THREADS:-default}; CASES=${CASES:-mlp small alices}
MLP_N=50000; MLP_EPOCHS=2; ALICES_N=20000; ALICES_EPOCHS=3
# the shorter run: with 2 threads, and everything with --quick
SHORT_ROUNDS=3; SHORT_MLP_N=10000; SHORT_ALICES_N=4000; SHORT_EPOCHS=1
if ((QUICK)); then ROUNDS=2; SHORT_ROUNDS=2; fi
# BENCH_REALTIME=1: both sides at real-time priority (chrt -f 1, needs root), ahead of every other process: a quiet
# machine emulated on a shared one, as bench/training/run.sh does (record it as ensemble-quiet through bench/record.py)
RT=(); [ -n "${BENCH_REALTIME:-}" ] && RT=(chrt -f 1)
OUT=bench/out/ensemble
mkdir -p "$OUT"
mvn -q -pl engine compile dependency:build-classpath -Dmdep.outputFile="$PWD/$OUT/cp.txt" >/dev/null
CP="engine/target/classes:$(cat "$OUT/cp.txt")"
JVM=(-Xmx2g -Dai.djl.offline=true "-DDJL_CACHE_DIR=$PWD/.cache/djl" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
     -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error -Dai.djl.pytorch.num_interop_threads=1)
LOG=$OUT/results.txt
{
  echo "machine $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores"
  echo "load-start $(cut -d' ' -f1-3 /proc/loadavg)${BENCH_REALTIME:+ (both sides at real-time priority)}"
} > "$LOG"
for threads in $THREADS; do
  for name in $CASES; do
    if ((QUICK)) || [ "$threads" = 2 ]; then
      rounds=$SHORT_ROUNDS; epochs=$SHORT_EPOCHS; n=$SHORT_MLP_N; [ "$name" = alices ] && n=$SHORT_ALICES_N
    else
      rounds=$ROUNDS; epochs=$MLP_EPOCHS; n=$MLP_N; [ "$name" = alices ] && { epochs=$ALICES_EPOCHS; n=$ALICES_N; }
    fi
    echo "== $name: $MEMBERS members, $rounds rounds, $threads intra-op thread(s), load $(cut -d' ' -f1 /proc/loadavg)" >&2
    tp=(-Dai.djl.pytorch.num_threads="$threads"); [ "$threads" = default ] && tp=()
    ${RT[@]+"${RT[@]}"} env MKL_DYNAMIC=FALSE OMP_DYNAMIC=FALSE OMP_WAIT_POLICY=PASSIVE java "${JVM[@]}" ${tp[@]+"${tp[@]}"} -cp "$CP" bench/ensemble/EnsembleBench.java "$name" "$MEMBERS" "$rounds" "$epochs" "$n" \
      2>/dev/null | sed "s/^/$threads /" | tee -a "$LOG" >&2
  done
done
echo "load-end $(cut -d' ' -f1-3 /proc/loadavg)" >> "$LOG"

python3 - "$LOG" <<'PY'
import json, statistics, sys
lines = open(sys.argv[1]).read().splitlines()
machine = next(l[8:] for l in lines if l.startswith("machine "))
loads = [l for l in lines if l.startswith("load-")]
runs, info, agree, chosen = {}, {}, {}, {}
for l in lines:
    f = l.split()
    if len(f) == 8 and f[2] == "round":
        runs.setdefault((f[0], f[1], f[4]), []).append(tuple(float(v) for v in f[5:8]))
    elif len(f) == 7 and f[1] == "info-threads":  # THREADS info-threads CASE fused N sequential N
        chosen[(f[0], f[2])] = {"fused": int(f[4]), "sequential": int(f[6])}
    elif len(f) > 2 and f[1] == "info":
        info[(f[0], f[2])] = " ".join(f[3:])
    elif len(f) == 4 and f[2] == "agreement":
        agree[(f[0], f[1])] = float(f[3])
print(f"machine: {machine}; " + "; ".join(loads))
out = []
for threads in sorted({k[0] for k in runs}, key=lambda t: (t != "default", t)):
    for case in ("mlp", "small", "alices"):
        fu, se = runs.get((threads, case, "fused")), runs.get((threads, case, "sequential"))
        if not fu or not se:
            continue
        med = lambda rows, i: statistics.median(r[i] for r in rows)
        # per round: both sides saw the same stretch of machine load, so the median of the rounds' own ratios is the figure
        ratios = [[a[i] / b[i] for a, b in zip(fu, se)] for i in range(3)]
        wall, thread, proc = (statistics.median(r) for r in ratios)
        key = (threads, case)
        print(f"{case}, {threads} thread(s): {info.get(key, '')}; threads used: {chosen.get(key)}")
        print(f"  medians: fused {med(fu, 0):.2f} s, sequential {med(se, 0):.2f} s; fused/sequential, median over rounds: wall {wall:.3f}, "
              f"process CPU {proc:.3f}, calling thread's CPU {thread:.3f}; wall per round {', '.join(f'{r:.3f}' for r in ratios[0])}; "
              f"losses agree to {agree.get(key, float('nan')):.2g} (relative)")
        out.append({"case": case, "threads": threads if threads == "default" else int(threads), "threads_used": chosen.get(key), "setup": info.get(key, ""), "fused_s": round(med(fu, 0), 3), "sequential_s": round(med(se, 0), 3),
                    "ratio": round(wall, 3), "process_cpu_ratio": round(proc, 3), "thread_cpu_ratio": round(thread, 3),
                    "ratio_per_round": [round(r, 3) for r in ratios[0]], "process_cpu_ratio_per_round": [round(r, 3) for r in ratios[2]],
                    "fused_cpu_s": [round(med(fu, 1), 3), round(med(fu, 2), 3)], "sequential_cpu_s": [round(med(se, 1), 3), round(med(se, 2), 3)],
                    "fused_min_max": [round(min(r[0] for r in fu), 3), round(max(r[0] for r in fu), 3)],
                    "sequential_min_max": [round(min(r[0] for r in se), 3), round(max(r[0] for r in se), 3)],
                    "loss_agreement": agree.get(key)})
print("ensemble: " + "  ".join(f"{o['case']}/{o['threads']}t ratio={o['ratio']:.3f} (process CPU {o['process_cpu_ratio']:.3f})" for o in out)
      + "  (fused / sequential time for 5 members, median over rounds; <= 0.4 asked)")
print(json.dumps({"name": "ensemble", "machine": machine, "results": out, "load": loads}))
PY
