#!/usr/bin/env bash
# hepml's LHE loading now against an earlier commit of hepml, on the same file, in alternating rounds (the order flips
# every round): the regression check for changes to the readers. Each round runs each side in a fresh JVM
# (bench/loading/LoadBench.java: a cold first load, then REPEATS more, of which all but the first count as warm). Extra JVM options for both sides in
# JAVA_OPTS (e.g. -XX:ActiveProcessorCount=1 for one core); GZ=1 loads the gzipped file; HEPMC3=1 the same events
# written as HepMC3 text (bench/loading/ToHepMC3.java); FILE=path loads that file instead.
# Usage: bench/loading/compare.sh REVISION [ROUNDS] [EVENTS] [REPEATS]   (defaults 5 100000 4)
# Prints a table and "lhe-load-vs-REV: ratio=R ours=... peer=..." (warm events per CPU-second; ratio > 1: now is
# faster), then one JSON line for bench/record.py.
set -euo pipefail
cd "$(dirname "$0")/../.."
REV=${1:?usage: compare.sh REVISION [ROUNDS] [EVENTS] [REPEATS]}
ROUNDS=${2:-5}
EVENTS=${3:-100000}
REPEATS=${4:-4}
OUT=bench/out/loading
mkdir -p "$OUT"
BENCH_FILE=$OUT/ttbar_${EVENTS}.lhe
mvn -q -pl engine compile dependency:build-classpath -Dmdep.outputFile="$PWD/$OUT/cp.txt" >/dev/null
# a copy of the classes, so that a build in this checkout during the run cannot change them
rm -rf "$OUT/classes-compare" && cp -r engine/target/classes "$OUT/classes-compare"
CP_NOW="$OUT/classes-compare:$(cat "$OUT/cp.txt")"
[ -s "$BENCH_FILE" ] || java -cp "$CP_NOW" bench/loading/MakeTtbarLhe.java "$BENCH_FILE" "$EVENTS"
FILE=${FILE:-$BENCH_FILE}
if [ "${HEPMC3:-0}" = 1 ]; then
  [ -s "${FILE%.lhe}.hepmc3" ] || java -Xmx4g -cp "$CP_NOW" bench/loading/ToHepMC3.java "$FILE" "${FILE%.lhe}.hepmc3"
  FILE=${FILE%.lhe}.hepmc3
fi
if [ "${GZ:-0}" = 1 ]; then
  [ -s "$FILE.gz" ] || gzip -k "$FILE"
  FILE=$FILE.gz
fi

THEN=$OUT/then-$REV
if [ ! -d "$THEN/engine/target/classes" ]; then
  rm -rf "$THEN"
  git worktree add -q --detach "$THEN" "$REV"
  (cd "$THEN" && mvn -q -o -pl engine compile dependency:build-classpath -Dmdep.outputFile="$PWD/cp.txt" >/dev/null)
fi
CP_THEN="$THEN/engine/target/classes:$(cat "$THEN/cp.txt")"

LOG=$OUT/compare-$(date +%s).txt
: > "$LOG"
for ((r = 0; r < ROUNDS; r++)); do
  # alternate which side goes first, so a load change during the run hits both
  if ((r % 2 == 0)); then order=(now then); else order=(then now); fi
  for side in "${order[@]}"; do
    cp=$CP_NOW; [ "$side" = then ] && cp=$CP_THEN
    java -Xmx4g ${JAVA_OPTS:-} -cp "$cp" bench/loading/LoadBench.java "$FILE" "$REPEATS" | sed "s/^/$side /" >> "$LOG"
  done
  echo "round $((r + 1))/$ROUNDS done (load $(cut -d' ' -f1 /proc/loadavg))" >&2
done
python3 - "$LOG" "$REV" "$FILE" "${JAVA_OPTS:-}" <<'PY'
import json, os, statistics, sys
log, rev, path, opts = sys.argv[1:5]
mb = os.path.getsize(path) / 1e6
runs, events = {}, set()
for line in open(log):
    if line.split()[1] == "init":  # SIDE init tablesaw WALL CPU: the same library on both sides
        continue
    side, _, k, wall, cpu, n, _ = line.split()  # SIDE load K WALL CPU EVENTS BYTES
    if k == "1":  # the second load in a JVM: the JIT is still compiling, neither cold nor warm
        continue
    runs.setdefault((side, "cold" if k == "0" else "warm"), []).append((float(wall), float(cpu)))
    events.add(int(n))
if len(events) != 1:
    sys.exit(f"the event counts differ: {sorted(events)}")
n = events.pop()
med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v)) for k, v in runs.items()}
print(f"{path}: {mb:.1f} MB, {n} events{', JVM options ' + opts if opts else ''}; medians")
for k in sorted(med):
    w, c = med[k]
    print(f"  {k[0]:4s} {k[1]}: {w:.3f} s wall ({mb / w:.0f} MB/s), {c:.3f} CPU-s ({mb / c:.0f} MB/CPU-s), {len(runs[k])} loads")
ratio = {f"{k}_{m}": round(med[("then", k)][i] / med[("now", k)][i], 3) for k in ("warm", "cold") for i, m in ((0, "wall"), (1, "cpu"))}
print(f"now against {rev}: warm {ratio['warm_cpu']:.2f}x per CPU-second, {ratio['warm_wall']:.2f}x wall; "
      f"cold {ratio['cold_cpu']:.2f}x per CPU-second, {ratio['cold_wall']:.2f}x wall")
ours, peer = n / med[("now", "warm")][1], n / med[("then", "warm")][1]
name = f"{'hepmc3' if '.hepmc3' in path else 'lhe'}-load{'-gz' if path.endswith('.gz') else ''}-vs-{rev}"
print(f"{name}: ratio={ours / peer:.2f} ours={ours:.0f} peer={peer:.0f}")
print(json.dumps({"name": name, "events": n, "file_bytes": os.path.getsize(path), "jvm_options": opts,
                  "rounds": len(runs[("now", "cold")]), "peer": f"hepml at {rev}",
                  "ours_events_per_cpu_s": round(ours), "peer_events_per_cpu_s": round(peer), "ratio": round(ours / peer, 3),
                  "ratios": ratio,
                  "now": {k: {"wall_s": round(w, 4), "cpu_s": round(c, 4)} for (s, k), (w, c) in med.items() if s == "now"},
                  "then": {k: {"wall_s": round(w, 4), "cpu_s": round(c, 4)} for (s, k), (w, c) in med.items() if s == "then"},
                  "now_seconds": runs[("now", "warm")], "then_seconds": runs[("then", "warm")]}))
PY
