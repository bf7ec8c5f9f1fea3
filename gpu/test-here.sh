#!/usr/bin/env bash
# Proves the GPU path on this (CPU) machine: builds DJL's JNI against the pip torch wheel (gpu/build-jni.sh), then runs
# the engine's network tests with DJL pointed at that JNI and at the wheel's libtorch, and DJL's own natives jars
# (pytorch-native-cpu with libtorch 2.5.1, pytorch-jni with its JNI) taken off the test classpath: a test passes
# only if the engine runs on the wheel's torch. Then the GPU check on the CPU, once: hepml and PyTorch from the same
# start on the same batches. Not part of ./hepml test (it compiles C++ for several minutes and needs torch).
# Usage: gpu/test-here.sh [TESTS]      TESTS: surefire's -Dtest list (default: every test of org.hepml.engine.nn)
#   TORCH_PYTHON  a Python with torch (default: ~/.cache/hepml/venv-torch/bin/python, the training bench's)
# Last line: one JSON object: gpu/test-here.sh | python3 bench/record.py gpu-bundle-here (after gpu/make-bundle.sh, so the
# bundle's size is in it).
set -euo pipefail
cd "$(dirname "$0")/.."
TESTS=${1:-TrainerTest,FusedMlpTest,FusedEnsembleTest,IntraOpThreadsTest,LossesTest,ModelFileTest,ValidationSplitTest,TrainingSettingsTest}
PY=${TORCH_PYTHON:-$HOME/.cache/hepml/venv-torch/bin/python}
BUILD=gpu/build
export CUDA_VISIBLE_DEVICES= # this proves the CPU use of the wheel; the GPU check proper runs from the bundle

t0=$(date +%s)
reused=0; [ -f "$BUILD/obj/stamp" ] && reused=1 # build-jni.sh keeps the objects of an earlier build for the same torch
PYTHON=$PY gpu/build-jni.sh "$BUILD"
t1=$(date +%s)
# shellcheck disable=SC1091
. gpu/djl-env.sh "$BUILD" cpu
echo "== engine tests ($TESTS) on torch $PYTORCH_VERSION from $PYTORCH_LIBRARY_PATH, without DJL's natives jars" >&2
rm -rf engine/target/surefire-reports
status=0
mvn -B -ntp -q -pl engine test "-Dtest=$TESTS" -Dsurefire.failIfNoSpecifiedTests=false \
  -Dmaven.test.dependency.excludes=ai.djl.pytorch:pytorch-native-cpu,ai.djl.pytorch:pytorch-jni >&2 || status=$?
t2=$(date +%s)
read -r tests failures errors skipped < <(python3 - <<'EOF'
import glob, xml.etree.ElementTree as ET
t = [0, 0, 0, 0]
for f in glob.glob("engine/target/surefire-reports/TEST-*.xml"):
    r = ET.parse(f).getroot()
    for i, k in enumerate(("tests", "failures", "errors", "skipped")):
        t[i] += int(r.get(k, 0))
print(*t)
EOF
)
# the proof needs DJL's own natives absent from the tests' classpath (surefire writes it into each report)
natives=$(cat engine/target/surefire-reports/TEST-*.xml 2>/dev/null | grep -o 'name="surefire.test.class.path" value="[^"]*"' \
  | tr ':' '\n' | grep -c -e pytorch-native -e pytorch-jni || true)
echo "== tests $tests, failures $failures, errors $errors, skipped $skipped (mvn exit $status); DJL natives jars on their classpath: $natives" >&2

# the GPU check's peers on the CPU: one round, batch 4096, 3 epochs, 1 thread each (the machine is shared)
mvn -B -ntp -q -pl engine dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile="$PWD/$BUILD/cp-all.txt" >/dev/null
CP="engine/target/classes:$(tr ':' '\n' < "$BUILD/cp-all.txt" | grep -v -e pytorch-native -e pytorch-jni | paste -sd:)"
mkdir -p "$BUILD/check"
javac -d "$BUILD/check" -cp "$CP" gpu/check/GpuCheck.java
[ -s "$BUILD/samples.bin" ] || java -cp "$BUILD/check:$CP" GpuCheck make "$BUILD/samples.bin" 200000 42
OMP_WAIT_POLICY=PASSIVE java -Xmx2g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$BUILD/check:$CP" GpuCheck train "$BUILD/samples.bin" cpu 3 4096 "$BUILD/init.bin" | tee "$BUILD/hepml.txt" >&2
OMP_NUM_THREADS=1 "$PY" gpu/check/torch_check.py "$BUILD/samples.bin" "$BUILD/init.bin" cpu 4096 0 | tee "$BUILD/torch.txt" >&2
OMP_NUM_THREADS=1 "$PY" gpu/check/torch_check.py "$BUILD/samples.bin" "$BUILD/init.bin" cpu 4096 1 | tee "$BUILD/control.txt" >&2
BUNDLE_BYTES=$(stat -c %s gpu/bundle/hepml-gpu.tar.xz 2>/dev/null || echo 0) # gpu/make-bundle.sh's archive, if made
python3 gpu/check/compare.py --device cpu --torch "$PYTORCH_VERSION" --bundle-bytes "$BUNDLE_BYTES" --jni-build-s $((t1 - t0)) --jni-objects-reused $reused --tests-s $((t2 - t1)) \
  --tests "$tests" --failures "$failures" --errors "$errors" --skipped "$skipped" --mvn-exit "$status" --natives-jars-on-test-classpath "$natives" \
  "$BUILD/hepml.txt" "$BUILD/torch.txt" "$BUILD/control.txt"
[ "$status" = 0 ] && [ "$tests" -gt 0 ] && [ "$natives" = 0 ]
