#!/usr/bin/env bash
# Training benchmark: hepml's Trainer + Mlp vs PyTorch eager on the same 200k samples, the same 4-64-64-64-1 tanh MLP,
# Adam 1e-3 and weighted BCE, at batch 256 and 4096, in three settings:
#   default/2 cores  each library as a user gets it: hepml as ./hepml runs it (the training measures its intra-op
#                    threads on its own steps, OpenMP's waiters sleep), PyTorch with its defaults (all cores);
#   default/1 core   the same, both pinned to one core (taskset): a laptop core to itself, or a one-core container;
#   1 thread/2 cores both told to use 1 intra-op thread: the per-op overhead compared, with per-CPU-second rates.
# The two peers run alternately (the order flips every round), ROUNDS times each, and the medians of the timed epochs
# are compared. Then one end-to-end ALICES ratio estimator on the Galton board (hepml only), single and an ensemble.
# Usage: bench/training/run.sh [--quick] [ROUNDS]     (or bench/run training [--quick] [ROUNDS])
# The peer: TORCH_PYTHON=/path/to/python (any Python with torch and numpy, e.g. a CPU-only build), else a virtual
# environment with PyPI's torch in HEPML_TORCH_VENV (default ~/.cache/hepml/venv-torch, made once and shared by every
# checkout). PyPI serves no CPU-only torch for Linux x86-64: its wheel needs the CUDA libraries to import, even with
# --no-deps (libcudart, cuBLAS... are linked in), so this installs them (about 5 GB) and runs torch with CUDA hidden.
set -euo pipefail
cd "$(dirname "$0")/../.."
QUICK=0
if [ "${1:-}" = "--quick" ]; then QUICK=1; shift; fi
ROUNDS=${1:-3}
OUT=bench/out/training
mkdir -p "$OUT"
N=200000; WARMUP=1; EPOCHS=3; GALTON_N=50000; GALTON_EPOCHS=10; MEMBERS=5
# timed epochs in the default settings: a fresh JVM's first seconds are not the steady state (its JIT compiler threads
# take ~25% of a core for ~5 s, beside the two intra-op threads on a 2-core machine), so the summary gives the first
# timed epoch ("first", what a kernel's first training meets) and the epochs from the third on ("warm", a training of
# more than a few seconds) apart; on a busy machine (default threads can collapse: spinning OpenMP waiters) set fewer
DEFAULT_EPOCHS=${DEFAULT_EPOCHS:-6}
if ((QUICK)); then N=50000; EPOCHS=2; DEFAULT_EPOCHS=1; ROUNDS=1; GALTON_N=10000; GALTON_EPOCHS=3; MEMBERS=2; fi

# engine classes and their classpath
mvn -q -pl engine compile dependency:build-classpath -Dmdep.outputFile="$PWD/$OUT/cp.txt" >/dev/null
CP="engine/target/classes:$(cat "$OUT/cp.txt")"
# the bench's own class compiled once: launched from source, javac would run (and be JIT-compiled) inside every timed JVM
mkdir -p "$OUT/classes" && javac -d "$OUT/classes" -cp "$CP" bench/training/TrainBench.java
CP="$OUT/classes:$CP"
JVM=(-Xmx2g -Dai.djl.offline=true "-DDJL_CACHE_DIR=$PWD/.cache/djl" -Dai.djl.pytorch.num_interop_threads=1
     -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error)
# the environment ./hepml gives the kernel's JVM (see kernel() in ./hepml)
# (HEPML_OMP_WAIT_POLICY=PASSIVE or ACTIVE: another OpenMP wait policy for hepml's runs than libgomp's own, which
# ./hepml leaves, to compare them)
HEPML_ENV=(MKL_DYNAMIC=FALSE OMP_DYNAMIC=FALSE MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=67108864)
WAIT=${HEPML_OMP_WAIT_POLICY:-default}
if [ "$WAIT" != default ]; then HEPML_ENV+=(OMP_WAIT_POLICY=$WAIT); fi
# BENCH_MODES: the settings to run (default all three); BENCH_ESTIMATOR=0 skips the estimator; HEPML_BENCH_JVM_OPTS:
# more options for hepml's JVMs (a garbage collector, JIT settings) to compare
MODES=(${BENCH_MODES:-default/2 default/1 1thread/2})

# the peer: pip's torch (MKL), not Debian's python3-torch (reference BLAS, see DJL-NOTES.md)
if [ -n "${TORCH_PYTHON:-}" ]; then
  PY=$TORCH_PYTHON
