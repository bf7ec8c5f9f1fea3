#!/usr/bin/env bash
# Training benchmark: hepml's Trainer + Mlp vs PyTorch eager (pip torch, MKL) on the same 200k samples, the same
# 4-64-64-64-1 tanh MLP, Adam 1e-3 and weighted BCE, at batch 256 and 4096, with 1 intra-op thread and with each
# library's default. The two peers run alternately, ROUNDS times each, and the medians of the timed epochs are
# compared. Then one end-to-end ALICES ratio estimator on the Galton board (hepml only), single and an ensemble.
# Usage: bench/training/run.sh [--quick] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
QUICK=0
if [ "${1:-}" = "--quick" ]; then QUICK=1; shift; fi
ROUNDS=${1:-3}
# each library's default thread count (2 here) collapses when other processes load the cores (OpenMP workers wait
# for a busy core): fewer rounds and epochs there, so a loaded machine does not stall the whole run
DEFAULT_ROUNDS=${DEFAULT_ROUNDS:-2}
OUT=bench/out/training
mkdir -p "$OUT"
N=200000; WARMUP=1; EPOCHS=3; GALTON_N=50000; GALTON_EPOCHS=10; MEMBERS=5
if ((QUICK)); then N=50000; EPOCHS=2; ROUNDS=1; DEFAULT_ROUNDS=1; GALTON_N=10000; GALTON_EPOCHS=3; MEMBERS=2; fi

# engine classes and their classpath
mvn -q -pl engine compile dependency:build-classpath -Dmdep.outputFile="$PWD/$OUT/cp.txt" >/dev/null
CP="engine/target/classes:$(cat "$OUT/cp.txt")"
JVM=(-Xmx2g -Dai.djl.offline=true "-DDJL_CACHE_DIR=$PWD/.cache/djl" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
     -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error)

# the peer, in its own venv: pip's torch (MKL), not Debian's python3-torch (reference BLAS, see DJL-NOTES.md)
VENV=bench/.venv-torch
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q torch numpy
fi

FILE=$OUT/samples_$N.bin
[ -s "$FILE" ] || java -cp "$CP" bench/training/TrainBench.java make "$FILE" "$N" 42

LOG=$OUT/results.txt
{
  echo "machine $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores"
  echo "load-start $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$LOG"
for ((r = 1; r <= ROUNDS; r++)); do
  for threads in 1 default; do
    if [ "$threads" = 1 ]; then jt=(-Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1); pt=1; ep=$EPOCHS
    else jt=(-Dai.djl.pytorch.num_interop_threads=1); pt=0; ep=2; ((r > DEFAULT_ROUNDS)) && continue; fi
    # alternate which peer goes first, so a slow spell of the shared machine does not always hit the same one
    order=(hepml torch); ((r % 2 == 0)) && order=(torch hepml)
    for peer in "${order[@]}"; do
      echo "== round $r threads $threads $peer" >&2
      if [ "$peer" = hepml ]; then
        java "${JVM[@]}" "${jt[@]}" -cp "$CP" bench/training/TrainBench.java mlp "$FILE" "$WARMUP" "$ep" 256 4096 2>/dev/null
      else
        "$VENV/bin/python" bench/training/torch_bench.py "$FILE" "$WARMUP" "$ep" "$pt" 256 4096
      fi | sed "s/^/$peer $threads /" | tee -a "$LOG" >&2
    done
  done
done
echo "== estimator (hepml, 1 intra-op thread)" >&2
java "${JVM[@]}" -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 -cp "$CP" bench/training/TrainBench.java estimator "$GALTON_N" "$GALTON_EPOCHS" "$MEMBERS" 2>/dev/null \
  | sed "s/^/hepml 1 /" | tee -a "$LOG" >&2
echo "load-end $(cut -d' ' -f1-3 /proc/loadavg)" >> "$LOG"

python3 - "$LOG" <<'PY'
import json, statistics, sys
lines = open(sys.argv[1]).read().splitlines()
machine = next(l[8:] for l in lines if l.startswith("machine "))
loads = [l for l in lines if l.startswith("load-")]
runs, cpu, info, est = {}, {}, {}, {}
for l in lines:
    f = l.split()
    if len(f) > 2 and f[2] == "mlp":
        runs.setdefault((f[0], f[1], int(f[3])), []).append(float(f[5]))
        cpu.setdefault((f[0], f[1], int(f[3])), []).append(float(f[9]))
    elif len(f) > 3 and f[2] == "info" and f[3] in ("java", "torch"):
        info[(f[0], f[1])] = " ".join(f[3:])
    elif len(f) > 3 and f[2] == "info":
        est["info"] = " ".join(f[3:])
    elif len(f) > 2 and f[2] == "estimator":
        est[f[3]] = f[4:]
print(f"machine: {machine}; " + "; ".join(loads))
for k, v in sorted(info.items()):
    print(f"  {k[0]:5s} threads={k[1]:7s}: {v}")
print(f"{'threads':8s} {'batch':>6s} {'hepml samples/s':>16s} {'pytorch samples/s':>18s} {'ratio':>6s}   {'per CPU-second: hepml':>22s} {'pytorch':>8s} {'ratio':>6s}"
      f"  (medians over rounds x epochs; CPU-second rates only with 1 thread, where the caller's thread does all the work)")
out = []
for threads in ("1", "default"):
    for batch in (256, 4096):
        h, p = runs.get(("hepml", threads, batch)), runs.get(("torch", threads, batch))
        if not h or not p:
            continue
        hm, pm = statistics.median(h), statistics.median(p)
        hc, pc = statistics.median(cpu[("hepml", threads, batch)]), statistics.median(cpu[("torch", threads, batch)])
        cpu_cols = f"{hc:22.0f} {pc:8.0f} {hc / pc:6.2f}" if threads == "1" else ""
        print(f"{threads:8s} {batch:6d} {hm:16.0f} {pm:18.0f} {hm / pm:6.2f}   {cpu_cols}")
        out.append({"threads": threads, "batch": batch, "ours_samples_per_s": round(hm), "peer_samples_per_s": round(pm),
                    **({"ours_samples_per_cpu_s": round(hc), "peer_samples_per_cpu_s": round(pc), "cpu_ratio": round(hc / pc, 3)} if threads == "1" else {}),
                    "ratio": round(hm / pm, 3), "ours_min_max": [round(min(h)), round(max(h))], "peer_min_max": [round(min(p)), round(max(p))]})
if est:
    e1, ee = est["single"], est["ensemble"]
    print(est.get("info", ""))
    print(f"ALICES estimator (Galton, hidden 100-100, batch 128, tangents on): {e1[0]} epochs in {float(e1[1]):.2f} s "
          f"({float(e1[2]):.0f} samples/s); ensemble of {ee[0]}: {float(ee[1]):.2f} s, {float(ee[2]):.2f} s per member "
          f"({float(ee[2]) / float(e1[1]):.2f}x a single one)")
main = next((o for o in out if o["threads"] == "1" and o["batch"] == 256), out[0])
print(f"mlp-train-b256-1thread: ratio={main['ratio']:.2f} ours={main['ours_samples_per_s']} peer={main['peer_samples_per_s']}")
print(json.dumps({"name": "mlp-train", "machine": machine, "peer": next((v for k, v in info.items() if k[0] == "torch"), ""),
                  "results": out, "estimator": est, "load": loads}))
PY
