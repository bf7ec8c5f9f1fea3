#!/usr/bin/env bash
# Is particle-level OmniFold's bootstrap error the spread it actually has? One TwoTuneJets simulation and K
# independent nature sets (Poisson(N) events), each unfolded as ParticleOmniFoldTest does (PFN classifiers on the
# particles, 3 iterations) with B bootstrap replicas. Prints, for the leading-jet mass (no classifier saw it) -- mean,
# width, bin contents, the triangular discriminator to the set's own truth and its improvement over the prior -- the
# actual sd over the K sets against the rms bootstrap error, with the ratio's standard error.
# Usage: bench/particle-unfolding-uncertainty/run.sh | python3 bench/record.py particle-unfolding-uncertainty
# env: N (4000), K (20), B (4), ITER (3), EPOCHS (6), PAD (32), LATENT (32), HIDDEN (32), BATCH (256), LR (2e-3), BINS (6),
#      THREADS (1)
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=bench/out/particle-unfolding-uncertainty
mkdir -p "$OUT"
mvn -q -B -ntp -o -pl engine compile dependency:build-classpath -Dmdep.outputFile="$PWD/$OUT/cp.txt" >/dev/null
rm -rf "$OUT/classes" && cp -r engine/target/classes "$OUT/classes" # a copy: rebuilding the engine mid-run must not change it
CP="$OUT/classes:$(cat "$OUT/cp.txt")"
echo "load at the start $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx3g -Dai.djl.offline=true "-DDJL_CACHE_DIR=$PWD/.cache/djl" -Dai.djl.pytorch.num_threads=${THREADS:-1} -Dai.djl.pytorch.num_interop_threads=1 \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error \
  -cp "$CP" bench/particle-unfolding-uncertainty/ParticleUncertaintyBench.java 2> >(grep -v "Warning: AutoNonVariableTypeMode" >&2)
echo "load at the end $(cut -d' ' -f1-3 /proc/loadavg)"
