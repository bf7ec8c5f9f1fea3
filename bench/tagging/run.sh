#!/usr/bin/env bash
# Issue 18's open lines (docs/TAGGING.md). Tables on stderr, figures recorded in bench/results/tagging-*.json.
# Usage: bench/tagging/run.sh compare [NTRAIN NTEST SAMPLES EPOCHS M INIT_SEEDS]  (default 8000 20000 4 15 40 4)
#          observables MLP, EFN, PFN (z) and PFN (pT in GeV) on SAMPLES independent (training, test) pairs, their
#          paired margins over the MLP, and the Tagger's over-seed error against the spread over independent pairs
#        bench/tagging/run.sh info [NTRAIN NTEST SAMPLES EPOCHS]                  (default 12000 10000 4 25)
#          MLPs on the mass, the five observables, and the five plus the three subjets' pair masses
#        bench/tagging/run.sh bayes [NTRAIN NTEST TRAININGS EPOCHS]               (default 3000 2000 4 15)
#          the Bayesian PFN's sigma and sigma/sqrt(mu(1-mu)) inside the training pT and on shifted jets
# Samples and trainings run as separate JVMs side by side (DJL lets one network train per process at a time), at most
# JOBS at once (default 3), one intra-op thread each. MODELS=mlp,pfn trains only those (besides mlp, efn, pfn, pfn-pt:
# pfn-rich, the PFN on (z, y, phi, ln z, r); mlp-ensK, pfn-ensK, ensembles of K by their mean logit); SIM=first uses the simulator's
# first model (TopQcdJets.flavouredHadronisation(false), no QCD b jets, standardModelW(false)), SIM=bhadrons the second
# (standardModelW(false): the W isotropic, its quarks showering one by one); PHI, LATENT, F size the particle networks; PATIENCE=N
# another early-stopping patience (0: never); FIRST=k (compare) adds samples k, k+1, ... to an earlier run's; TAG=x writes
# bench/out/tagging-x and bench/results/tagging-compare-x.json (another size beside the default one).
set -euo pipefail
cd "$(dirname "$0")/../.."
MODE=${1:-compare}; shift || true
OUT=bench/out/tagging${TAG:+-$TAG}
mkdir -p "$OUT"
mvn -q -B -ntp -o -pl engine compile dependency:build-classpath -Dmdep.outputFile="$PWD/$OUT/cp.txt" >/dev/null
CP="engine/target/classes:$(cat "$OUT/cp.txt")"
JOBS=${JOBS:-3}
bench() {
  java -Xmx3g -Dai.djl.offline=true "-DDJL_CACHE_DIR=$PWD/.cache/djl" -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
    "-Dmodels=${MODELS:-mlp,efn,pfn,pfn-pt}" "-Dsim=${SIM:-default}" "-Dphi=${PHI:-64,64}" "-Dlatent=${LATENT:-32}" "-Df=${F:-64,64}" ${PATIENCE:+"-Dpatience=$PATIENCE"} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error \
    -cp "$CP" bench/tagging/TaggerBench.java "$@" 2> >(grep -v -e "Warning: AutoNonVariableTypeMode" -e $'\r' >&2)
}
throttle() { while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do sleep 2; done; }
# record.py reads the load when the summary reaches it, at the end: the run's starting load travels in the figures
export LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "load-start $LOAD_START" >&2
case "$MODE" in
  compare)
    NTRAIN=${1:-8000}; NTEST=${2:-20000}; SAMPLES=${3:-4}; EPOCHS=${4:-15}; M=${5:-40}; INIT=${6:-4}
    # FIRST=k adds samples k..k+SAMPLES-1 to the ones already in $OUT (the same TAG and settings) and summarises them all
    FIRST=${FIRST:-0}
    [ "$FIRST" -eq 0 ] && rm -f "$OUT"/sample-*.json "$OUT"/init.json
    [ "$INIT" -gt 1 ] && { throttle; bench init "$INIT" "$NTRAIN" "$NTEST" "$EPOCHS" "$M" > "$OUT/init.json" & }
    for k in $(seq "$FIRST" $((FIRST + SAMPLES - 1))); do throttle; bench sample "$k" "$NTRAIN" "$NTEST" "$EPOCHS" "$M" > "$OUT/sample-$k.json" & done
    wait
    python3 bench/tagging/summarise.py compare "$OUT" "$NTRAIN" "$NTEST" "$EPOCHS" "$M" | python3 bench/record.py "tagging-compare${TAG:+-$TAG}" ;;
  info)
    bench info "${1:-12000}" "${2:-10000}" "${3:-4}" "${4:-25}" | python3 bench/record.py "tagging-info${TAG:+-$TAG}" ;;
  bayes)
    NTRAIN=${1:-3000}; NTEST=${2:-2000}; TRAININGS=${3:-4}; EPOCHS=${4:-15}
    rm -f "$OUT"/bayes-*.json
    for k in $(seq 0 $((TRAININGS - 1))); do throttle; bench bayes "$k" "$NTRAIN" "$NTEST" "$EPOCHS" > "$OUT/bayes-$k.json" & done
    wait
    python3 bench/tagging/summarise.py bayes "$OUT" "$NTRAIN" "$NTEST" "$EPOCHS" | python3 bench/record.py tagging-bayes ;;
  *) echo "bench/tagging/run.sh compare|info|bayes [...]" >&2; exit 2 ;;
esac
