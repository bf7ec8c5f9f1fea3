#!/usr/bin/env bash
# PFN training, hepml (DJL on libtorch) against PyTorch on the same jets, layers, optimizer, batches and epochs, one
# intra-op thread each, alternating round by round (the order flips every round); ratio = hepml time / PyTorch time
# per round, the median reported. Also the last epoch's loss on both sides (same data and model, different initial
# weights and batch order: they should be close, not equal).
# Usage: bench/pfn/run.sh [ROUNDS] [N] [EPOCHS]   (N jets of M = 40 particles; needs ~/.cache/hepml/venv-torch)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-3}; N=${2:-8000}; EPOCHS=${3:-2}; M=40; BATCH=128
PY=${TORCH_PYTHON:-$HOME/.cache/hepml/venv-torch/bin/python}
OUT=bench/out/pfn
mkdir -p "$OUT"
mvn -q -o -pl engine compile dependency:build-classpath -Dmdep.outputFile="$PWD/$OUT/cp.txt" >/dev/null
CP="engine/target/classes:$(cat "$OUT/cp.txt")"
JVM=(-Xmx2g -Dai.djl.offline=true "-DDJL_CACHE_DIR=$PWD/.cache/djl" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
     -Dai.djl.pytorch.num_interop_threads=1 -Dai.djl.pytorch.num_threads=1)
DATA=$OUT/jets.f32
java "${JVM[@]}" -cp "$CP" bench/pfn/PfnBench.java write "$DATA" "$N" "$M" 2>/dev/null
LOG=$OUT/results.txt
echo "load-start $(cut -d' ' -f1-3 /proc/loadavg)" > "$LOG"
hepml() { java "${JVM[@]}" -cp "$CP" bench/pfn/PfnBench.java train "$DATA" "$N" "$M" "$EPOCHS" "$BATCH" 2>/dev/null | tail -1; }
torchpfn() { OMP_NUM_THREADS=1 "$PY" bench/pfn/torch_pfn.py "$DATA" "$N" "$M" "$EPOCHS" "$BATCH"; }
for r in $(seq 1 "$ROUNDS"); do
  if ((r % 2)); then a=$(hepml); b=$(torchpfn); else b=$(torchpfn); a=$(hepml); fi
  echo "round $r $a $b load $(cut -d' ' -f1 /proc/loadavg)" | tee -a "$LOG" >&2
done
echo "load-end $(cut -d' ' -f1-3 /proc/loadavg)" >> "$LOG"
python3 - "$LOG" "$N" "$M" "$EPOCHS" "$BATCH" <<'PY'
import json, statistics, sys
lines = open(sys.argv[1]).read().splitlines()
n, m, epochs, batch = (int(v) for v in sys.argv[2:6])
rounds = [l.split() for l in lines if l.startswith("round ")]
ratios = [float(f[3]) / float(f[6]) for f in rounds]
hep = [float(f[3]) for f in rounds]; tor = [float(f[6]) for f in rounds]
ratio = statistics.median(ratios)
loads = [l for l in lines if l.startswith("load-")]
print(f"pfn: hepml / PyTorch training time {ratio:.2f} (median of {', '.join(f'{r:.2f}' for r in ratios)}); "
      f"{n} jets x {m} particles, {epochs} epochs, batch {batch}, 1 thread; last-epoch loss hepml {rounds[-1][4]}, torch {rounds[-1][7]}")
print(json.dumps({"name": "pfn", "ratio": round(ratio, 3), "ratio_per_round": [round(r, 3) for r in ratios],
                  "hepml_s": hep, "torch_s": tor, "jets": n, "particles": m, "epochs": epochs, "batch": batch,
                  "loss_hepml": float(rounds[-1][4]), "loss_torch": float(rounds[-1][7]), "load": loads}))
PY
