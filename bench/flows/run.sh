#!/usr/bin/env bash
# Flow-training benchmark: hepml's conditional spline flow (flows.ConditionalFlow through nn.Trainer) vs zuko's (PyPI)
# masked autoregressive rational-quadratic spline flow, the same model for one observable: smeared ee -> mumu cos(theta*)
# given sin2w, 3 transforms of 16 bins on [-3, 3], conditioners 1-32-32-47 tanh, Adam 1e-3, gradient norm clipped at 5,
# batch 256, the same 50k events, one intra-op thread each. The peers alternate (order flipped each round), ROUNDS
# rounds; medians of samples/s are compared, and the mean -log p each reaches on the training file shows they learned
# the same. Usage: bench/flows/run.sh [ROUNDS]        Prints one JSON line last (pipe through bench/record.py flows).
# The peer: PyPI's torch in HEPML_TORCH_VENV (default ~/.cache/hepml/venv-torch, see bench/training/run.sh) with zuko
# installed next to it in ~/.cache/hepml/zuko-pkgs (pip --target, no dependencies besides torch and numpy).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-3}
OUT=bench/out/flows
mkdir -p "$OUT"
N=50000; EPOCHS=3; BATCH=256; TRANSFORMS=3; BINS=16; BOUND=3; HIDDEN=32
mvn -q -pl engine compile dependency:build-classpath -Dmdep.outputFile="$PWD/$OUT/cp.txt" >/dev/null
CP="engine/target/classes:$(cat "$OUT/cp.txt")"
JVM=(-Xmx2g -Dai.djl.offline=true "-DDJL_CACHE_DIR=$PWD/.cache/djl" -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1
     -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error)
VENV=${HEPML_TORCH_VENV:-$HOME/.cache/hepml/venv-torch}
ZUKO=$HOME/.cache/hepml/zuko-pkgs
if ! PYTHONPATH=$ZUKO "$VENV/bin/python" -c "import torch, numpy, zuko" 2>/dev/null; then
  [ -x "$VENV/bin/python" ] || { python3 -m venv "$VENV"; "$VENV/bin/python" -m pip install -q torch numpy; }
  "$VENV/bin/python" -m pip install -q --no-deps --target "$ZUKO" zuko==1.6.0
fi
FILE=$OUT/ee_$N.bin
[ -s "$FILE" ] || java "${JVM[@]}" -cp "$CP" bench/flows/FlowBench.java make "$FILE" "$N" 42 2>/dev/null
LOG=$OUT/results.txt
echo "load-start $(cut -d' ' -f1-3 /proc/loadavg)" > "$LOG"
for ((r = 1; r <= ROUNDS; r++)); do
  order=(hepml zuko); ((r % 2 == 0)) && order=(zuko hepml)
  for peer in "${order[@]}"; do
    echo "== round $r $peer (load $(cut -d' ' -f1 /proc/loadavg))" >&2
    if [ "$peer" = hepml ]; then
      env OMP_WAIT_POLICY=PASSIVE java "${JVM[@]}" -cp "$CP" bench/flows/FlowBench.java train "$FILE" $EPOCHS $BATCH $TRANSFORMS $BINS $BOUND $HIDDEN 2>/dev/null
    else
      env CUDA_VISIBLE_DEVICES= PYTHONPATH=$ZUKO "$VENV/bin/python" bench/flows/zuko_bench.py "$FILE" $EPOCHS $BATCH $TRANSFORMS $BINS $BOUND $HIDDEN 1
    fi | tee -a "$LOG" >&2
  done
done
echo "load-end $(cut -d' ' -f1-3 /proc/loadavg)" >> "$LOG"
python3 - "$LOG" "$N" "$EPOCHS" "$BATCH" "$TRANSFORMS" "$BINS" "$BOUND" "$HIDDEN" <<'PY'
import json, statistics, sys
log, n, epochs, batch, transforms, bins, bound, hidden = sys.argv[1:]
rates, nll = {"hepml": [], "zuko": []}, {"hepml": [], "zuko": []}
for line in open(log):
    f = line.split()
    if f and f[0] in rates:
        rates[f[0]].append(float(f[2])); nll[f[0]].append(float(f[4]))
h, z = statistics.median(rates["hepml"]), statistics.median(rates["zuko"])
print(f"hepml {h:.0f} samples/s, zuko {z:.0f} samples/s: ratio {h / z:.2f} (> 1: hepml faster); "
      f"mean -log p {statistics.median(nll['hepml']):.4f} vs {statistics.median(nll['zuko']):.4f}")
print(json.dumps({"events": int(n), "epochs": int(epochs), "batch": int(batch), "transforms": int(transforms), "bins": int(bins),
                  "bound": float(bound), "hidden": [int(hidden)] * 2, "threads": 1, "rounds": len(rates["hepml"]),
                  "hepml_samples_per_s": round(h), "zuko_samples_per_s": round(z), "ratio": round(h / z, 3),
                  "hepml_nll": statistics.median(nll["hepml"]), "zuko_nll": statistics.median(nll["zuko"]),
                  "hepml_all": rates["hepml"], "zuko_all": rates["zuko"]}))
PY
