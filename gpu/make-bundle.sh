#!/usr/bin/env bash
# Makes gpu/bundle/hepml-gpu.tar.xz: everything the GPU check needs on a machine that has Python's torch (with CUDA)
# but no Maven, no JDK and no network, in under 64 MiB (checked here; the libtorch it links to is the target's own):
#   runtime/   a jlink'd Java 17 runtime with only the modules the jars use (jdeps), its include/jni.h kept for the JNI
#   lib/       the hepml engine jar and its runtime dependencies WITHOUT DJL's natives (pytorch-native-*: libtorch;
#              pytorch-jni: a JNI built for libtorch 2.5.1); native libraries inside jars kept for linux-x86-64 only;
#              hepml-gpucheck.jar (gpu/check/GpuCheck.java compiled)
#   gpu/       build-jni.sh, djl-env.sh, jni/ (DJL 0.32.0's JNI sources), check/ (torch_check.py, compare.py),
#              prebuilt/ (the JNI built here, for a target without a compiler that has this very torch build)
#   run.sh     on the target: builds the JNI against the local torch, points DJL at it offline, runs the GPU check
# Jars are repacked uncompressed so that xz compresses across classes (fastutil's 56 MB of classes: ~4 MB).
# Usage: gpu/make-bundle.sh           Needs: Maven (this checkout's engine), a JDK 17 with jlink/jdeps, python3, xz.
set -euo pipefail
cd "$(dirname "$0")/.."
LIMIT=$((64 * 1024 * 1024))
OUT=gpu/bundle
STAGE=$OUT/hepml-gpu
rm -rf "$STAGE" && mkdir -p "$STAGE/lib" "$STAGE/gpu/check"

echo "== engine jar and its runtime dependencies" >&2
mvn -B -ntp -q -pl engine package -DskipTests
mvn -B -ntp -q -pl engine dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile="$PWD/$OUT/cp.txt" >/dev/null
ENGINE_JAR=$(ls engine/target/hepml-engine-*.jar | grep -v -e sources -e javadoc | head -1)
mapfile -t JARS < <(tr ':' '\n' < "$OUT/cp.txt" | grep -v -e '/pytorch-native' -e '/pytorch-jni/')
JARS+=("$ENGINE_JAR")

echo "== the GPU check" >&2
CLASSES=$(mktemp -d)
trap 'rm -rf "$CLASSES"' EXIT
javac --release 17 -d "$CLASSES" -cp "$(IFS=:; echo "${JARS[*]}")" gpu/check/GpuCheck.java
jar --create --file "$STAGE/lib/hepml-gpucheck.jar" -C "$CLASSES" .

echo "== jars, repacked uncompressed, other platforms' native libraries left out" >&2
python3 - "$STAGE/lib" "${JARS[@]}" <<'EOF'
import os, re, sys, zipfile
out, jars = sys.argv[1], sys.argv[2:]
native = re.compile(r"\.(so(\.\d+)*|dll|dylib|jnilib|a)$")
ours = re.compile(r"linux[-/_]?(x86[-_]64|amd64)(/|$)", re.I)
dropped = 0
for j in jars:
    with zipfile.ZipFile(j) as src, zipfile.ZipFile(os.path.join(out, os.path.basename(j)), "w", zipfile.ZIP_STORED) as dst:
        names = [i for i in src.infolist() if not (native.search(i.filename) and not ours.search(i.filename))]
        removed = len(src.infolist()) - len(names)
        dropped += removed
        for i in names:
            # a jar we changed loses its signature files: they would no longer match
            if removed and re.match(r"META-INF/[^/]+\.(SF|RSA|DSA|EC)$", i.filename):
                continue
            dst.writestr(i, src.read(i), compress_type=zipfile.ZIP_STORED)
print(f"{len(jars)} jars, {dropped} native libraries of other platforms left out", file=sys.stderr)
EOF

echo "== Java runtime (jlink)" >&2
MODULES=$(for j in "$STAGE"/lib/*.jar; do jdeps -s --multi-release 17 "$j" 2>/dev/null | grep -oE '\-> (java|jdk)\.[a-z.]+' | cut -c4-; done | sort -u | paste -sd,)
echo "modules: $MODULES" >&2
# not --compress: xz compresses the plain module image better; headers kept (jni.h, for building the JNI there)
jlink --add-modules "$MODULES" --strip-debug --no-man-pages --output "$STAGE/runtime"

echo "== scripts and sources" >&2
cp gpu/build-jni.sh gpu/djl-env.sh "$STAGE/gpu/"
cp -r gpu/jni "$STAGE/gpu/"
cp gpu/check/torch_check.py gpu/check/compare.py gpu/check/GpuCheck.java "$STAGE/gpu/check/"
cp gpu/bundle-run.sh "$STAGE/run.sh"
# for a target without a C++ compiler: the JNI built here (gpu/test-here.sh or gpu/build-jni.sh), used there only if
# its torch is the very same build (version string and C++ ABI)
if [ -f gpu/build/torch.env ] && grep -q '^TORCH_FULL_VERSION=' gpu/build/torch.env; then
  mkdir -p "$STAGE/gpu/prebuilt"
  cp gpu/build/libdjl_torch.so "$STAGE/gpu/prebuilt/"
  (. gpu/build/torch.env && echo "$TORCH_FULL_VERSION abi$TORCH_CXX11_ABI") > "$STAGE/gpu/prebuilt/torch-version"
  echo "prebuilt JNI for torch $(cat "$STAGE/gpu/prebuilt/torch-version")" >&2
fi
cp docs/GPU.md "$STAGE/README.md"
git rev-parse HEAD > "$STAGE/COMMIT" 2>/dev/null || true

echo "== archive" >&2
RAW=$(du -sb "$STAGE" | cut -f1)
tar -C "$OUT" -cf - hepml-gpu | xz -T0 -6 > "$OUT/hepml-gpu.tar.xz.tmp"
mv "$OUT/hepml-gpu.tar.xz.tmp" "$OUT/hepml-gpu.tar.xz"
SIZE=$(stat -c %s "$OUT/hepml-gpu.tar.xz")
python3 -c 'import sys; s, r, rt, lib = (int(v) / 2**20 for v in sys.argv[2:]); print(f"bundle {sys.argv[1]}: {s:.1f} MiB (unpacked {r:.1f} MiB: runtime {rt:.1f}, lib {lib:.1f}); limit 64 MiB", file=sys.stderr)' \
  "$OUT/hepml-gpu.tar.xz" "$SIZE" "$RAW" "$(du -sb "$STAGE/runtime" | cut -f1)" "$(du -sb "$STAGE/lib" | cut -f1)"
echo "{\"bundle_bytes\": $SIZE, \"unpacked_bytes\": $RAW, \"limit_bytes\": $LIMIT, \"modules\": \"$MODULES\"}"
if ((SIZE >= LIMIT)); then
  echo "make-bundle: the bundle is $SIZE bytes, over the 64 MiB that may travel" >&2
  exit 1
fi
echo "Copy $OUT/hepml-gpu.tar.xz to the GPU machine; there: python3 -c \"import tarfile; tarfile.open('hepml-gpu.tar.xz').extractall()\" (or tar xJf), then hepml-gpu/run.sh" >&2
