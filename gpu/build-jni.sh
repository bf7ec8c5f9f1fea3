#!/usr/bin/env bash
# Builds DJL 0.32.0's PyTorch JNI (libdjl_torch.so) against the libtorch inside an installed pip `torch` wheel, so the
# hepml engine can run on that torch (CPU or CUDA) without DJL's natives jars and without a network.
#
# Usage: gpu/build-jni.sh [OUT_DIR]                         (default OUT_DIR: gpu/build)
#   PYTHON      a Python whose `import torch` works (default: python3); its torch's include/ and lib/ are used
#   JAVA_HOME   a JDK or jlink'd runtime with include/jni.h (default: the one `java` on PATH belongs to)
#   JOBS        parallel compiles (default: nproc); CXX (default: g++)
# Needs: a C++20 compiler (torch 2.15's headers demand C++20; DJL 0.32's sources, written for 2.5.1 as C++17, compile unchanged as C++20) (Debian: `apt-get install g++`), nothing else: no cmake, no CUDA toolkit, no Maven.
# Writes OUT_DIR/libdjl_torch.so and OUT_DIR/torch.env (the variables that point DJL at it; gpu/djl-env.sh reads it).
#
# Why not the wheel's CMake config (torch.utils.cmake_prefix_path): for a CUDA wheel, find_package(Torch) demands the
# CUDA toolkit (nvcc, cudart headers), which a machine with only `pip install torch` lacks. The JNI needs none of it:
# it is compiled without DJL's USE_CUDA (that flag only adds cudaEmptyCache and a separate inference stream), links
# libtorch/libtorch_cpu/libc10, and CUDA tensors work through libtorch's device dispatch at run time.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:-$HERE/build}
mkdir -p "$OUT" && OUT=$(cd "$OUT" && pwd) # absolute: torch.env is read from other folders
PYTHON=${PYTHON:-python3}
CXX=${CXX:-g++}
JOBS=${JOBS:-$(nproc)}

die() { echo "build-jni: $*" >&2; exit 1; }
# CUDA_VISIBLE_DEVICES= : reading torch's paths and flags must not initialise a GPU
# CUDART: the CUDA runtime a CUDA wheel loads on import (from its nvidia-* packages); DJL's GPU count asks it by name
read -r TORCH_DIR TORCH_VERSION ABI CUDA_VERSION CUDART TORCH_FULL < <(CUDA_VISIBLE_DEVICES= "$PYTHON" -c '
import os, torch
maps = [l.split()[-1] for l in open("/proc/self/maps") if "/libcudart.so" in l]
print(os.path.dirname(torch.__file__), torch.__version__.split("+")[0], int(torch._C._GLIBCXX_USE_CXX11_ABI),
      (torch.version.cuda or "none").replace(".", ""), maps[0] if maps else "none", torch.__version__)' 2>/dev/null) \
  || die "'$PYTHON' cannot import torch (set PYTHON to a Python with torch installed)"
[ -f "$TORCH_DIR/include/torch/script.h" ] || die "$TORCH_DIR/include has no torch/script.h: this torch has no C++ headers"
[ -f "$TORCH_DIR/lib/libtorch.so" ] || die "$TORCH_DIR/lib has no libtorch.so"
if [ -z "${JAVA_HOME:-}" ]; then
  JAVA=$(command -v java) || die "no java on PATH and no JAVA_HOME (needed for include/jni.h)"
  JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$JAVA")")")
fi
[ -f "$JAVA_HOME/include/jni.h" ] || die "$JAVA_HOME/include/jni.h not found (set JAVA_HOME to a JDK or to the bundle's runtime)"

FLAVOR=cpu; [ "$CUDA_VERSION" != none ] && FLAVOR=cu$CUDA_VERSION
write_env() {
  cat > "$OUT/torch.env" <<EOF
TORCH_LIB=$TORCH_DIR/lib
TORCH_VERSION=$TORCH_VERSION
TORCH_FULL_VERSION=$TORCH_FULL
TORCH_CXX11_ABI=$ABI
TORCH_CUDA_FLAVOR=$FLAVOR
JNI=$OUT/libdjl_torch.so
CUDART=$CUDART
EOF
}
if ! command -v "$CXX" >/dev/null; then
  # no compiler: a JNI built elsewhere serves only the very same torch build (libtorch has no stable C++ ABI)
  PRE=${PREBUILT_JNI:-$HERE/prebuilt}
  if [ -f "$PRE/libdjl_torch.so" ] && [ "$(cat "$PRE/torch-version" 2>/dev/null)" = "$TORCH_FULL abi$ABI" ]; then
    cp "$PRE/libdjl_torch.so" "$OUT/libdjl_torch.so" && write_env
    echo "build-jni: no C++ compiler '$CXX'; using the JNI prebuilt for this exact torch ($TORCH_FULL) from $PRE" >&2
    exit 0
  fi
  die "no C++ compiler '$CXX' (needs C++20, e.g. g++ >= 10; Debian/Ubuntu: apt-get install g++; or set CXX), and no JNI prebuilt for torch $TORCH_FULL (C++11 ABI $ABI) in ${PREBUILT_JNI:-$HERE/prebuilt}"
fi
mkdir -p "$OUT/obj"
SRC=$HERE/jni/src/main/native
FLAGS=(-std=c++20 -O2 -fPIC -DNDEBUG "-D_GLIBCXX_USE_CXX11_ABI=$ABI" -w
       -I "$HERE/jni/include"
       -I "$TORCH_DIR/include" -I "$TORCH_DIR/include/torch/csrc/api/include"
       -I "$JAVA_HOME/include" -I "$JAVA_HOME/include/linux")
echo "build-jni: DJL 0.32.0 JNI against torch $TORCH_VERSION (CUDA $CUDA_VERSION, C++11 ABI $ABI) in $TORCH_DIR, $JOBS jobs" >&2
# one compile per source file, JOBS at a time; the objects of an earlier build are kept only for the same torch
STAMP="$TORCH_DIR $TORCH_VERSION $ABI $($CXX --version | head -1) $(cat "$SRC"/* | cksum)"
if [ "$(cat "$OUT/obj/stamp" 2>/dev/null)" != "$STAMP" ]; then rm -f "$OUT"/obj/*.o; fi
printf '%s\n' "$SRC"/*.cc | xargs -P "$JOBS" -I{} sh -c '
  o="$0/obj/$(basename "{}" .cc).o"
  [ -s "$o" ] || { "$1" '"$(printf '%q ' "${FLAGS[@]}")"' -c "{}" -o "$o.tmp" && mv "$o.tmp" "$o"; } || { echo "build-jni: FAILED {}" >&2; exit 255; }
' "$OUT" "$CXX" || die "a source did not compile against torch $TORCH_VERSION (see the compiler's message above)"
echo "$STAMP" > "$OUT/obj/stamp"
# libtorch.so pulls libtorch_cuda.so where the wheel has CUDA; DJL loads all of them itself before the JNI
"$CXX" -shared -o "$OUT/libdjl_torch.so.tmp" "$OUT"/obj/*.o -L "$TORCH_DIR/lib" -ltorch -ltorch_cpu -lc10 \
  -Wl,--no-as-needed -Wl,-rpath,"$TORCH_DIR/lib"
mv "$OUT/libdjl_torch.so.tmp" "$OUT/libdjl_torch.so"
write_env
echo "build-jni: wrote $OUT/libdjl_torch.so ($(du -k "$OUT/libdjl_torch.so" | cut -f1) KiB) and $OUT/torch.env" >&2
