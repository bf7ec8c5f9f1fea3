#!/usr/bin/env bash
# hepml's LHE loading now against an earlier commit of hepml, on the same file, in alternating rounds: the
# regression check for changes to the readers. Usage: bench/loading/compare.sh REVISION [ROUNDS] [EVENTS]
# Prints "lhe-load-vs-REV: ratio=R ours=... peer=..." (events/s, medians of the rounds; ratio > 1: now is faster).
set -euo pipefail
cd "$(dirname "$0")/../.."
REV=${1:?usage: compare.sh REVISION [ROUNDS] [EVENTS]}
ROUNDS=${2:-5}
EVENTS=${3:-100000}
OUT=bench/out/loading
mkdir -p "$OUT"
FILE=$OUT/ttbar_${EVENTS}.lhe
mvn -q -pl engine compile dependency:build-classpath -Dmdep.outputFile="$PWD/$OUT/cp.txt" >/dev/null
CP_NOW="engine/target/classes:$(cat "$OUT/cp.txt")"
[ -s "$FILE" ] || java -cp "$CP_NOW" bench/loading/MakeTtbarLhe.java "$FILE" "$EVENTS"

THEN=$OUT/then-$REV
if [ ! -d "$THEN/engine/target/classes" ]; then
  rm -rf "$THEN"
  git worktree add -q --detach "$THEN" "$REV"
  (cd "$THEN" && mvn -q -o -pl engine compile dependency:build-classpath -Dmdep.outputFile="$PWD/cp.txt" >/dev/null)
fi
CP_THEN="$THEN/engine/target/classes:$(cat "$THEN/cp.txt")"

now=(); then_=()
for ((r = 0; r < ROUNDS; r++)); do
  # alternate which side goes first, so a load change during the run hits both
  if ((r % 2 == 0)); then order=(now then); else order=(then now); fi
  for side in "${order[@]}"; do
    cp=$CP_NOW; [ "$side" = then ] && cp=$CP_THEN
    read -r N _ S _ < <(java -Xmx4g -cp "$cp" bench/loading/LoadBench.java "$FILE" 2)
    if [ "$side" = now ]; then now+=("$S"); else then_+=("$S"); fi
  done
done
python3 - "$N" "$REV" "${now[*]}" "${then_[*]}" <<'PY'
import json, statistics, sys
n, rev = int(sys.argv[1]), sys.argv[2]
now = [float(x) for x in sys.argv[3].split()]
then = [float(x) for x in sys.argv[4].split()]
ours, peer = n / statistics.median(now), n / statistics.median(then)
print(f"lhe-load-vs-{rev}: ratio={ours / peer:.2f} ours={ours:.0f} peer={peer:.0f}")
print(json.dumps({"name": f"lhe-load-vs-{rev}", "events": n, "rounds": len(now), "ours_events_per_s": round(ours),
                  "peer": f"hepml at {rev}", "peer_events_per_s": round(peer), "ratio": round(ours / peer, 3),
                  "ours_seconds": now, "peer_seconds": then}))
PY