else
  VENV=${HEPML_TORCH_VENV:-$HOME/.cache/hepml/venv-torch}
  if ! "$VENV/bin/python" -c "import torch, numpy" 2>/dev/null; then
    echo "installing PyPI's torch into $VENV (once; about 5 GB with the CUDA libraries it needs to import)" >&2
    mkdir -p "$(dirname "$VENV")"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q torch numpy
  fi
  PY=$VENV/bin/python
fi
# the CPU benchmark: torch sees no GPU even on a machine with one
TORCH_ENV=(CUDA_VISIBLE_DEVICES=)
# BENCH_REALTIME=1: both peers at real-time priority (chrt -f 1, needs root), ahead of every other process: a quiet
# machine emulated on a shared one (the kernel's RT throttling still leaves the others 5%); keep such runs short
RT=()
if [ -n "${BENCH_REALTIME:-}" ]; then RT=(chrt -f 1); fi

FILE=$OUT/samples_$N.bin
[ -s "$FILE" ] || java -cp "$CP" TrainBench make "$FILE" "$N" 42

LOG=$OUT/results.txt
{
  echo "machine $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores"
  echo "load-start $(cut -d' ' -f1-3 /proc/loadavg)${BENCH_REALTIME:+ (peers at real-time priority)}"
} > "$LOG"
for ((r = 1; r <= ROUNDS; r++)); do
  for mode in "${MODES[@]}"; do
    # at real-time priority threads pinned to one core do not share it (FIFO): the JVM's compiler and GC threads run
    # ahead of the training and the JVM's spin-waits burn its time, which is no quiet core; 1 thread, 2 cores stands in
    [ -n "${BENCH_REALTIME:-}" ] && [ "$mode" = default/1 ] && continue
    pin=(); jt=(); pt=0; ep=$DEFAULT_EPOCHS
    case $mode in
      default/1) pin=(taskset -c 0) ;;
      1thread/2) jt=(-Dai.djl.pytorch.num_threads=1); pt=1; ep=$EPOCHS ;;
    esac
    # alternate which peer goes first, so a slow spell of the shared machine does not always hit the same one
    order=(hepml torch); ((r % 2 == 0)) && order=(torch hepml)
    for peer in "${order[@]}"; do
      echo "== round $r $mode $peer (load $(cut -d' ' -f1 /proc/loadavg))" >&2
      if [ "$peer" = hepml ]; then
        env "${HEPML_ENV[@]}" ${RT[@]+"${RT[@]}"} ${pin[@]+"${pin[@]}"} java "${JVM[@]}" ${HEPML_BENCH_JVM_OPTS:-} ${jt[@]+"${jt[@]}"} -cp "$CP" TrainBench mlp "$FILE" "$WARMUP" "$ep" 256 4096 2>/dev/null
      else
        env "${TORCH_ENV[@]}" ${RT[@]+"${RT[@]}"} ${pin[@]+"${pin[@]}"} "$PY" bench/training/torch_bench.py "$FILE" "$WARMUP" "$ep" "$pt" 256 4096
      fi | sed "s|^|$peer $mode |" | tee -a "$LOG" >&2
    done
  done
  echo "load-round-$r $(cut -d' ' -f1-3 /proc/loadavg)" >> "$LOG"
done
if [ "${BENCH_ESTIMATOR:-1}" != 0 ]; then
  echo "== estimator (hepml, as ./hepml runs it)" >&2
  env "${HEPML_ENV[@]}" java "${JVM[@]}" -cp "$CP" TrainBench estimator "$GALTON_N" "$GALTON_EPOCHS" "$MEMBERS" 2>/dev/null \
    | sed "s|^|hepml default/2 |" | tee -a "$LOG" >&2
fi
echo "load-end $(cut -d' ' -f1-3 /proc/loadavg)" >> "$LOG"

python3 - "$LOG" <<'PY'
import json, statistics, sys
lines = open(sys.argv[1]).read().splitlines()
machine = next(l[8:] for l in lines if l.startswith("machine "))
loads = [l for l in lines if l.startswith("load-")]
runs, cpu, threads, info, est = {}, {}, {}, {}, {}
first, warm = {}, {}  # the first timed epoch of each process; the epochs from the third timed one on
for l in lines:
    f = l.split()
    if len(f) > 2 and f[2] == "mlp":
        k = (f[0], f[1], int(f[3]))
        runs.setdefault(k, []).append(float(f[5]))
        if int(f[4]) == 0:
            first.setdefault(k, []).append(float(f[5]))
        elif int(f[4]) >= 2:
            warm.setdefault(k, []).append(float(f[5]))
        cpu.setdefault(k, []).append(float(f[9]))
        if len(f) > 11:
            threads.setdefault(k, set()).add(int(f[11]))
    elif len(f) > 3 and f[2] == "info" and f[3] in ("java", "torch"):
        info[(f[0], f[1])] = " ".join(f[3:])
    elif len(f) > 3 and f[2] == "info":
        est["info"] = " ".join(f[3:])
    elif len(f) > 2 and f[2] == "estimator":
        est[f[3]] = f[4:]
