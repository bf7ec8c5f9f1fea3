#!/usr/bin/env bash
# The GPU check, run from the unpacked bundle (gpu/make-bundle.sh copies this file to hepml-gpu/run.sh) on a machine
# with Python's torch (CUDA) and a C++20 compiler, no Maven, no network:
#   1. builds DJL 0.32's PyTorch JNI against the local torch (gpu/build-jni.sh, with the bundle's runtime for jni.h);
#   2. points DJL at it and at the torch's libtorch (gpu/djl-env.sh): no natives jar, nothing downloaded;
#   3. trains bench/training's MLP (4-64-64-64-1 tanh, Adam 1e-3, weighted BCE, 200k events) with hepml's engine on the
#      device and with PyTorch, alternating which goes first round by round, from the same initial weights on the same
#      batches, at each batch size; prints the speed ratio and the agreement of the per-epoch losses (compare.py).
# Usage: run.sh [--cpu] [--rounds R] [--epochs E] [--batches "256 4096"] [--events N]
#   PYTHON (default python3): the Python with torch; CXX (default g++). Last line: one JSON object, which
#   `python3 bench/record.py gpu-training` records in a checkout (bench/gpu/run.sh does that).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
DEVICE=cuda ROUNDS=3 EPOCHS=4 BATCHES="256 4096" EVENTS=200000
while (($#)); do
  case $1 in
    --cpu) DEVICE=cpu; shift ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --epochs) EPOCHS=$2; shift 2 ;;
    --batches) BATCHES=$2; shift 2 ;;
    --events) EVENTS=$2; shift 2 ;;
    *) echo "run.sh: unknown option '$1' (have --cpu, --rounds R, --epochs E, --batches \"B ...\", --events N)" >&2; exit 2 ;;
  esac
done
((EPOCHS >= 2)) || { echo "run.sh: --epochs must be at least 2 (the first epoch is start-up, not timed)" >&2; exit 2; }
PYTHON=${PYTHON:-python3}
export JAVA_HOME=$HERE/runtime
JAVA=$JAVA_HOME/bin/java
WORK=$HERE/work
mkdir -p "$WORK"

if [ "$DEVICE" = cuda ]; then
  "$PYTHON" -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)' 2>/dev/null || {
    echo "run.sh: '$PYTHON' has no torch that sees a CUDA GPU (torch.cuda.is_available() is false); use --cpu to check on the CPU" >&2
    exit 1
  }
fi
t0=$(date +%s)
PYTHON=$PYTHON "$HERE/gpu/build-jni.sh" "$WORK/jni"
t1=$(date +%s)
# shellcheck disable=SC1091
. "$HERE/gpu/djl-env.sh" "$WORK/jni" "$DEVICE"
JVM=(-Xmx4g -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$HERE/lib/*")
export OMP_WAIT_POLICY=PASSIVE MKL_DYNAMIC=FALSE OMP_DYNAMIC=FALSE # as ./hepml runs the kernel
HDEV=gpu; [ "$DEVICE" = cpu ] && HDEV=cpu
[ -s "$WORK/samples.bin" ] || "$JAVA" "${JVM[@]}" GpuCheck make "$WORK/samples.bin" "$EVENTS" 42

results=()
for batch in $BATCHES; do
  pairs=()
  for ((r = 1; r <= ROUNDS; r++)); do
    # the first round starts with hepml: it writes the INIT file (the same every round) that PyTorch reads
    order=(hepml torch); ((r % 2 == 0)) && order=(torch hepml)
    for peer in "${order[@]}"; do
      echo "== batch $batch round $r $peer" >&2
      if [ "$peer" = hepml ]; then
        "$JAVA" "${JVM[@]}" GpuCheck train "$WORK/samples.bin" "$HDEV" "$EPOCHS" "$batch" "$WORK/init-$batch.bin" | tee "$WORK/hepml-$batch-$r.txt" >&2
      else
        "$PYTHON" "$HERE/gpu/check/torch_check.py" "$WORK/samples.bin" "$WORK/init-$batch.bin" "$DEVICE" "$batch" 0 | tee "$WORK/torch-$batch-$r.txt" >&2
      fi
    done
    pairs+=("$WORK/hepml-$batch-$r.txt,$WORK/torch-$batch-$r.txt")
  done
  echo "== batch $batch control: PyTorch from weights moved by one rounding step" >&2
  "$PYTHON" "$HERE/gpu/check/torch_check.py" "$WORK/samples.bin" "$WORK/init-$batch.bin" "$DEVICE" "$batch" 1 | tee "$WORK/control-$batch.txt" >&2
  "$PYTHON" "$HERE/gpu/check/compare.py" --device "$DEVICE" --batch "$batch" --rounds "${pairs[@]}" --control "$WORK/control-$batch.txt" \
    | tee "$WORK/compare-$batch.txt" >&2 || true
  results+=("$WORK/compare-$batch.txt")
done
# one JSON line: every batch size's comparison, the headline ratios and whether all losses agreed
"$PYTHON" - "$((t1 - t0))" "$DEVICE" "${results[@]}" <<'EOF'
import json, sys
build_s, device, files = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
per = [json.loads(open(f).read().strip().splitlines()[-1]) for f in files]
out = {"device": device, "jni_build_s": build_s, "losses_agree": all(p["losses_agree"] for p in per)}
for p in per:
    out[f"ratio_b{p['batch']}"] = p["ratio_hepml_over_torch"]
    out[f"max_loss_diff_b{p['batch']}"] = max(p["loss_abs_diff"])
out["gpu"] = next((i.split(" device ", 1)[1].split(" events")[0] for i in per[0]["torch_info"] if " device " in i), "")
out["batches"] = per
print(json.dumps(out))
sys.exit(0 if out["losses_agree"] else 1)
EOF
