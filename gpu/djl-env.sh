# Sourced, not run: `. gpu/djl-env.sh BUILD_DIR [cpu|cuda]` points DJL 0.32's PyTorch engine, in every JVM started
# from this shell, at the JNI that gpu/build-jni.sh built into BUILD_DIR and at the libtorch of the torch wheel it was
# built against. Nothing is downloaded and no natives jar is needed (ai.djl.pytorch:pytorch-native-* may be absent).
#
# How DJL finds them (ai.djl.pytorch.jni.LibUtils, DJL 0.32.0; environment variables win over system properties):
#   PYTORCH_LIBRARY_PATH  the folder with libtorch.so: DJL loads every library in it, then libtorch_cpu/_cuda/libtorch
#   PYTORCH_VERSION       the version DJL reports and names its JNI folder by
#   PYTORCH_FLAVOR        cpu, or cuXYZ: with cu*, DJL also loads libc10_cuda and libtorch_cuda from that folder
#   ENGINE_CACHE_DIR      DJL looks for the JNI at $ENGINE_CACHE_DIR/pytorch/VERSION-FLAVOR-linux-x86_64/0.32.0-libdjl_torch.so
#                         (the wheel's own lib folder is the only earlier place, and it is left untouched)
# The second argument: cpu (default on a wheel without CUDA, or to run a CUDA wheel on its CPU only) or cuda.
_gpu_build=${1:?usage: . gpu/djl-env.sh BUILD_DIR [cpu|cuda]}
[ -f "$_gpu_build/torch.env" ] || { echo "djl-env: $_gpu_build/torch.env not found; run gpu/build-jni.sh $_gpu_build first" >&2; return 1; }
# shellcheck disable=SC1091
. "$_gpu_build/torch.env"
case ${2:-cpu} in
  cpu) _gpu_flavor=cpu ;;
  cuda)
    [ "$TORCH_CUDA_FLAVOR" != cpu ] || { echo "djl-env: the torch in $TORCH_LIB has no CUDA" >&2; return 1; }
    _gpu_flavor=$TORCH_CUDA_FLAVOR
    # DJL counts GPUs through JNA's dlopen("libcudart.so"); a pip wheel's CUDA runtime is only libcudart.so.NN in its
    # nvidia package folder, off the loader's path: a link by the plain name on LD_LIBRARY_PATH lets DJL find it
    if [ "${CUDART:-none}" != none ]; then
      mkdir -p "$_gpu_build/cudart" && ln -sf "$CUDART" "$_gpu_build/cudart/libcudart.so"
      export LD_LIBRARY_PATH=$(cd "$_gpu_build/cudart" && pwd)${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
    fi ;;
  *) echo "djl-env: the second argument is cpu or cuda, not '$2'" >&2; return 1 ;;
esac
export PYTORCH_LIBRARY_PATH=$TORCH_LIB PYTORCH_VERSION=$TORCH_VERSION PYTORCH_FLAVOR=$_gpu_flavor
export ENGINE_CACHE_DIR=$(cd "$_gpu_build" && pwd)/djl-cache # absolute: test JVMs run in other folders
mkdir -p "$ENGINE_CACHE_DIR/pytorch/$TORCH_VERSION-$_gpu_flavor-linux-x86_64"
cp -f "$JNI" "$ENGINE_CACHE_DIR/pytorch/$TORCH_VERSION-$_gpu_flavor-linux-x86_64/0.32.0-libdjl_torch.so"
unset _gpu_build _gpu_flavor