print(f"machine: {machine}; " + "; ".join(loads))
for k, v in sorted(info.items()):
    print(f"  {k[0]:5s} {k[1]:10s}: {v}")
print(f"{'setting':18s} {'batch':>6s} {'hepml samples/s':>16s} {'pytorch samples/s':>18s} {'ratio':>6s}  {'threads h/p':>11s}   "
      f"{'per CPU-second: hepml':>22s} {'pytorch':>8s} {'ratio':>6s}  (medians over rounds x epochs; CPU-second rates only with "
      f"1 thread, where the caller's thread does all the work)")
names = {"default/2": "default, 2 cores", "default/1": "default, 1 core", "1thread/2": "1 thread, 2 cores"}
out = []
for mode in ("default/2", "default/1", "1thread/2"):
    for batch in (256, 4096):
        h, p = runs.get(("hepml", mode, batch)), runs.get(("torch", mode, batch))
        if not h or not p:
            continue
        hm, pm = statistics.median(h), statistics.median(p)
        th = "/".join(",".join(map(str, sorted(threads.get((peer, mode, batch), {0})))) for peer in ("hepml", "torch"))
        one = mode == "1thread/2" or mode == "default/1"
        hc, pc = statistics.median(cpu[("hepml", mode, batch)]), statistics.median(cpu[("torch", mode, batch)])
        cpu_cols = f"{hc:22.0f} {pc:8.0f} {hc / pc:6.2f}" if one else ""
        print(f"{names[mode]:18s} {batch:6d} {hm:16.0f} {pm:18.0f} {hm / pm:6.2f}  {th:>11s}   {cpu_cols}")
        phases = {}
        for phase, d in (("first", first), ("warm", warm)):
            hp, pp = d.get(("hepml", mode, batch)), d.get(("torch", mode, batch))
            if hp and pp:
                phases[f"ratio_{phase}"] = round(statistics.median(hp) / statistics.median(pp), 3)
                phases[f"epochs_{phase}"] = [len(hp), len(pp)]
        if phases:
            print(f"{'':18s} {'':6s} " + ", ".join(f"{k[6:]} epochs {v:.2f}" for k, v in phases.items() if k.startswith("ratio_")))
        out.append({"setting": names[mode], "batch": batch, "threads_hepml_torch": th,
                    "ours_samples_per_s": round(hm), "peer_samples_per_s": round(pm), "ratio": round(hm / pm, 3), **phases,
                    **({"ours_samples_per_cpu_s": round(hc), "peer_samples_per_cpu_s": round(pc), "cpu_ratio": round(hc / pc, 3)} if one else {}),
                    "ours_min_max": [round(min(h)), round(max(h))], "peer_min_max": [round(min(p)), round(max(p))],
                    "epochs": [len(h), len(p)]})
if "single" in est and "ensemble" in est:
    e1, ee = est["single"], est["ensemble"]
    print(est.get("info", ""))
    print(f"ALICES estimator (Galton, hidden 100-100, batch 128, tangents on): {e1[0]} epochs in {float(e1[1]):.2f} s "
          f"({float(e1[2]):.0f} samples/s); ensemble of {ee[0]}: {float(ee[1]):.2f} s, {float(ee[2]):.2f} s per member "
          f"({float(ee[2]) / float(e1[1]):.2f}x a single one)")
for o in out:
    if o["setting"].startswith("default"):
        print(f"mlp-train-b{o['batch']}-{o['setting'].replace(', ', '-').replace(' ', '')}: ratio={o['ratio']:.2f} "
              f"ours={o['ours_samples_per_s']} peer={o['peer_samples_per_s']}")
print(json.dumps({"name": "mlp-train", "machine": machine, "peer": next((v for k, v in info.items() if k[0] == "torch"), ""),
                  "hepml": next((v for k, v in info.items() if k[0] == "hepml" and k[1] == "default/2"), ""),
                  "results": out, "estimator": est, "load": loads}))
PY
