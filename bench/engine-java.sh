# Sourced by bench scripts that run one Java file against the engine's classes (bash; set -euo pipefail before).
# engine_java OUT FILE.java [JVM options...]: builds the engine offline, copies its classes to OUT/classes (a copy:
# rebuilding the engine while a long run is going must not change it), prints the load at the start and the end, and
# runs FILE with THREADS intra-op threads (default 1) and one inter-op thread, DJL offline and quiet.
engine_java() {
  local out=$1 file=$2; shift 2
  mkdir -p "$out"
  mvn -q -B -ntp -o -pl engine compile dependency:build-classpath -Dmdep.outputFile="$PWD/$out/cp.txt" >/dev/null
  rm -rf "$out/classes" && cp -r engine/target/classes "$out/classes"
  echo "load at the start $(cut -d' ' -f1-3 /proc/loadavg)"
  java "$@" -Dai.djl.offline=true "-DDJL_CACHE_DIR=$PWD/.cache/djl" -Dai.djl.pytorch.num_threads="${THREADS:-1}" \
    -Dai.djl.pytorch.num_interop_threads=1 -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error -cp "$out/classes:$(cat "$out/cp.txt")" "$file" \
    2> >(grep -v "Warning: AutoNonVariableTypeMode" >&2)
  echo "load at the end $(cut -d' ' -f1-3 /proc/loadavg)"
}
